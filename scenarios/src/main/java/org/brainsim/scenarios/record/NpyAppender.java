package org.brainsim.scenarios.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} array that grows along its first axis: items (each of a fixed shape) are appended as they
 * come — a trial's loss, a weight snapshot, a recorded trial of activity — and only the header's first
 * dimension changes. The header is rewritten in place (its length is fixed when the file is created) after
 * every append, so the file is a valid array of the items written so far at any moment — even if the process
 * is killed ({@link #sync()} also forces it to disk). Memory: nothing is kept but the channel.
 *
 * <p>Not thread-safe: one writer.
 */
public final class NpyAppender implements AutoCloseable
{
    private static final long HEADER_ROOM = 1_000_000_000_000L; // the header leaves room for this many items

    private final Path file;
    private final NpyDType dtype;
    private final long[] itemShape;
    private final long itemBytes;
    private final FileChannel channel;
    private final int headerLength;
    private long count;
    private boolean closed;

    /**
     * @param file      created, or replaced.
     * @param dtype     element type.
     * @param itemShape the shape of one item (empty for scalars).
     */
    public NpyAppender(final Path file, final NpyDType dtype, final long... itemShape) throws IOException
    {
        this.file = file;
        this.dtype = dtype;
        this.itemShape = itemShape.clone();
        long elements = 1;
        for (final long d : itemShape)
        {
            elements *= d;
        }
        this.itemBytes = elements * dtype.bytes();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
        this.headerLength = header(HEADER_ROOM).encode().length;
        writeHeader();
    }

    private NpyHeader header(final long items)
    {
        final long[] shape = new long[itemShape.length + 1];
        shape[0] = items;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        return new NpyHeader(dtype, false, shape);
    }

    private void writeHeader() throws IOException
    {
        final ByteBuffer h = ByteBuffer.wrap(header(count).encode(headerLength));
        while (h.hasRemaining())
        {
            channel.write(h, h.position());
        }
    }

    public Path file()
    {
        return file;
    }

    public NpyDType dtype()
    {
        return dtype;
    }

    /** @return items written. */
    public long count()
    {
        return count;
    }

    /** @return the array's shape now: {@code [count, itemShape…]}. */
    public long[] shape()
    {
        return header(count).shape();
    }

    /** Appends one item, given as its little-endian bytes (exactly one item's worth). */
    public void append(final ByteBuffer item) throws IOException
    {
        if (item.remaining() != itemBytes)
        {
            throw new IllegalArgumentException("item: " + item.remaining() + " bytes (expected: " + itemBytes + ")");
        }
        long position = headerLength + count * itemBytes;
        while (item.hasRemaining())
        {
            position += channel.write(item, position);
        }
        count++;
        writeHeader();
    }

    /** Appends one item of float64 values. */
    public void appendDoubles(final double... values) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        append(b);
    }

    /** Appends one item of float32 values. */
    public void appendFloats(final float[] values) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        append(b);
    }

    /** Appends one item of int64 values. */
    public void appendLongs(final long... values) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        append(b);
    }

    /** Appends one item per value, for an array of int64 scalars (item shape {@code ()}): one write, one header. */
    public void appendScalars(final long... values) throws IOException
    {
        if (itemBytes != 8)
        {
            throw new IllegalArgumentException("appendScalars: items of " + itemBytes + " bytes (expected: 8)");
        }
        final ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        long position = headerLength + count * itemBytes;
        while (b.hasRemaining())
        {
            position += channel.write(b, position);
        }
        count += values.length;
        writeHeader();
    }

    /** Keeps only the first {@code items} items (no-op when there are fewer). */
    public void truncate(final long items) throws IOException
    {
        if (items < count)
        {
            count = items;
            channel.truncate(headerLength + count * itemBytes);
        }
    }

    /** Rewrites the header for the items written so far and forces both to disk. */
    public void sync() throws IOException
    {
        writeHeader();
        channel.force(false);
    }

    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            writeHeader();
        }
        finally
        {
            channel.close();
        }
    }
}
