package org.brainsim.bench;

import org.brainsim.messaging.AeronTransport;
import org.brainsim.messaging.FrameSender;
import org.brainsim.messaging.RateFrame;
import org.brainsim.messaging.TransportContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of frames through the transport over Aeron IPC: encode, offer, poll on the receiver
 * thread, decode, hand to a handler. Measured as frames per second at the sender; the sender waits
 * for the receiver to keep up within 1024 frames so the figure is end-to-end, not buffer filling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED"})
public class AeronIpcBenchmark
{
    @Param({"16", "32768"})
    public int floatsPerFrame;

    private AeronTransport transport;
    private FrameSender sender;
    private RateFrame frame;
    private final AtomicLong received = new AtomicLong();
    private long sent;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException
    {
        transport = AeronTransport.launch(new TransportContext());
        transport.subscribe(2000, f -> received.incrementAndGet() >= 0);
        sender = transport.localSender(2000);
        if (!transport.awaitConnected(sender))
        {
            throw new IllegalStateException("not connected");
        }
        frame = new RateFrame(0, 1, 1, floatsPerFrame, new float[floatsPerFrame]);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        transport.close();
    }

    @Benchmark
    public boolean sendOneFrame()
    {
        while (sent - received.get() > 1024)
        {
            Thread.onSpinWait();
        }
        sent++;
        return sender.send(frame);
    }
}
