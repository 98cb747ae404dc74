package org.brainsim.regions.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Rate nonlinearities φ and their derivatives φ'.
 */
public enum Activation
{
    /** φ = tanh(h), φ' = 1 − φ². */
    TANH
    {
        @Override
        public INDArray apply(final INDArray h)
        {
            return Transforms.tanh(h, true);
        }

        @Override
        public INDArray derivative(final INDArray h)
        {
            final INDArray phi = Transforms.tanh(h, true);
            return phi.muli(phi).rsubi(1.0);
        }
    },
    /** φ = max(0, h), φ' = H(h). */
    RELU
    {
        @Override
        public INDArray apply(final INDArray h)
        {
            return Transforms.relu(h, true);
        }

        @Override
        public INDArray derivative(final INDArray h)
        {
            return h.gt(0).castTo(h.dataType());
        }
    },
    /** φ = log(1 + e^h), φ' = sigmoid(h). */
    SOFTPLUS
    {
        @Override
        public INDArray apply(final INDArray h)
        {
            return Transforms.softPlus(h, true);
        }

        @Override
        public INDArray derivative(final INDArray h)
        {
            return Transforms.sigmoid(h, true);
        }
    };

    /** @return φ(h), a new array. */
    public abstract INDArray apply(INDArray h);

    /** @return φ(h), computed into {@code h} itself (no allocation). */
    public INDArray applyInPlace(final INDArray h)
    {
        return switch (this)
        {
            case TANH -> Transforms.tanh(h, false);
            case RELU -> Transforms.relu(h, false);
            case SOFTPLUS -> Transforms.softPlus(h, false);
        };
    }

    /** @return φ'(h), a new array. */
    public abstract INDArray derivative(INDArray h);
}
