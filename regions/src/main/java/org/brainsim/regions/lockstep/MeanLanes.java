package org.brainsim.regions.lockstep;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a step's output on the Vector API's lanes, for the live figures only (JMX): one vector of partial sums,
 * so the order of the additions depends on the vector width. Loaded only when the lanes are enabled.
 */
final class MeanLanes
{
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private MeanLanes()
    {
    }

    static double sum(final float[] values)
    {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (final int upper = SPECIES.loopBound(values.length); i < upper; i += SPECIES.length())
        {
            acc = acc.add(FloatVector.fromArray(SPECIES, values, i));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < values.length; i++)
        {
            sum += values[i];
        }
        return sum;
    }
}
