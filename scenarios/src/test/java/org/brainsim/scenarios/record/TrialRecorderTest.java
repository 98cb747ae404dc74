package org.brainsim.scenarios.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRecorderTest
{
    @TempDir
    Path dir;

    private static float spike(final int trial, final int row, final int t, final int unit)
    {
        return (trial * 7 + row * 5 + t * 3 + unit) % 4 == 0 ? 1f : 0f;
    }

    /** Spikes come back exactly as numpy.unpackbits(a, axis=-1, count=units) would give them. */
    @Test
    void packsSpikesMostSignificantBitFirstAndKeepsEveryKthTrial() throws IOException
    {
        final int batch = 3;
        final int rows = 2;
        final int units = 11; // 2 bytes, the last one partly used
        final int steps = 5;
        final int offset = 3;
        final Path file = dir.resolve("z.npy");
        final TrialRecorder recorder = new TrialRecorder(file, true, batch, rows, units, steps, 2, offset);
        final float[] out = new float[batch * units];
        for (long step = 0; step < offset + 5L * steps; step++)
        {
            final long local = step - offset;
            for (int b = 0; b < batch; b++)
            {
                for (int u = 0; u < units; u++)
                {
                    out[b * units + u] = local < 0 ? 1f : spike((int)(local / steps), b, (int)(local % steps), u);
                }
            }
            recorder.onStep(step, out);
        }
        recorder.close(4); // trials 0 … 3 ran: keep the recorded ones among them (0 and 2)
        final NpyReader.Array a = NpyReader.read(file);
        assertArrayEquals(new long[] {2, rows, steps, 2}, a.header().shape());
        final int[] bytes = a.uint8();
        for (int k = 0; k < 2; k++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int t = 0; t < steps; t++)
                {
                    for (int u = 0; u < units; u++)
                    {
                        final int b = bytes[((k * rows + r) * steps + t) * 2 + u / 8];
                        assertEquals(spike(2 * k, r, t, u), b >>> (7 - u % 8) & 1, "trial " + 2 * k + " row " + r + " t " + t + " u " + u);
                    }
                    assertEquals(0, bytes[((k * rows + r) * steps + t) * 2 + 1] & 0x1f, "padding bits are 0");
                }
            }
        }
    }

    /** A long run keeps one trial in memory and the file grows; the heap does not. */
    @Test
    void memoryStaysBoundedOnALongRun() throws IOException
    {
        final int trials = 20_000;
        final int steps = 20;
        final Path file = dir.resolve("long.npy");
        final TrialRecorder recorder = new TrialRecorder(file, true, 4, 4, 100, steps, 1, 0);
        final NpyAppender losses = new NpyAppender(dir.resolve("loss.npy"), NpyDType.FLOAT64);
        final float[] out = new float[4 * 100];
        final Runtime runtime = Runtime.getRuntime();
        long before = 0;
        for (long step = 0; step < (long)trials * steps; step++)
        {
            out[(int)(step % out.length)] = 1 - out[(int)(step % out.length)];
            recorder.onStep(step, out);
            if (step % steps == steps - 1)
            {
                losses.appendDoubles(step);
            }
            if (step == 100L * steps)
            {
                System.gc();
                before = runtime.totalMemory() - runtime.freeMemory();
            }
        }
        System.gc();
        final long after = runtime.totalMemory() - runtime.freeMemory();
        recorder.close(trials);
        losses.close();
        final long item = 4L * steps * 13;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            assertEquals(NpyHeader.lengthOf(channel) + trials * item, channel.size());
        }
        assertEquals(trials, NpyReader.read(dir.resolve("loss.npy")).doubles().length);
        // 20 000 trials wrote 20.8 MB of spikes and 160 kB of losses; what stays on the heap is one trial (1 kB).
        assertTrue(after - before < 8L << 20, "heap grew by " + (after - before) + " bytes");
    }
}
