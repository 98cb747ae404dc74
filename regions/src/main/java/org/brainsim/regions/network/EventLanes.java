package org.brainsim.regions.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Events#nonZero} a vector at a time: a vector of values with no event is skipped with one comparison, and only
 * the vectors that hold one are scanned value by value. Loaded only when {@link Lanes#enabled()}.
 */
final class EventLanes
{
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private EventLanes()
    {
    }

    static int nonZero(final float[] values, final int from, final int length, final int[] into)
    {
        final int bound = SPECIES.loopBound(length);
        int count = 0;
        for (int j = 0; j < bound; j += LANES)
        {
            if (FloatVector.fromArray(SPECIES, values, from + j).compare(VectorOperators.NE, 0f).anyTrue())
            {
                count = EventScan.nonZero(values, from, j, j + LANES, into, count);
            }
        }
        return EventScan.nonZero(values, from, bound, length, into, count);
    }
}
