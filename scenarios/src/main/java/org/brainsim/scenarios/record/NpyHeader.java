package org.brainsim.scenarios.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file, format version 1.0: magic, version, a little-endian header
 * length, then a Python dict literal padded with spaces and a newline so that the data starts on a
 * 64-byte boundary (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 *
 * @param dtype        element type.
 * @param fortranOrder whether the data is column-major (brainsim always writes {@code false}).
 * @param shape        dimensions.
 */
public record NpyHeader(NpyDType dtype, boolean fortranOrder, long[] shape)
{
    static final byte[] MAGIC = {(byte)0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DICT = Pattern.compile(
        "\\{'descr': '([^']+)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    /** @return elements in the array. */
    public long elements()
    {
        long n = 1;
        for (final long d : shape)
        {
            n *= d;
        }
        return n;
    }

    /**
     * @return the encoded header; its length is a multiple of 64.
     */
    public byte[] encode()
    {
        return encode(-1);
    }

    /**
     * @param total the exact length wanted (a multiple of 64), or −1 for the shortest with some slack.
     * @return the encoded header.
     * @throws IllegalArgumentException when the dictionary does not fit in {@code total}.
     */
    public byte[] encode(final int total)
    {
        final StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++)
        {
            dims.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        final String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': " + (fortranOrder ? "True" : "False") +
            ", 'shape': (" + dims + "), }";
        // Pad with spaces so that magic(6) + version(2) + length(2) + dict + '\n' is a multiple of 64, and
        // leave room so that rewriting a larger shape later keeps the same length.
        final int unpadded = 10 + dict.length() + 1;
        final int length = total < 0 ? (unpadded + 32 + 63) / 64 * 64 : total;
        if (unpadded > length || length % 64 != 0)
        {
            throw new IllegalArgumentException("header length " + length + " for " + dict + " (expected: a multiple " +
                "of 64 of at least " + unpadded + ")");
        }
        final byte[] out = new byte[length];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[7] = 0;
        final int headerLength = length - 10;
        out[8] = (byte)(headerLength & 0xff);
        out[9] = (byte)(headerLength >>> 8);
        final byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, 10, text.length);
        Arrays.fill(out, 10 + text.length, length - 1, (byte)' ');
        out[length - 1] = '\n';
        return out;
    }

    /**
     * Reads the header at the start of a channel.
     *
     * @return the header; the channel's data starts at {@link #lengthOf(FileChannel)}.
     * @throws IOException when it is not a version 1.x or 2.x {@code .npy} header brainsim understands.
     */
    public static NpyHeader read(final FileChannel channel) throws IOException
    {
        final ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(prefix, 0);
        prefix.flip();
        if (prefix.remaining() < 10)
        {
            throw new IOException("not an .npy file: " + prefix.remaining() + " bytes");
        }
        final byte[] magic = new byte[6];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC))
        {
            throw new IOException("not an .npy file: bad magic");
        }
        final int major = prefix.get();
        prefix.get();
        final int headerLength;
        final int start;
        if (major == 1)
        {
            headerLength = prefix.getShort() & 0xffff;
            start = 10;
        }
        else if (major == 2 || major == 3)
        {
            headerLength = prefix.getInt();
            start = 12;
        }
        else
        {
            throw new IOException("unsupported .npy version " + major);
        }
        final ByteBuffer dictBytes = ByteBuffer.allocate(headerLength);
        channel.read(dictBytes, start);
        final String dict = new String(dictBytes.array(), StandardCharsets.ISO_8859_1);
        final Matcher m = DICT.matcher(dict);
        if (!m.matches())
        {
            throw new IOException("unsupported .npy header: " + dict.trim());
        }
        final NpyDType dtype = NpyDType.of(m.group(1));
        if (dtype == null)
        {
            throw new IOException("unsupported dtype " + m.group(1));
        }
        final String dims = m.group(3).trim();
        final long[] shape = dims.isEmpty() ? new long[0] : Arrays.stream(dims.split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new NpyHeader(dtype, "True".equals(m.group(2)), shape);
    }

    /** @return the offset of the data in a {@code .npy} file. */
    public static long lengthOf(final FileChannel channel) throws IOException
    {
        final ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(prefix, 0);
        prefix.flip();
        prefix.position(6);
        final int major = prefix.get();
        prefix.get();
        return major == 1 ? 10 + (prefix.getShort() & 0xffff) : 12 + prefix.getInt();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof NpyHeader h && h.dtype == dtype && h.fortranOrder == fortranOrder &&
            Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode()
    {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString()
    {
        return "NpyHeader[" + dtype.descr() + ", shape=" + Arrays.toString(shape) + "]";
    }
}
