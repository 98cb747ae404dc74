package org.brainsim.regions.lockstep;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live mean of a step's output (JMX): on lanes when enabled, against the mean in double precision. */
class LockstepNodeMeanTest
{
    @Test
    void meanMatchesTheDoublePrecisionMeanAtEveryLengthAroundTheLanes()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (final int length : new int[] {1, 2, 7, 15, 16, 17, 31, 33, 255, 8192, 8195})
        {
            final float[] values = new float[length];
            double exact = 0;
            for (int i = 0; i < length; i++)
            {
                values[i] = (float)(random.nextDouble() * 2 - 0.5);
                exact += values[i];
            }
            exact /= length;
            assertEquals(exact, LockstepNode.mean(values), 1e-6 * Math.max(1, Math.abs(exact)), "length " + length);
        }
        assertEquals(0.0, LockstepNode.mean(new float[0]));
    }

    @Test
    void meanCountsSpikesExactly()
    {
        final float[] spikes = new float[64 * 100 + 3];
        int count = 0;
        for (int i = 0; i < spikes.length; i += 3)
        {
            spikes[i] = 1f;
            count++;
        }
        assertEquals((double)count / spikes.length, LockstepNode.mean(spikes), 0.0);
    }
}
