package org.brainsim.regions.learning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a loss with respect to a network's weights, in the weights' {@code [pre, post]} layout,
 * summed over batch rows and time steps.
 *
 * @param in      dE/dW_in, nIn × n.
 * @param rec     dE/dW_rec, n × n (zero on the diagonal where autapses are off).
 * @param bias    dE/db of the recurrent units (rate networks), 1 × n; {@code null} for spiking networks.
 * @param out     dE/dW_out, n × nOut.
 * @param outBias dE/db_out, 1 × nOut.
 */
public record Gradients(INDArray in, INDArray rec, INDArray bias, INDArray out, INDArray outBias)
{
    /** @return cosine similarity of the flattened recurrent-plus-input gradients with {@code other}'s. */
    public double cosine(final Gradients other)
    {
        final double dot = in.mul(other.in).sumNumber().doubleValue() + rec.mul(other.rec).sumNumber().doubleValue();
        final double a = in.mul(in).sumNumber().doubleValue() + rec.mul(rec).sumNumber().doubleValue();
        final double b = other.in.mul(other.in).sumNumber().doubleValue() +
            other.rec.mul(other.rec).sumNumber().doubleValue();
        return dot / Math.sqrt(a * b);
    }
}
