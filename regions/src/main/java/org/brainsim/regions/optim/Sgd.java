package org.brainsim.regions.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain gradient descent: θ ← θ − scale · lr · g. */
public final class Sgd implements Optimizer
{
    private final double learningRate;

    public Sgd(final double learningRate)
    {
        this.learningRate = learningRate;
    }

    @Override
    public void step(final INDArray[] params, final INDArray[] grads, final double scale)
    {
        if (scale == 0)
        {
            return;
        }
        for (int i = 0; i < params.length; i++)
        {
            params[i].subi(grads[i].mul(learningRate * scale));
        }
    }

    @Override
    public double learningRate()
    {
        return learningRate;
    }
}
