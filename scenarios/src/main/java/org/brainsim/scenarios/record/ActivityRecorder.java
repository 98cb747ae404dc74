package org.brainsim.scenarios.record;

import org.brainsim.regions.lockstep.StepObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams one node's activity to a {@code .npy} array of shape {@code batch × time × neuron} (C order), as
 * the node computes it. Steps are gathered in a chunk of bounded size (≤ {@link #CHUNK_BYTES}) and each
 * chunk is written with one positional write per batch row, so memory stays bounded however long the
 * run. The file has its full size from the start; steps never reached read as zeros, and the manifest
 * says how many were recorded.
 *
 * <p>Called on the node's thread only; {@link #close()} after the node has stopped.
 */
public final class ActivityRecorder implements StepObserver, AutoCloseable
{
    /** Upper bound of the chunk buffer, in bytes. */
    public static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final NpyDType dtype;
    private final int batch;
    private final int width;
    private final long timeSteps;
    private final int everySteps;
    private final FileChannel channel;
    private final long dataOffset;
    private final ByteBuffer chunk;
    private final ByteBuffer row;
    private final int chunkSteps;
    private int stepsInChunk;
    private long chunkStart;
    private volatile long recordedSteps;

    /**
     * @param file       the {@code .npy} file to create (replaced if it exists).
     * @param dtype      {@link NpyDType#FLOAT32} for rates, {@link NpyDType#UINT8} for spikes.
     * @param batch      batch rows.
     * @param width      units per row.
     * @param steps      steps the node will compute.
     * @param everySteps record steps 0, k, 2k, … (k ≥ 1).
     */
    public ActivityRecorder(
        final Path file, final NpyDType dtype, final int batch, final int width, final long steps,
        final int everySteps) throws IOException
    {
        if (dtype != NpyDType.FLOAT32 && dtype != NpyDType.UINT8)
        {
            throw new IllegalArgumentException("dtype: " + dtype + " (expected: FLOAT32 or UINT8)");
        }
        this.file = file;
        this.dtype = dtype;
        this.batch = batch;
        this.width = width;
        this.everySteps = everySteps;
        this.timeSteps = (steps + everySteps - 1) / everySteps;
        final long stepBytes = (long)batch * width * dtype.bytes();
        this.chunkSteps = (int)Math.max(1, Math.min(timeSteps, CHUNK_BYTES / Math.max(1, stepBytes)));
        this.chunk = ByteBuffer.allocate((int)(chunkSteps * stepBytes)).order(ByteOrder.LITTLE_ENDIAN);
        this.row = ByteBuffer.allocate(chunkSteps * width * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, StandardOpenOption.READ);
        final byte[] header = new NpyHeader(dtype, false, shape()).encode();
        channel.write(ByteBuffer.wrap(header), 0);
        this.dataOffset = header.length;
        final long total = dataOffset + timeSteps * stepBytes;
        if (total > dataOffset)
        {
            channel.write(ByteBuffer.wrap(new byte[1]), total - 1); // full size now; unwritten parts stay sparse
        }
    }

    /** @return the array's shape: batch, recorded time steps, units. */
    public long[] shape()
    {
        return new long[] {batch, timeSteps, width};
    }

    /** @return the file written. */
    public Path file()
    {
        return file;
    }

    /** @return time steps in the file so far (the steps of a chunk still buffered are not; any thread). */
    public long writtenSteps()
    {
        return recordedSteps;
    }

    /** @return time steps written so far (after {@link #close()}: all that were recorded). */
    public long recordedSteps()
    {
        return recordedSteps + stepsInChunk;
    }

    @Override
    public boolean keeps(final long step)
    {
        return step % everySteps == 0;
    }

    @Override
    public void onStep(final long step, final float[] output)
    {
        if (step % everySteps != 0)
        {
            return;
        }
        if (dtype == NpyDType.FLOAT32)
        {
            for (final float v : output)
            {
                chunk.putFloat(v);
            }
        }
        else
        {
            for (final float v : output)
            {
                chunk.put(v != 0.0f ? (byte)1 : (byte)0);
            }
        }
        if (++stepsInChunk == chunkSteps)
        {
            flushChunk();
        }
    }

    private void flushChunk()
    {
        if (stepsInChunk == 0)
        {
            return;
        }
        final int item = dtype.bytes();
        final int rowBytes = width * item;
        try
        {
            for (int b = 0; b < batch; b++)
            {
                row.clear();
                for (int k = 0; k < stepsInChunk; k++)
                {
                    final int from = (k * batch + b) * rowBytes;
                    row.put(chunk.array(), from, rowBytes);
                }
                row.flip();
                long position = dataOffset + ((b * timeSteps) + chunkStart) * rowBytes;
                while (row.hasRemaining())
                {
                    position += channel.write(row, position);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        chunkStart += stepsInChunk;
        recordedSteps += stepsInChunk;
        stepsInChunk = 0;
        chunk.clear();
    }

    /** Writes what is buffered and closes the file. */
    @Override
    public void close() throws IOException
    {
        if (channel.isOpen())
        {
            try
            {
                flushChunk();
                channel.force(false);
            }
            finally
            {
                channel.close();
            }
        }
    }
}
