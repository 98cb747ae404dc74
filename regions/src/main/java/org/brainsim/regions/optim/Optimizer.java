package org.brainsim.regions.optim;

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

    /** @return the learning rate it was made with (a step's scale multiplies it). */
    double learningRate();
}
