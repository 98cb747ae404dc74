package org.brainsim.regions.lockstep;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.brainsim.messaging.AeronTransport;
import org.brainsim.messaging.FrameSender;
import org.brainsim.messaging.FrameSubscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A graph of lockstep nodes run in this JVM: one actor per node on its own dispatcher, every frame
 * through an embedded Aeron driver over IPC, exactly as across machines but for the channel.
 *
 * <pre>{@code
 * LocalGraph graph = LocalGraph.builder()
 *     .node("a", kernelA, observerA, "Region")
 *     .node("b", kernelB, StepObserver.NONE, "Region")
 *     .link("a", "b", 2)          // link ids are given in call order: 0, 1, …
 *     .link("b", "a", 1)
 *     .build();
 * GraphReport report = graph.run(new GraphSettings(1000));
 * }</pre>
 *
 * <p>A graph runs once. Not thread-safe to build; {@link Running} is thread-safe.
 */
public final class LocalGraph
{
    /** Default lockstep window: steps a producer may run ahead of its slowest consumer. */
    public static final int DEFAULT_WINDOW_STEPS = GraphSettings.DEFAULT_WINDOW_STEPS;
    /** Base of node stream ids: node {@code i} receives on stream {@code FIRST_STREAM_ID + i}. */
    public static final int FIRST_STREAM_ID = 1000;

    /** Starting a run was given up ({@link GraphSettings#abort()}). */
    public static final class StartAbortedException extends IllegalStateException
    {
        StartAbortedException(final String message)
        {
            super(message);
        }
    }

    private record NodeEntry(String name, NodeKernel kernel, StepObserver observer, String jmxType)
    {
    }

    private record LinkEntry(int id, String from, String to, int delaySteps, LinkKind kind)
    {
    }

    private final List<NodeEntry> nodes;
    private final List<LinkEntry> links;

