package org.brainsim.regions.network;

import org.brainsim.settings.Param;

import java.util.function.IntConsumer;

/**
 * A batch cut into chunks of {@link #ROWS} rows (the last may be shorter), run on up to {@code threads} threads.
 * The cut depends on the batch alone, never on the thread count, and each chunk's work reads and writes only its
 * rows (or its own partial sums, added in chunk order by the caller): so a region's results are bit-identical
 * whatever {@code batch_threads} it is given. Thread {@code w} takes a run of neighbouring chunks,
 * {@code [w · count / threads, (w + 1) · count / threads)}, so that two threads meet at one chunk boundary (where a
 * cache line of a row-major state array may hold rows of both) rather than at every one; the calling thread
 * runs its share and waits for the others.
 *
 * <p>Workers are {@link ChunkWorker}s, JVM-wide daemon threads that look for their next share for a moment before
 * they park and end after a minute idle: a region holds nothing it must close.
 */
public final class BatchChunks
{
    /** Rows per chunk: 64-row batches give four chunks, enough for the machines this targets. */
    public static final int ROWS = 16;

    /** The region setting. */
    public static final Param<Integer> THREADS = Param.integer("batch_threads", 1, 1, 256,
        "threads that share the batch's rows in the cpu backend (chunks of " + ROWS + " rows; results are " +
        "bit-identical whatever the count)");

    private final int batch;
    private final int count;
    private final int threads;

    /**
     * @param batch   rows, ≥ 1.
     * @param threads threads to use at most, ≥ 1 (no more are used than there are chunks).
     */
    public BatchChunks(final int batch, final int threads)
    {
        if (batch < 1 || threads < 1)
        {
            throw new IllegalArgumentException("batch " + batch + ", threads " + threads + " (expected: both >= 1)");
        }
        this.batch = batch;
        this.count = (batch + ROWS - 1) / ROWS;
        this.threads = Math.min(threads, count);
    }

    /** @return the number of chunks. */
    public int count()
    {
        return count;
    }

    /** @return the first row of chunk {@code c}. */
    public int from(final int c)
    {
        return c * ROWS;
    }

    /** @return one past the last row of chunk {@code c}. */
    public int to(final int c)
    {
        return Math.min(batch, (c + 1) * ROWS);
    }

    /** @return the threads a {@link #run} uses. */
    public int threads()
    {
        return threads;
    }

    /**
     * Runs {@code chunk} once for every chunk index and returns when all have run. An exception in any chunk is
     * rethrown here (the first by worker order), after every worker has stopped.
     */
    public void run(final IntConsumer chunk)
    {
        if (threads == 1)
        {
            for (int c = 0; c < count; c++)
            {
                chunk.accept(c);
            }
            return;
        }
        final ChunkWorker[] others = new ChunkWorker[threads - 1];
        for (int w = 1; w < threads; w++)
        {
            final int worker = w;
            others[w - 1] = ChunkWorker.take();
            others[w - 1].start(() -> share(chunk, worker));
        }
        Throwable failure = null;
        try
        {
            share(chunk, 0);
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
        }
        for (final ChunkWorker other : others)
        {
            final Throwable thrown = other.finish(); // every worker is waited for, whatever happened
            failure = failure != null ? failure : thrown;
        }
        if (failure instanceof RuntimeException r)
        {
            throw r;
        }
        if (failure instanceof Error e)
        {
            throw e;
        }
        if (failure != null)
        {
            throw new IllegalStateException(failure);
        }
    }

    private void share(final IntConsumer chunk, final int worker)
    {
        for (int c = worker * count / threads; c < (worker + 1) * count / threads; c++)
        {
            chunk.accept(c);
        }
    }
}
