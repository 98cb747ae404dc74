package org.brainsim.objectives;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Adds the rows of a float32 array, read in place from its ND4J buffer, into per-column sums on the Vector API's
 * lanes: column {@code j} gets its rows in row order, as in the scalar loop, so the sums are the same bits (and a
 * copy of each step into the heap is saved). Loaded only when {@link Simd#enabled()}.
 */
final class CountLanes
{
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private CountLanes()
    {
    }

    /**
     * {@code sums[j] += values[first + r · n + j]} for every row {@code r < rows} and column {@code j < n}, in that
     * order, where {@code values} are the floats in {@code buffer} (native order).
     */
    static void addRows(final ByteBuffer buffer, final int first, final int rows, final int n, final float[] sums)
    {
        final ByteBuffer in = buffer.order(NATIVE);
        final int bound = SPECIES.loopBound(n);
        for (int r = 0; r < rows; r++)
        {
            final int row = first + r * n;
            int j = 0;
            for (; j < bound; j += LANES)
            {
                FloatVector.fromArray(SPECIES, sums, j)
                    .add(FloatVector.fromByteBuffer(SPECIES, in, 4 * (row + j), NATIVE))
                    .intoArray(sums, j);
            }
            for (; j < n; j++)
            {
                sums[j] += in.getFloat(4 * (row + j));
            }
        }
    }
}