    private LocalGraph(final List<NodeEntry> nodes, final List<LinkEntry> links)
    {
        this.nodes = nodes;
        this.links = links;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** Builds a graph; checks names, links and widths. */
    public static final class Builder
    {
        private final Map<String, NodeEntry> nodes = new LinkedHashMap<>();
        private final List<LinkEntry> links = new ArrayList<>();

        /**
         * @param name     unique node name.
         * @param kernel   what it computes; closed when the node stops.
         * @param observer sees every step's output on the node's thread.
         * @param jmxType  JMX type key ({@code Region} or {@code Input}).
         */
        public Builder node(final String name, final NodeKernel kernel, final StepObserver observer, final String jmxType)
        {
            if (nodes.putIfAbsent(name, new NodeEntry(name, kernel, observer, jmxType)) != null)
            {
                throw new IllegalArgumentException("node name: " + name + " (duplicate)");
            }
            return this;
        }

        /**
         * Adds a link; its id is the number of links added before it.
         */
        public Builder link(final String from, final String to, final int delaySteps)
        {
            return link(from, to, delaySteps, LinkKind.ACTIVITY);
        }

        /**
         * Adds a link of a kind: it carries the producer's output of that kind ({@link NodeKernel#port}).
         */
        public Builder link(final String from, final String to, final int delaySteps, final LinkKind kind)
        {
            links.add(new LinkEntry(links.size(), from, to, delaySteps, kind));
            return this;
        }

        public LocalGraph build()
        {
            int batch = -1;
            for (final NodeEntry node : nodes.values())
            {
                if (batch != -1 && node.kernel().batchSize() != batch)
                {
                    throw new IllegalArgumentException("node " + node.name() + ": batchSize " +
                        node.kernel().batchSize() + " (expected: " + batch + ", as every node)");
                }
                batch = node.kernel().batchSize();
            }
            for (final LinkEntry link : links)
            {
                for (final String end : List.of(link.from(), link.to()))
                {
                    if (!nodes.containsKey(end))
                    {
                        throw new IllegalArgumentException("link " + link.id() + ": node " + end + " (no such node; known: " +
                            nodes.keySet() + ")");
                    }
                }
                if (link.kind() != LinkKind.ACTIVITY && nodes.containsKey(link.from()) &&
                    nodes.get(link.from()).kernel().portWidth(link.kind()) < 1)
                {
                    throw new IllegalArgumentException("link " + link.id() + ": node " + link.from() +
                        " emits nothing on " + link.kind() + " links (port width 0), so it cannot feed this link");
                }
                if (link.delaySteps() < 1)
                {
                    throw new IllegalArgumentException("link " + link.id() + ": delaySteps " + link.delaySteps() +
                        " (expected: >= 1)");
                }
            }
            return new LocalGraph(List.copyOf(nodes.values()), List.copyOf(links));
        }
    }

    /**
     * Runs to the end.
     *
     * @throws GraphRunException when a node fails, the graph stalls or the run is cancelled.
     */
    public GraphReport run(final GraphSettings settings) throws GraphRunException, InterruptedException
    {
        try (Running running = start(settings))
        {
            return running.await();
        }
    }

    /**
     * Starts the run and returns at once.
     */
    public Running start(final GraphSettings settings)
    {
        return new Running(settings);
    }

    /** @return an upper bound on the bytes of a frame any node of this graph sends: its widest port, as floats. */
    private int largestFrameBytes()
    {
        long largest = 0;
        for (final NodeEntry node : nodes)
        {
            final NodeKernel k = node.kernel();
            long width = Math.max(k.width(), k.errorWidth());
            for (final LinkKind kind : LinkKind.values())
            {
                width = Math.max(width, k.portWidth(kind));
            }
            largest = Math.max(largest, (long)k.batchSize() * width * Float.BYTES + k.batchSize());
        }
        return (int)Math.min(Integer.MAX_VALUE / 16, largest);
    }

    /** A run in progress. Closing it cancels the run if still going and releases everything. */
    public final class Running implements AutoCloseable
    {
        private final GraphSettings settings;
        private final AeronTransport transport;
        private final List<FrameSubscription> subscriptions = new ArrayList<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ActorSystem<GraphRun.Command> system;
        private final long startNs;
        private final Map<String, NodeStatus> statuses = new LinkedHashMap<>();
        private boolean closed;

        private Running(final GraphSettings settings)
        {
            this.settings = settings;
            if (settings.remote().isEmpty())
            {
                // every frame stays in this JVM: terms sized to this graph's frames, not to the largest possible
                settings.transport().sizedFor(largestFrameBytes());
            }
            this.transport = AeronTransport.launch(settings.transport());
            ActorSystem<GraphRun.Command> started = null;
            try
            {
                final Route[] routes = new Route[nodes.size()];
                final Map<String, Integer> index = new LinkedHashMap<>();
                final List<Integer> hosted = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++)
                {
                    final int node = i;
                    index.put(nodes.get(i).name(), i);
                    if (settings.remote().containsKey(nodes.get(i).name()))
                    {
                        continue; // another JVM subscribes for it
                    }
                    hosted.add(i);
                    routes[node] = new Route();
                    subscriptions.add(transport.subscribe(FIRST_STREAM_ID + i, routes[node]::deliver));
                }
                final List<LockstepNode.Parts> parts = new ArrayList<>();
                for (final int i : hosted)
                {
                    parts.add(wire(nodes.get(i), index));
                }
                for (final LockstepNode.Parts p : parts)
                {
                    statuses.put(p.name(), p.status());
                }
                this.startNs = System.nanoTime();
                started = ActorSystem.create(
                    GraphRun.create(parts, settings.threadMode(), settings.stallTimeout(), settings.pause(),
                        (position, ref) -> routes[hosted.get(position)].open(ref), done),
                    "brainsim", akkaConfig());
                this.system = started;
            }
            catch (final RuntimeException | InterruptedException ex)
            {
                if (started != null)
                {
                    started.terminate();
                }
                subscriptions.forEach(FrameSubscription::close);
                transport.close();
                if (ex instanceof InterruptedException)
                {
                    Thread.currentThread().interrupt();
                }
                throw ex instanceof RuntimeException re ? re : new IllegalStateException(ex);
            }
        }

        private LockstepNode.Parts wire(final NodeEntry node, final Map<String, Integer> index)
            throws InterruptedException
        {
            final List<InboundLink> inbound = new ArrayList<>();
            final List<OutboundLink> outbound = new ArrayList<>();
            for (final LinkEntry link : links)
            {
                if (link.to().equals(node.name()))
                {
                    final NodeEntry from = nodes.get(index.get(link.from()));
                    inbound.add(new InboundLink(link.id(), link.from(), link.delaySteps(),
                        from.kernel().portWidth(link.kind())));
                }
                if (link.from().equals(node.name()))
                {
                    outbound.add(new OutboundLink(link.id(), link.to(), link.delaySteps(), link.kind()));
                }
            }
            final LockstepGate gate = new LockstepGate(inbound, outbound, settings.windowSteps(), settings.steps());
            final OutboundLink[] out = outbound.toArray(OutboundLink[]::new);
            final FrameSender[] dataSenders = new FrameSender[out.length];
            for (int o = 0; o < out.length; o++)
            {
                dataSenders[o] = connectedSender(out[o].toNode(), FIRST_STREAM_ID + index.get(out[o].toNode()));
            }
            final InboundLink[] in = gate.inbound();
            final FrameSender[] creditSenders = new FrameSender[in.length];
            for (int i = 0; i < in.length; i++)
            {
                creditSenders[i] = connectedSender(in[i].fromNode(), FIRST_STREAM_ID + index.get(in[i].fromNode()));
            }
            return new LockstepNode.Parts(node.name(), node.kernel(), gate, out, dataSenders, creditSenders,
                node.observer(), new NodeStatus(node.name(), node.jmxType(), node.kernel().control(),
                    node.kernel().trialFigures()).spikesPerStepToHz(node.kernel().spiking() ? 1000 / node.kernel().dtMs() :
                    Double.NaN), settings.pause());
        }

        /** A sender to node {@code to}: over IPC when it runs here, over UDP to its JVM's endpoint otherwise. */
        private FrameSender connectedSender(final String to, final int streamId) throws InterruptedException
        {
            final String endpoint = settings.remote().get(to);
            final FrameSender sender = transport.sender(endpoint, streamId);
            if (!transport.awaitConnected(sender, settings.abort()))
            {
                if (settings.abort().getAsBoolean())
                {
                    throw new StartAbortedException("gave up connecting to node " + to + ": the run was stopped");
                }
                throw new IllegalStateException("stream " + streamId + " of node " + to +
                    (endpoint == null ? "" : " at udp " + endpoint) + " did not connect within " +
                    TimeUnit.NANOSECONDS.toMillis(settings.transport().connectTimeoutNs()) + " ms");
            }
            return sender;
        }

        private Config akkaConfig()
        {
            return ConfigFactory.parseString(
                "akka.loglevel = WARNING\n" +
                "akka.stdout-loglevel = WARNING\n" +
                "akka.log-dead-letters-during-shutdown = off\n" +
                "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n" +
                "akka.jvm-shutdown-hooks = off\n")
                .withFallback(ConfigFactory.load());
        }

        /** @return live figures of each node, by name (the same objects JMX shows). */
        public Map<String, RegionMXBean> statuses()
        {
            return Map.copyOf(statuses);
        }

        /** @return the transport this run uses. */
        public AeronTransport transport()
        {
            return transport;
        }

        /**
         * Waits for the end of the run.
         *
         * @throws GraphRunException when a node failed, the graph stalled or the run was cancelled.
         */
        public GraphReport await() throws GraphRunException, InterruptedException
        {
            try
            {
                done.get();
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof GraphRunException gre)
                {
                    throw gre;
                }
                throw new GraphRunException(GraphRunException.Kind.NODE_FAILED, null, String.valueOf(ex.getCause()),
                    ex.getCause());
            }
            final long wallNs = System.nanoTime() - startNs;
            return new GraphReport(settings.steps(), Duration.ofNanos(wallNs), transport.counters().framesSent(),
                transport.counters().backPressureRetries());
        }

        /**
         * Waits up to {@code timeout} for the run to end (in any way).
         *
         * @return whether it has ended; then {@link #await()} returns or throws at once.
         */
        public boolean awaitDone(final Duration timeout) throws InterruptedException
        {
            try
            {
                done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return true;
            }
            catch (final ExecutionException ex)
            {
                return true;
            }
            catch (final TimeoutException ex)
            {
                return false;
            }
        }

        /** Asks the run to stop; {@link #await()} then throws a {@code CANCELLED} exception. */
        public void cancel()
        {
            system.tell(GraphRun.Cancel.INSTANCE);
        }

        @Override
        public synchronized void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            if (!done.isDone())
            {
                cancel();
            }
            system.terminate();
            try
            {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final ExecutionException | TimeoutException ex)
            {
                throw new IllegalStateException("actor system did not terminate", ex);
            }
            finally
            {
                subscriptions.forEach(FrameSubscription::close);
                transport.close();
            }
        }
    }
}
