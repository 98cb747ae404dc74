package org.brainsim.regions.network;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BroadcastsTest
{
    private static INDArray random(final long seed, final long... shape)
    {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    @Test
    void givesNd4jsBitsForEveryShapeWeBroadcast()
    {
        for (final long[] shape : new long[][] {{64, 100}, {7, 3}, {1, 5}, {5, 1}, {1, 1}})
        {
            final INDArray x = random(1, shape);
            final INDArray row = random(2, 1, shape[1]);
            final INDArray rank1Row = random(3, shape[1]);
            final INDArray column = random(4, shape[0], 1);
            assertEquals(x.dup().addiRowVector(row), Broadcasts.addiRowVector(x.dup(), row));
            assertEquals(x.dup().muliRowVector(row), Broadcasts.muliRowVector(x.dup(), row));
            assertEquals(x.dup().muliRowVector(rank1Row), Broadcasts.muliRowVector(x.dup(), rank1Row));
            assertEquals(x.mulRowVector(row), Broadcasts.mulRowVector(x, row));
            assertEquals(x.dup().muliColumnVector(column), Broadcasts.muliColumnVector(x.dup(), column));
            assertEquals(x.mulColumnVector(column), Broadcasts.mulColumnVector(x, column));
            assertArrayEquals(x.mulRowVector(row).data().asInt(), Broadcasts.mulRowVector(x, row).data().asInt(),
                "bit for bit, " + java.util.Arrays.toString(shape));
            assertArrayEquals(x.mulColumnVector(column).data().asInt(),
                Broadcasts.mulColumnVector(x, column).data().asInt(), "bit for bit, " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void inPlaceChangesXAndTheCopyingFormsLeaveItAlone()
    {
        final INDArray x = random(5, 4, 3);
        final INDArray before = x.dup();
        final INDArray row = random(6, 1, 3);
        final INDArray copy = Broadcasts.mulRowVector(x, row);
        assertEquals(before, x);
        assertSame(x, Broadcasts.muliRowVector(x, row));
        assertEquals(copy, x);
        assertSame(x, Broadcasts.addiRowVector(x, row));
        assertSame(x, Broadcasts.muliColumnVector(x, random(7, 4, 1)));
    }

    @Test
    void aVectorOfTheWrongLengthIsRefused()
    {
        final INDArray x = random(8, 4, 3);
        assertThrows(IllegalStateException.class, () -> Broadcasts.addiRowVector(x, random(9, 1, 4)));
        assertThrows(IllegalStateException.class, () -> Broadcasts.muliColumnVector(x, random(10, 3, 1)));
    }

    /**
     * The race {@link Broadcasts} closes: broadcasts while another thread forces garbage collections. Without the
     * fence, ND4J's own {@code mulRowVector} crashed the JVM in this loop (SIGBUS in {@code sd::TadDescriptor}, SIGSEGV
     * in {@code sd::DataBuffer::primary()}) in some runs of 20 s on this project's 2-core machine; a crash kills the
     * test JVM and fails the build.
     */
    @Test
    @Tag("slow")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void survivesBroadcastsUnderConstantGarbageCollection() throws InterruptedException
    {
        final INDArray x = random(11, 64, 100);
        final INDArray row = random(12, 1, 100);
        final INDArray column = random(13, 64, 1);
        final AtomicBoolean done = new AtomicBoolean();
        final Thread collector = new Thread(() ->
        {
            while (!done.get())
            {
                System.gc();
            }
        }, "gc-storm");
        collector.setDaemon(true);
        collector.start();
        long ops = 0;
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try
        {
            while (System.nanoTime() < end)
            {
                for (int i = 0; i < 100; i++)
                {
                    Broadcasts.mulRowVector(x, row);
                    Broadcasts.mulColumnVector(x, column);
                    ops += 2;
                }
            }
        }
        finally
        {
            done.set(true);
            collector.join();
        }
        System.out.printf("broadcasts under constant garbage collection: %d operations in 20 s%n", ops);
    }
}
