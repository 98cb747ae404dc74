package org.brainsim.messaging;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronTransportTest
{
    private static final int STREAM = 1001;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
    }

    private AeronTransport launch(final TransportContext ctx)
    {
        final AeronTransport transport = AeronTransport.launch(ctx);
        toClose.add(transport);
        return transport;
    }

    private static RateFrame rateFrame(final long step, final int width)
    {
        final float[] values = new float[width];
        for (int i = 0; i < width; i++)
        {
            values[i] = step * 1e-3f + i;
        }
        return new RateFrame(3, step, 1, width, values);
    }

    private static void sendAllAndExpectInOrder(
        final AeronTransport transport, final FrameSender sender, final BlockingQueue<Frame> received,
        final int count, final int width) throws InterruptedException
    {
        assertTrue(transport.awaitConnected(sender), "sender connected");
        for (int i = 0; i < count; i++)
        {
            assertTrue(sender.send(rateFrame(i, width)), "frame " + i + " sent");
        }
        for (int i = 0; i < count; i++)
        {
            final Frame frame = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(frame, "frame " + i + " arrived");
            assertEquals(rateFrame(i, width), frame);
        }
    }

    /**
     * @return the receiver's count of received frames, once it reaches {@code expected} or 10 s have passed: the
     *     receiver counts a frame after its handler took it, so the count may trail the last frame by a moment
     */
    private static long receivedOnceSettled(final AeronTransport transport, final long expected)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (transport.counters().framesReceived() < expected && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        return transport.counters().framesReceived();
    }

    @Test
    void shouldDeliverFramesInOrderOverIpc() throws InterruptedException
    {
        final AeronTransport transport = launch(new TransportContext());
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, received::add);

        sendAllAndExpectInOrder(transport, transport.localSender(STREAM), received, 5_000, 16);

        assertTrue(transport.localSender(STREAM).channel().startsWith("aeron:ipc"));
        assertEquals(5_000, receivedOnceSettled(transport, 5_000));
        assertEquals(0, transport.counters().framesDropped());
    }

    @Test
    void shouldKeepNothingOfASentFrameSoItsArraysCanBeReusedAtOnce() throws InterruptedException
    {
        final AeronTransport transport = launch(new TransportContext());
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, received::add);
        final FrameSender sender = transport.localSender(STREAM);
        assertTrue(transport.awaitConnected(sender), "sender connected");
        final float[] live = new float[4096];
        for (int step = 0; step < 50; step++)
        {
            java.util.Arrays.fill(live, step);
            assertTrue(sender.send(new RateFrame(3, step, 1, live.length, live)), "frame " + step + " sent");
            java.util.Arrays.fill(live, -1f); // overwritten before the receiver thread can have decoded it
        }
        for (int step = 0; step < 50; step++)
        {
            final RateFrame frame = (RateFrame)received.poll(20, TimeUnit.SECONDS);
            assertNotNull(frame, "frame " + step + " arrived");
            final float[] expected = new float[live.length];
            java.util.Arrays.fill(expected, step);
            assertArrayEquals(expected, frame.values(), "step " + step + " carries the values it was sent with");
            assertNotSame(live, frame.values());
        }
    }

    @Test
    void shouldDeliverFramesInOrderOverUdpOnLoopback() throws Exception
    {
        final String endpoint = "127.0.0.1:" + FreePorts.udp("127.0.0.1");
        final AeronTransport receiver = launch(new TransportContext().udpEndpoint(endpoint));
        final AeronTransport sender = launch(new TransportContext());
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        receiver.subscribe(STREAM, received::add);

        final FrameSender udp = sender.sender(endpoint, STREAM);
        assertEquals("aeron:udp?endpoint=" + endpoint, udp.channel());
        sendAllAndExpectInOrder(sender, udp, received, 2_000, 16);
        assertEquals(2_000, receivedOnceSettled(receiver, 2_000));
    }

    @Test
    void shouldReassembleOneMegabyteFrameOverIpcAndUdp() throws Exception
    {
        final String endpoint = "127.0.0.1:" + FreePorts.udp("127.0.0.1");
        final AeronTransport transport = launch(new TransportContext().udpEndpoint(endpoint));
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, received::add);
        final int width = (1 << 20) / Float.BYTES;

        sendAllAndExpectInOrder(transport, transport.localSender(STREAM), received, 3, width);
        sendAllAndExpectInOrder(transport, transport.sender(endpoint, STREAM), received, 3, width);
        assertTrue(transport.codec().encode(rateFrame(0, width)).length > (1 << 20));
    }

    @Test
    void shouldCountBackPressureAndLoseNothing() throws InterruptedException
    {
        final AeronTransport transport = launch(new TransportContext().termBufferLengthBytes(64 * 1024));
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, frame ->
        {
            if (frame.step() % 50 == 0)
            {
                sleepMs(2); // a slow consumer
            }
            return received.add(frame);
        });

        sendAllAndExpectInOrder(transport, transport.localSender(STREAM), received, 3_000, 256);

        assertTrue(transport.counters().backPressureRetries() > 0, transport.counters().toString());
        assertEquals(0, transport.counters().framesDropped());
        assertEquals(3_000, transport.counters().framesSent());
    }

    @Test
    void shouldDropTooLargeFrameAndCountIt()
    {
        final AeronTransport transport = launch(new TransportContext().termBufferLengthBytes(64 * 1024));
        transport.subscribe(STREAM, frame -> true);

        assertFalse(transport.localSender(STREAM).send(rateFrame(0, 10_000)));
        assertEquals(1, transport.counters().framesDropped());
    }

    @Test
    void shouldCountAndDropMalformedBytesAndKeepDelivering() throws InterruptedException
    {
        final AeronTransport transport = launch(new TransportContext());
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, received::add);

        try (Aeron rogue = Aeron.connect(new Aeron.Context().aeronDirectoryName(transport.aeronDirectoryName()));
            Publication publication = rogue.addPublication(Channels.IPC, STREAM))
        {
            while (!publication.isConnected())
            {
                Thread.sleep(1);
            }
            final UnsafeBuffer garbage = new UnsafeBuffer(new byte[] {(byte)0xFF, 0x13, 0x37, 0x00, 0x42});
            while (publication.offer(garbage) < 0)
            {
                Thread.sleep(1);
            }
            final byte[] valid = transport.codec().encode(rateFrame(9, 4));
            while (publication.offer(new UnsafeBuffer(valid)) < 0)
            {
                Thread.sleep(1);
            }
        }

        assertEquals(rateFrame(9, 4), received.poll(20, TimeUnit.SECONDS));
        assertEquals(1, transport.counters().malformedFrames());
    }

    @Test
    void shouldSurviveADriverTimeoutWithoutExitingTheJvm()
    {
        // Aeron's default client error handler calls System.exit(-1) on a driver timeout; a CI
        // fork died that way. Ours logs: if it exited, this test's fork would die here.
        AeronTransport.onClientError(new DriverTimeoutException("keepalive: age=12230ms > timeout=10000ms"));
        final AeronTransport transport = launch(new TransportContext());
        final Aeron.Context client = transport.clientContext();
        assertNotSame(Aeron.Configuration.DEFAULT_ERROR_HANDLER, client.errorHandler(), "Aeron's handler exits the JVM");
        assertEquals(AeronTransport.LIVENESS_TIMEOUT_MS, client.driverTimeoutMs());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(AeronTransport.LIVENESS_TIMEOUT_MS),
            transport.driverContext().clientLivenessTimeoutNs());
        assertTrue(transport.driverContext().publicationUnblockTimeoutNs() >
            transport.driverContext().clientLivenessTimeoutNs(), "Aeron refuses an unblock timeout under the liveness one");
    }

    @Test
    void shouldRefuseNonsenseSettingsNamingTheProperty()
    {
        final IllegalArgumentException term = assertThrows(IllegalArgumentException.class,
            () -> new TransportContext().termBufferLengthBytes(1000).conclude());
        assertTrue(term.getMessage().startsWith("termBufferLengthBytes=1000"), term.getMessage());
        final IllegalArgumentException endpoint = assertThrows(IllegalArgumentException.class,
            () -> new TransportContext().udpEndpoint("localhost").conclude());
        assertTrue(endpoint.getMessage().startsWith("udpEndpoint=localhost"), endpoint.getMessage());
    }

    @Test
    void shouldReleaseThreadsMappedFilesAndDirectoryOnClose() throws Exception
    {
        final Set<Thread> before = Thread.getAllStackTraces().keySet();
        final String endpoint = "127.0.0.1:" + FreePorts.udp("127.0.0.1");
        final AeronTransport transport = AeronTransport.launch(new TransportContext().udpEndpoint(endpoint));
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, received::add);
        sendAllAndExpectInOrder(transport, transport.localSender(STREAM), received, 10, 8);
        sendAllAndExpectInOrder(transport, transport.sender(endpoint, STREAM), received, 10, 8);
        final String dir = transport.aeronDirectoryName();
        assertTrue(new File(dir).isDirectory());
        assertTrue(mappedFiles().contains(dir), "driver files are mapped while open");

        transport.close();

        assertFalse(new File(dir).exists(), "driver directory removed: " + dir);
        assertFalse(mappedFiles().contains(dir), "no driver file left mapped");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> leftover;
        do
        {
            leftover = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .collect(Collectors.toSet());
        }
        while (!leftover.isEmpty() && System.nanoTime() - deadline < 0 && sleepMs(10));
        assertEquals(Set.of(), leftover, "threads left after close");
        assertThrows(IllegalStateException.class, () -> transport.subscribe(STREAM, f -> true));
    }

    private static String mappedFiles() throws IOException
    {
        final Path maps = Path.of("/proc/self/maps");
        return Files.exists(maps) ? Files.readString(maps) : "";
    }

    private static boolean sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void shouldRoundTripSpikesThroughTheTransport() throws InterruptedException
    {
        final AeronTransport transport = launch(new TransportContext());
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        transport.subscribe(STREAM, received::add);
        final FrameSender sender = transport.localSender(STREAM);
        assertTrue(transport.awaitConnected(sender));
        final float[] dense = new float[64 * 512];
        for (int i = 0; i < dense.length; i += 7)
        {
            dense[i] = 1;
        }

        assertTrue(sender.send(SpikeFrame.fromDense(1, 5, 64, 512, dense)));

        final SpikeFrame got = (SpikeFrame)received.poll(20, TimeUnit.SECONDS);
        assertNotNull(got);
        final float[] back = new float[dense.length];
        got.copyTo(back);
        assertArrayEquals(dense, back);
    }
}
