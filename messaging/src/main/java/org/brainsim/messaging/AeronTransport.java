package org.brainsim.messaging;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.System.Logger;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Carries frames between nodes over Aeron: owns an embedded media driver, one Aeron client, one
 * receiver thread that polls every local subscription, and one publication per destination
 * (channel, stream), shared by every sender to that destination.
 *
 * <p>Destinations on this machine use {@code aeron:ipc}; destinations on other machines use
 * {@code aeron:udp} to their endpoint ({@link #sender(String, int)}). A node subscribes with
 * {@link #subscribe(int, FrameHandler)} on IPC and, when this transport has a UDP endpoint, on UDP too.
 *
 * <p>{@link #close()} stops the receiver thread, closes publications, subscriptions and client, shuts
 * the driver down and deletes its directory: no threads, mapped files or directories stay behind.
 *
 * <p>Thread-safe.
 */
public final class AeronTransport implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(AeronTransport.class.getName());
    /** How long driver and client wait for each other's keepalive before giving up. */
    static final long LIVENESS_TIMEOUT_MS = 60_000;

    private final TransportContext ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final FrameCodec codec;
    private final TransportCounters counters = new TransportCounters();
    private final ReceiverAgent receiverAgent;
    private final AgentRunner receiverRunner;
    private final Map<String, FrameSender> senders = new ConcurrentHashMap<>();
    private ObjectName mbeanName;
    private volatile boolean closed;

    private AeronTransport(final TransportContext ctx)
    {
        this.ctx = ctx;
        this.codec = new FrameCodec(ctx.maxFrameBytes());
        final MediaDriver.Context driverCtx = new MediaDriver.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            // Two cores: the driver must not spin. Back off to short parks when idle.
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 50_000))
            .ipcTermBufferLength(ctx.termBufferLengthBytes())
            .publicationTermBufferLength(ctx.termBufferLengthBytes())
            .termBufferSparseFile(true)
            .spiesSimulateConnection(false)
            // Driver and client share this JVM: a long GC or a starved core (two cores, a busy test
            // fork) must not make the driver drop its client after Aeron's 10 s default (the client's own
            // patience is its driverTimeoutMs below).
            .clientLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LIVENESS_TIMEOUT_MS))
            .publicationUnblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LIVENESS_TIMEOUT_MS + 15_000));
        MediaDriver launched = null;
        Aeron client = null;
        try
        {
            launched = MediaDriver.launch(driverCtx);
            client = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(launched.aeronDirectoryName())
                .clientName("brainsim")
                .driverTimeoutMs(LIVENESS_TIMEOUT_MS)
                // Aeron's default handler calls System.exit on a driver timeout, which kills a run
                // (and a test fork) without flushing anything. Log instead: the client closes itself,
                // the next send fails with LinkFailedException and the run stops cleanly.
                .errorHandler(AeronTransport::onClientError));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, launched);
            throw ex;
        }
        this.driver = launched;
        this.aeron = client;
        this.receiverAgent = new ReceiverAgent(ctx.fragmentLimit());
        this.receiverRunner = new AgentRunner(
            // Lockstep frames come every few tens of µs: yield (which gives the core to a runnable region) for a
            // while before parking, since a park sleeps ≥ 50 µs on Linux (timer slack), a step's latency. With 20
            // yields the evidence scenario spent ~0.03 s of its 0.39 s per trial waiting here (docs/benchmarks.md).
            new BackoffIdleStrategy(50, 200, 1_000, 50_000),
            t -> LOG.log(Logger.Level.ERROR, "receiver thread error", t),
            null,
            receiverAgent);
        AgentRunner.startOnThread(receiverRunner);
    }

    static void onClientError(final Throwable error)
    {
        LOG.log(Logger.Level.ERROR, "Aeron client error" + (error instanceof DriverTimeoutException
            ? " (the media driver stopped answering: frames can no longer be sent)" : ""), error);
    }

    /**
     * Launches a transport with its own embedded media driver.
     *
     * @param ctx settings; concluded here.
     */
    public static AeronTransport launch(final TransportContext ctx)
    {
        return new AeronTransport(ctx.conclude());
    }

    /** @return a transport with default settings: IPC only, a fresh driver directory. */
    public static AeronTransport launch()
    {
        return launch(new TransportContext());
    }

    /** @return the settings this transport runs with. */
    public TransportContext context()
    {
        return ctx;
    }

    /** @return the codec frames are encoded with; shared, thread-safe. */
    public FrameCodec codec()
    {
        return codec;
    }

    /** @return live counters of this transport. */
    public TransportCounters counters()
    {
        return counters;
    }

    /** @return the Aeron client's settings, for tests. */
    Aeron.Context clientContext()
    {
        return aeron.context();
    }

    /** @return the embedded driver's settings, for tests. */
    MediaDriver.Context driverContext()
    {
        return driver.context();
    }

    /** @return the embedded driver's directory (deleted on {@link #close()}). */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    /**
     * Subscribes a node to its stream. The handler runs on the receiver thread.
     *
     * @param streamId the node's stream id; every sender to this node uses it.
     * @param handler  takes each decoded frame; must not block.
     */
    public FrameSubscription subscribe(final int streamId, final FrameHandler handler)
    {
        ensureOpen();
        final FrameReceiver ipc = new FrameReceiver(aeron.addSubscription(Channels.IPC, streamId), codec, handler,
            counters);
        final FrameSubscription subscription;
        if (ctx.udpEndpoint() != null)
        {
            final FrameReceiver udp = new FrameReceiver(
                aeron.addSubscription(Channels.udp(ctx.udpEndpoint()), streamId), codec, handler, counters);
            receiverAgent.add(ipc);
            receiverAgent.add(udp);
            subscription = new FrameSubscription(receiverAgent, streamId, ipc, udp);
        }
        else
        {
            receiverAgent.add(ipc);
            subscription = new FrameSubscription(receiverAgent, streamId, ipc);
        }
        return subscription;
    }

    /**
     * A sender to a node on this machine.
     *
     * @param streamId the destination node's stream id.
     */
    public FrameSender localSender(final int streamId)
    {
        return sender(null, streamId);
    }

    /**
     * A sender to a node's stream, over IPC when {@code udpEndpoint} is {@code null} (same machine) and
     * over UDP to that {@code host:port} otherwise. Senders are cached: one publication per destination.
     * Waits up to the connect timeout for the destination to subscribe.
     *
     * @throws IllegalStateException when the destination does not subscribe in time.
     */
    public FrameSender sender(final String udpEndpoint, final int streamId)
    {
        ensureOpen();
        final String channel = udpEndpoint == null ? Channels.IPC : Channels.udp(udpEndpoint);
        return senders.computeIfAbsent(channel + "|" + streamId, key ->
        {
            final Publication publication = aeron.addPublication(channel, streamId);
            return new FrameSender(publication, codec, counters, ctx.offerTimeoutNs());
        });
    }

    /**
     * Waits until {@code sender} sees a subscriber.
     *
     * @return whether it connected within the connect timeout.
     */
    public boolean awaitConnected(final FrameSender sender) throws InterruptedException
    {
        return awaitConnected(sender, () -> false);
    }

    /**
     * Waits until {@code sender} sees a subscriber, or the connect timeout passes, or {@code giveUp} says so
     * (polled every millisecond: a peer was lost, the run was cancelled).
     *
     * @return whether it connected.
     */
    public boolean awaitConnected(final FrameSender sender, final java.util.function.BooleanSupplier giveUp)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + ctx.connectTimeoutNs();
        while (!sender.isConnected())
        {
            if (System.nanoTime() - deadline > 0 || giveUp.getAsBoolean())
            {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Registers the counters as {@code org.brainsim:type=Transport,name=<name>} on the platform
     * MBean server; unregistered on {@link #close()}.
     */
    public void registerMBean(final String name)
    {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try
        {
            final ObjectName objectName = new ObjectName("org.brainsim:type=Transport,name=" + ObjectName.quote(name));
            server.registerMBean(new TransportMXBeanImpl(), objectName);
            this.mbeanName = objectName;
        }
        catch (final InstanceAlreadyExistsException ex)
        {
            throw new IllegalStateException("a transport named " + name + " is already registered", ex);
        }
        catch (final JMException ex)
        {
            throw new IllegalStateException("cannot register transport MBean " + name, ex);
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("transport closed");
        }
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (mbeanName != null)
        {
            try
            {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            }
            catch (final JMException ex)
            {
                LOG.log(Logger.Level.WARNING, "cannot unregister " + mbeanName, ex);
            }
        }
        // The runner's close joins the receiver thread, whose onClose closes every subscription.
        CloseHelper.close(receiverRunner);
        senders.clear();
        CloseHelper.closeAll(aeron, driver);
    }

    private final class TransportMXBeanImpl implements TransportMXBean
    {
        @Override
        public long getFramesSent()
        {
            return counters.framesSent();
        }

        @Override
        public long getBytesSent()
        {
            return counters.bytesSent();
        }

        @Override
        public long getFramesReceived()
        {
            return counters.framesReceived();
        }

        @Override
        public long getBytesReceived()
        {
            return counters.bytesReceived();
        }

        @Override
        public long getBackPressureRetries()
        {
            return counters.backPressureRetries();
        }

        @Override
        public long getNotConnectedRetries()
        {
            return counters.notConnectedRetries();
        }

        @Override
        public long getFramesDropped()
        {
            return counters.framesDropped();
        }

        @Override
        public long getMalformedFrames()
        {
            return counters.malformedFrames();
        }

        @Override
        public long getUnroutedFrames()
        {
            return counters.unroutedFrames();
        }

        @Override
        public String getAeronDirectory()
        {
            return driver.aeronDirectoryName();
        }
    }
}
