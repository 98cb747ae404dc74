package org.brainsim.bench;

import org.brainsim.messaging.Frame;
import org.brainsim.messaging.FrameCodec;
import org.brainsim.messaging.MalformedFrameException;
import org.brainsim.messaging.RateFrame;
import org.brainsim.messaging.SpikeFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Encode + decode of one 64 × 512 frame (batch 64, 512 units): spikes at 5 % density packed as bits,
 * and rates as floats. The baseline is a plain array copy of the same payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED"})
public class CodecBenchmark
{
    private static final int BATCH = 64;
    private static final int UNITS = 512;

    private final FrameCodec codec = new FrameCodec();
    private SpikeFrame spikes;
    private RateFrame rates;
    private float[] payload;

    @Setup
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(1);
        final float[] dense = new float[BATCH * UNITS];
        final float[] values = new float[BATCH * UNITS];
        for (int i = 0; i < dense.length; i++)
        {
            dense[i] = random.nextDouble() < 0.05 ? 1 : 0;
            values[i] = (float)random.nextDouble();
        }
        spikes = SpikeFrame.fromDense(1, 1000, BATCH, UNITS, dense);
        rates = new RateFrame(1, 1000, BATCH, UNITS, values);
        payload = values;
    }

    @Benchmark
    public Frame spikeFrameEncodeDecode() throws MalformedFrameException
    {
        final byte[] bytes = codec.encode(spikes);
        return codec.decode(bytes);
    }

    @Benchmark
    public Frame rateFrameEncodeDecode() throws MalformedFrameException
    {
        final var output = codec.encodeToThreadBuffer(rates);
        return codec.decode(output.getBuffer(), 0, output.position());
    }

    /** Baseline: copying the rate payload twice (what encode + decode must at least do). */
    @Benchmark
    public float[] baselineTwoArrayCopies()
    {
        final float[] once = payload.clone();
        return once.clone();
    }
}
