package org.brainsim.objectives.rl;

import java.util.function.DoubleSupplier;

/** The action draw every acting objective makes: one index from unnormalised weights, with a region's stream. */
final class Draws
{
    private Draws()
    {
    }

    /**
     * @param weights the first {@code n} entries: unnormalised probabilities (e.g. exp(β Q)).
     * @param sum     their sum.
     * @return index a with probability weights[a] / sum (one draw from {@code uniform}).
     */
    static int weighted(final double[] weights, final int n, final double sum, final DoubleSupplier uniform)
    {
        final double u = uniform.getAsDouble() * sum;
        double cumulative = 0;
        for (int a = 0; a < n - 1; a++)
        {
            cumulative += weights[a];
            if (u < cumulative)
            {
                return a;
            }
        }
        return n - 1;
    }
}
