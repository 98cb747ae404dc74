package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void aFailingChunkFailsTheRunAfterTheOthersStopped()
    {
        final BatchChunks chunks = new BatchChunks(64, 2);
        final AtomicIntegerArray ran = new AtomicIntegerArray(chunks.count());
        final IllegalStateException boom = new IllegalStateException("boom");
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> chunks.run(c ->
        {
            ran.incrementAndGet(c);
            if (c == 1)
            {
                throw boom; // a worker's chunk
            }
        }));
        assertSame(boom, thrown);
        assertEquals(1, ran.get(0));
        assertEquals(1, ran.get(2)); // the caller's share ran to its end
        assertThrows(IllegalArgumentException.class, () -> new BatchChunks(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchChunks(4, 0));
    }
}
