package org.brainsim.scenarios.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole array to a {@code .npy} file in one go (C order, little-endian), for outputs that are
 * small enough to hold in memory (weights, gradients, a trial's inputs).
 */
public final class NpyFiles
{
    private NpyFiles()
    {
    }

    /** Writes float32 data of the given shape. */
    public static void writeFloats(final Path file, final float[] data, final long... shape) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data);
        write(file, NpyDType.FLOAT32, buffer, data.length, shape);
    }

    /** Writes float64 data of the given shape. */
    public static void writeDoubles(final Path file, final double[] data, final long... shape) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(data);
        write(file, NpyDType.FLOAT64, buffer, data.length, shape);
    }

    private static void write(
        final Path file, final NpyDType dtype, final ByteBuffer data, final long elements, final long[] shape)
        throws IOException
    {
        final NpyHeader header = new NpyHeader(dtype, false, shape);
        if (header.elements() != elements)
        {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " +
                header.elements() + " elements (expected: " + elements + ")");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            channel.write(ByteBuffer.wrap(header.encode()));
            data.rewind();
            while (data.hasRemaining())
            {
                channel.write(data);
            }
        }
    }
}
