package org.brainsim.scenarios.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a whole {@code .npy} array written by brainsim (C order, little-endian), for tests and tools.
 */
public final class NpyReader
{
    private NpyReader()
    {
    }

    /** An array read from disk. */
    public record Array(NpyHeader header, ByteBuffer data)
    {
        /** @return the data as floats (FLOAT32 only). */
        public float[] floats()
        {
            if (header.dtype() != NpyDType.FLOAT32)
            {
                throw new IllegalStateException("dtype: " + header.dtype() + " (expected: FLOAT32)");
            }
            final float[] out = new float[data.remaining() / 4];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        /** @return the data as longs (INT64 only). */
        public long[] longs()
        {
            if (header.dtype() != NpyDType.INT64)
            {
                throw new IllegalStateException("dtype: " + header.dtype() + " (expected: INT64)");
            }
            final long[] out = new long[data.remaining() / 8];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }

        /** @return the data as doubles (FLOAT32, FLOAT64, or INT64 converted). */
        public double[] doubles()
        {
            if (header.dtype() == NpyDType.INT64)
            {
                return java.util.Arrays.stream(longs()).asDoubleStream().toArray();
            }
            if (header.dtype() == NpyDType.FLOAT32)
            {
                final float[] f = floats();
                final double[] out = new double[f.length];
                for (int i = 0; i < f.length; i++)
                {
                    out[i] = f[i];
                }
                return out;
            }
            if (header.dtype() != NpyDType.FLOAT64)
            {
                throw new IllegalStateException("dtype: " + header.dtype() + " (expected: FLOAT32 or FLOAT64)");
            }
            final double[] out = new double[data.remaining() / 8];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
            return out;
        }

        /** @return the data as unsigned bytes widened to ints (UINT8 only). */
        public int[] uint8()
        {
            if (header.dtype() != NpyDType.UINT8)
            {
                throw new IllegalStateException("dtype: " + header.dtype() + " (expected: UINT8)");
            }
            final ByteBuffer d = data.duplicate();
            final int[] out = new int[d.remaining()];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = d.get() & 0xff;
            }
            return out;
        }
    }

    /**
     * Reads only the header, checking that the file holds exactly the data it declares.
     *
     * @throws IOException when the file is not a complete {@code .npy} array.
     */
    public static NpyHeader header(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return checkedHeader(file, channel);
        }
    }

    /** Reads the header and checks the file holds exactly the data it declares. */
    private static NpyHeader checkedHeader(final Path file, final FileChannel channel) throws IOException
    {
        final NpyHeader header = NpyHeader.read(channel);
        final long offset = NpyHeader.lengthOf(channel);
        final long bytes = header.elements() * header.dtype().bytes();
        if (channel.size() - offset != bytes)
        {
            throw new IOException(file + ": " + (channel.size() - offset) + " data bytes, header " + header +
                " needs " + bytes);
        }
        return header;
    }

    /**
     * @throws IOException when the file is not a complete {@code .npy} array.
     */
    public static Array read(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final NpyHeader header = checkedHeader(file, channel);
            final long offset = NpyHeader.lengthOf(channel);
            final long bytes = header.elements() * header.dtype().bytes();
            final ByteBuffer data = ByteBuffer.allocate((int)bytes).order(ByteOrder.LITTLE_ENDIAN);
            while (data.hasRemaining() && channel.read(data, offset + data.position()) >= 0)
            {
                // keep reading
            }
            data.flip();
            return new Array(header, data);
        }
    }
}
