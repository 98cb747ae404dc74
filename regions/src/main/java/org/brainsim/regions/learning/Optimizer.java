package org.brainsim.regions.learning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies gradients to parameters in place. One optimiser instance serves one fixed list of
 * parameters (its state is per position in that list).
 */
public interface Optimizer
{
    /**
     * @param params parameters, updated in place.
     * @param grads  their gradients (same order and shapes); not modified.
     * @param scale  multiplies the step (the plasticity gate; 0 leaves every parameter and the state untouched).
     */
    void step(INDArray[] params, INDArray[] grads, double scale);

    /** Plain gradient descent: θ ← θ − scale · lr · g. */
    static Optimizer sgd(final double learningRate)
    {
        return (params, grads, scale) ->
        {
            if (scale == 0)
            {
                return;
            }
            for (int i = 0; i < params.length; i++)
            {
                params[i].subi(grads[i].mul(learningRate * scale));
            }
        };
    }

    /** Adam in the TensorFlow convention (see {@link Adam}). */
    static Optimizer adam(final double learningRate)
    {
        return new Adam(learningRate, 0.9, 0.999, 1e-7);
    }
}
