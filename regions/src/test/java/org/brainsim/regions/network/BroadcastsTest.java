package org.brainsim.regions.network;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BroadcastsTest
{
    private static INDArray random(final long seed, final long... shape)
    {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    /** The bit patterns of an array's values, in logical (row-major) order. */
    private static int[] bits(final INDArray a)
    {
        final float[] values = a.dup('c').data().asFloat();
        final int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static void assertSameBits(final INDArray expected, final INDArray actual, final String what)
    {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(bits(expected), bits(actual), what);
    }

    @Test
    void givesNd4jsBitsForEveryShape()
    {
        for (final long[] shape : new long[][] {{64, 100}, {7, 3}, {6, 6}, {1, 5}, {5, 1}, {1, 1}})
        {
            for (final char order : new char[] {'c', 'f'})
            {
                final INDArray x = random(1, shape).dup(order);
                final INDArray row = random(2, 1, shape[1]);
                final INDArray rank1Row = random(3, shape[1]);
                final INDArray column = random(4, shape[0], 1);
                final String what = java.util.Arrays.toString(shape) + " " + order;
                assertSameBits(x.dup(order).addiRowVector(row), Broadcasts.addiRowVector(x.dup(order), row), what);
                assertSameBits(x.dup(order).muliRowVector(row), Broadcasts.muliRowVector(x.dup(order), row), what);
                assertSameBits(x.dup(order).muliRowVector(rank1Row), Broadcasts.muliRowVector(x.dup(order), rank1Row),
                    what + ", rank-1 row");
                assertSameBits(x.mulRowVector(row), Broadcasts.mulRowVector(x, row), what);
                assertSameBits(x.dup(order).muliColumnVector(column), Broadcasts.muliColumnVector(x.dup(order), column),
                    what);
                assertSameBits(x.mulColumnVector(column), Broadcasts.mulColumnVector(x, column), what);
            }
        }
    }

    @Test
    void anOperandThatSharesXsBufferIsReadBeforeXChanges()
    {
        final INDArray x = random(14, 4, 4);
        final INDArray viaNd4j = x.dup();
        viaNd4j.muliRowVector(viaNd4j.getRow(0));
        final INDArray ours = x.dup();
        Broadcasts.muliRowVector(ours, ours.getRow(0));
        assertSameBits(viaNd4j, ours, "row 0 of x itself");
    }

    @Test
    void inPlaceChangesXAndTheCopyingFormsLeaveItAlone()
    {
        final INDArray x = random(5, 4, 3);
        final INDArray before = x.dup();
        final INDArray row = random(6, 1, 3);
        final INDArray copy = Broadcasts.mulRowVector(x, row);
        assertSameBits(before, x, "the copying form leaves x alone");
        assertSame(x, Broadcasts.muliRowVector(x, row));
        assertSameBits(copy, x, "in place, the same values");
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
        long ops = 0;
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (GcStorm storm = new GcStorm(0))
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
        System.out.printf("broadcasts under constant garbage collection: %d operations in 20 s%n", ops);
    }
}
