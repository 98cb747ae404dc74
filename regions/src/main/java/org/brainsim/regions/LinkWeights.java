package org.brainsim.regions;

/**
 * How a link's projection onto a region starts and whether it learns: the initial distribution of its
 * weights (variance scale²/width_from either way), the share of its synapses that are absent (a fixed random
 * mask, seeded from the region's stream and the link's name), and whether a learning region's rule may change
 * it.
 *
 * @param distribution {@link Distribution#NORMAL} N(0, scale²/fan_in) or {@link Distribution#UNIFORM}
 *                     U(±scale·√(3/fan_in)).
 * @param scale        the weight scale.
 * @param sparsity     share of synapses absent, in [0, 1).
 * @param plastic      whether the rule updates these weights (learning regions).
 */
public record LinkWeights(Distribution distribution, double scale, double sparsity, boolean plastic)
{
    /** Initial weight distributions. */
    public enum Distribution
    {
        NORMAL,
        UNIFORM
    }

    /** Gaussian, dense, plastic: the default. */
    public static LinkWeights normal(final double scale)
    {
        return new LinkWeights(Distribution.NORMAL, scale, 0, true);
    }

    public LinkWeights
    {
        if (!(sparsity >= 0 && sparsity < 1) || !(scale >= 0))
        {
            throw new IllegalArgumentException("sparsity: " + sparsity + ", scale: " + scale +
                " (expected: 0 <= sparsity < 1, scale >= 0)");
        }
    }

    /** @return whether this differs from a dense Gaussian (so the default draws stay as they always were). */
    public boolean custom()
    {
        return distribution != Distribution.NORMAL || sparsity > 0;
    }

    /**
     * Shapes a {@code rows × cols} projection drawn N(0, scale²/rows): redraws it uniform when asked and zeroes
     * absent synapses, from {@code random}.
     *
     * @param values row-major weights, changed in place.
     * @return the presence mask (1 present, 0 absent), row-major, or {@code null} when dense.
     */
    public float[] shape(final float[] values, final int rows, final NodeRandom random)
    {
        if (distribution == Distribution.UNIFORM)
        {
            final double bound = scale * Math.sqrt(3.0 / rows);
            for (int i = 0; i < values.length; i++)
            {
                values[i] = (float)((2 * random.nextDouble() - 1) * bound);
            }
        }
        if (sparsity == 0)
        {
            return null;
        }
        final float[] mask = new float[values.length];
        for (int i = 0; i < values.length; i++)
        {
            mask[i] = random.nextDouble() < sparsity ? 0f : 1f;
            values[i] *= mask[i];
        }
        return mask;
    }
}
