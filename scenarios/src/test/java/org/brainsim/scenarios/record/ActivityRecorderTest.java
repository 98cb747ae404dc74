package org.brainsim.scenarios.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivityRecorderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteBatchTimeNeuronInCOrderAcrossManyChunks() throws IOException
    {
        final int batch = 3;
        final int width = 5;
        final long steps = 1000;
        final Path file = dir.resolve("a.npy");
        try (ActivityRecorder recorder = new ActivityRecorder(file, NpyDType.FLOAT32, batch, width, steps, 1))
        {
            final float[] output = new float[batch * width];
            for (long t = 0; t < steps; t++)
            {
                for (int b = 0; b < batch; b++)
                {
                    for (int n = 0; n < width; n++)
                    {
                        output[b * width + n] = value(b, t, n);
                    }
                }
                recorder.onStep(t, output);
            }
        }

        final NpyReader.Array array = NpyReader.read(file);
        assertArrayEquals(new long[] {batch, steps, width}, array.header().shape());
        final float[] data = array.floats();
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int n = 0; n < width; n++)
                {
                    assertEquals(value(b, t, n), data[(int)((b * steps + t) * width + n)]);
                }
            }
        }
    }

    private static float value(final int b, final long t, final int n)
    {
        return b * 1_000_000f + t * 10f + n;
    }

    @Test
    void shouldRecordEveryKthStepAndSpikesAsBytes() throws IOException
    {
        final Path file = dir.resolve("s.npy");
        try (ActivityRecorder recorder = new ActivityRecorder(file, NpyDType.UINT8, 2, 3, 10, 3))
        {
            for (long t = 0; t < 10; t++)
            {
                recorder.onStep(t, new float[] {t % 2, 1, 0, 0, 1, t % 2});
            }
            assertEquals(4, recorder.recordedSteps());
        }
        final NpyReader.Array array = NpyReader.read(file);
        assertArrayEquals(new long[] {2, 4, 3}, array.header().shape());
        // Steps 0, 3, 6, 9: t % 2 = 0, 1, 0, 1.
        assertArrayEquals(new int[] {0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1},
            array.uint8());
    }

    @Test
    void shouldKeepMemoryBoundedWhateverTheRunLength() throws IOException
    {
        final Path file = dir.resolve("long.npy");
        final long steps = 200_000;
        try (ActivityRecorder recorder = new ActivityRecorder(file, NpyDType.FLOAT32, 4, 64, steps, 1))
        {
            final long[] shape = recorder.shape();
            assertEquals(steps, shape[1]);
            final float[] output = new float[4 * 64];
            final Runtime runtime = Runtime.getRuntime();
            for (long t = 0; t < steps; t++)
            {
                output[0] = t;
                recorder.onStep(t, output);
            }
            assertEquals(steps, recorder.recordedSteps());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            assertEquals(NpyHeader.lengthOf(channel) + steps * 4 * 64 * 4, channel.size());
        }
        assertTrue(ActivityRecorder.CHUNK_BYTES <= 1 << 20, "the buffer is bounded by construction");
    }

    @Test
    void shouldLeaveAValidFullSizeFileWhenStoppedEarly() throws IOException
    {
        final Path file = dir.resolve("partial.npy");
        try (ActivityRecorder recorder = new ActivityRecorder(file, NpyDType.FLOAT32, 2, 2, 100, 1))
        {
            for (long t = 0; t < 10; t++)
            {
                recorder.onStep(t, new float[] {1, 2, 3, 4});
            }
        }
        final float[] data = NpyReader.read(file).floats();
        assertEquals(2 * 100 * 2, data.length);
        assertEquals(1, data[0]);
        assertEquals(0, data[2 * 10], "step 10 was never reached: zeros");
        assertEquals(3, data[100 * 2], "row 1 starts at step 0");
    }

    @Test
    void shouldWriteHeadersNumPyAccepts() throws IOException
    {
        for (final long[] shape : new long[][] {{7}, {2, 3}, {1, 123456789, 3}})
        {
            final byte[] header = new NpyHeader(NpyDType.FLOAT32, false, shape).encode();
            assertEquals(0, header.length % 64, "data aligned to 64 bytes");
            assertEquals('\n', header[header.length - 1]);
            final String dict = new String(header, 10, header.length - 10, java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': ("), dict);
        }
        assertTrue(new String(new NpyHeader(NpyDType.UINT8, false, new long[] {7}).encode(), 10, 60,
            java.nio.charset.StandardCharsets.US_ASCII).contains("'shape': (7,)"), "1-d shape has a trailing comma");
    }

    @Test
    void shouldRejectAFileThatIsNotNpy() throws IOException
    {
        final Path file = dir.resolve("bad.npy");
        java.nio.file.Files.writeString(file, "hello, world");
        assertThrows(IOException.class, () -> NpyReader.read(file));
    }
}
