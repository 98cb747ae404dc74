package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

class BatchChunksTest
{
    @Test
    void theCutDependsOnTheBatchAloneAndCoversEveryRowOnce()
    {
        for (final int threads : new int[] {1, 2, 3, 8})
        {
            final BatchChunks chunks = new BatchChunks(40, threads);
            assertEquals(3, chunks.count());
            assertArrayEquals(new int[] {0, 16, 32}, new int[] {chunks.from(0), chunks.from(1), chunks.from(2)});
            assertArrayEquals(new int[] {16, 32, 40}, new int[] {chunks.to(0), chunks.to(1), chunks.to(2)});
            assertEquals(Math.min(threads, 3), chunks.threads(), "no more threads than chunks");
            final AtomicIntegerArray ran = new AtomicIntegerArray(chunks.count());
            chunks.run(ran::incrementAndGet);
            for (int c = 0; c < chunks.count(); c++)
            {
                assertEquals(1, ran.get(c), "chunk " + c + " on " + threads + " threads");
            }
        }
        assertEquals(1, new BatchChunks(1, 4).count());
        assertEquals(4, new BatchChunks(64, 2).count());
    }

    @Test
    void eachThreadTakesARunOfNeighbouringChunks()
    {
        final BatchChunks chunks = new BatchChunks(112, 3); // 7 chunks: 0-1 on the caller, 2-3 and 4-6 on workers
        final Thread[] ranOn = new Thread[chunks.count()];
        chunks.run(c -> ranOn[c] = Thread.currentThread());
        final Thread caller = Thread.currentThread();
        assertSame(caller, ranOn[0]);
        assertSame(caller, ranOn[1]);
        assertSame(ranOn[2], ranOn[3]);
        assertSame(ranOn[4], ranOn[5]);
        assertSame(ranOn[4], ranOn[6]);
        // the two workers' shares may run on one pool thread (one share ends before the other is submitted), never
        // on the caller's
        assertNotSame(caller, ranOn[2]);
        assertNotSame(caller, ranOn[4]);
    }

    @Test
    void aFailingChunkFailsTheRunAfterTheOthersStopped()
    {
        final BatchChunks chunks = new BatchChunks(64, 2);
        final AtomicIntegerArray ran = new AtomicIntegerArray(chunks.count());
        final IllegalStateException boom = new IllegalStateException("boom");
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> chunks.run(c ->
        {
            ran.incrementAndGet(c);
            if (c == 2)
            {
                throw boom; // a worker's chunk
            }
        }));
        assertSame(boom, thrown);
        assertEquals(1, ran.get(0));
        assertEquals(1, ran.get(1)); // the caller's share ran to its end
        assertThrows(IllegalArgumentException.class, () -> new BatchChunks(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchChunks(4, 0));
    }

    @Test
    void manyCallersAtOnceEachHaveEveryChunkRunOnce() throws Exception
    {
        final int callers = 4;
        final int runs = 300;
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try
        {
            final java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int k = 0; k < callers; k++)
            {
                results.add(pool.submit(() ->
                {
                    final BatchChunks chunks = new BatchChunks(80, 3); // 5 chunks on 3 threads
                    for (int r = 0; r < runs; r++)
                    {
                        final AtomicIntegerArray ran = new AtomicIntegerArray(chunks.count());
                        chunks.run(ran::incrementAndGet);
                        for (int c = 0; c < chunks.count(); c++)
                        {
                            if (ran.get(c) != 1)
                            {
                                return "run " + r + ": chunk " + c + " ran " + ran.get(c) + " times";
                            }
                        }
                    }
                    return "ok";
                }));
            }
            for (final java.util.concurrent.Future<String> result : results)
            {
                assertEquals("ok", result.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForItsWorkersAndKeepsTheFlag()
    {
        final BatchChunks chunks = new BatchChunks(32, 2);
        final java.util.concurrent.atomic.AtomicBoolean workerDone = new java.util.concurrent.atomic.AtomicBoolean();
        Thread.currentThread().interrupt();
        try
        {
            chunks.run(c ->
            {
                if (c == 1)
                {
                    final long end = System.nanoTime() + 20_000_000; // 20 ms: past the waiter's spinning and yielding
                    while (System.nanoTime() < end)
                    {
                        Thread.onSpinWait();
                    }
                    workerDone.set(true);
                }
            });
            assertTrue(workerDone.get(), "run returned before the worker's chunk ended");
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt flag is kept");
        }
        finally
        {
            Thread.interrupted();
        }
    }
}
