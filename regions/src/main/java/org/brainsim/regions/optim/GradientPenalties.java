package org.brainsim.regions.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What is done to gradients before the optimiser: an L2 penalty (g += λ θ) and clipping of the global
 * norm of all gradients together (‖g‖ ≤ c).
 *
 * @param l2           λ ≥ 0.
 * @param clipNorm     c &gt; 0, or {@code Double.POSITIVE_INFINITY} for no clipping.
 */
public record GradientPenalties(double l2, double clipNorm)
{
    /** Neither. */
    public static final GradientPenalties NONE = new GradientPenalties(0, Double.POSITIVE_INFINITY);

    public GradientPenalties
    {
        if (!(l2 >= 0) || !(clipNorm > 0))
        {
            throw new IllegalArgumentException("l2, clipNorm: " + l2 + ", " + clipNorm + " (expected: >= 0, > 0)");
        }
    }

    /**
     * Applies the penalty and clipping in place.
     *
     * @return the global gradient norm before clipping.
     */
    public double apply(final INDArray[] params, final INDArray[] grads)
    {
        if (l2 > 0)
        {
            for (int i = 0; i < params.length; i++)
            {
                grads[i].addi(params[i].mul(l2));
            }
        }
        double squared = 0;
        for (final INDArray g : grads)
        {
            final double norm = g.norm2Number().doubleValue();
            squared += norm * norm;
        }
        final double norm = Math.sqrt(squared);
        if (norm > clipNorm)
        {
            for (final INDArray g : grads)
            {
                g.muli(clipNorm / norm);
            }
        }
        return norm;
    }
}
