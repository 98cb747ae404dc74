package org.brainsim.regions.rules;

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
    /**
     * @param split   {in, rec, bias} of a rate network ({@code RateNetwork#split}).
     * @param readout {out, outBias}.
     */
    public static Gradients of(final INDArray[] split, final INDArray[] readout)
    {
        return new Gradients(split[0], split[1], split[2], readout[0], readout[1]);
    }

    /** @return the gradients in the order of the network's {@code parameters()}: in, rec, [bias,] out, outBias. */
    public INDArray[] toArray()
    {
        return bias == null ? new INDArray[] {in, rec, out, outBias} : new INDArray[] {in, rec, bias, out, outBias};
    }

    /** @return zero gradients for every parameter but the readout's (a rule that trains the readout only). */
    public static Gradients readoutOnly(final org.brainsim.regions.network.RegionNetwork net, final INDArray[] readout)
    {
        final INDArray bias = net instanceof org.brainsim.regions.network.RateNetwork rate ?
            rate.bias().ulike().assign(0) : null;
        return new Gradients(net.wIn().ulike().assign(0), net.wRec().ulike().assign(0), bias, readout[0], readout[1]);
    }

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
