package org.brainsim.regions.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Dale's law on a recurrent weight matrix {@code [pre, post]}: every presynaptic unit is excitatory (all its
 * outgoing weights ≥ 0) or inhibitory (all ≤ 0). The first {@code round(n · excitatoryFraction)} units are
 * excitatory. Learning keeps the law by projection: after every update a weight that crossed zero is set
 * to zero. Inputs from other regions are not constrained here.
 */
public final class DaleSigns
{
    private final INDArray signs; // n × 1: +1 excitatory, −1 inhibitory

    /**
     * @param n                  units.
     * @param excitatoryFraction share of excitatory units, in [0, 1].
     */
    public DaleSigns(final int n, final double excitatoryFraction, final org.nd4j.linalg.api.buffer.DataType dtype)
    {
        if (!(excitatoryFraction >= 0 && excitatoryFraction <= 1))
        {
            throw new IllegalArgumentException("excitatoryFraction: " + excitatoryFraction + " (expected: in [0, 1])");
        }
        final double[] s = new double[n];
        final int excitatory = (int)Math.round(n * excitatoryFraction);
        for (int i = 0; i < n; i++)
        {
            s[i] = i < excitatory ? 1 : -1;
        }
        this.signs = Nd4j.create(s, new long[] {n, 1}, org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(dtype);
    }

    /** @return +1 / −1 per presynaptic unit, n × 1. */
    public INDArray signs()
    {
        return signs;
    }

    /** Initialises in place: W ← |W| with each row given its unit's sign. */
    public void initialise(final INDArray weights)
    {
        final INDArray abs = Broadcasts.muliColumnVector(Transforms.abs(weights, true), signs);
        weights.assign(abs);
    }

    /** Projects in place: W ← sign · max(0, sign · W), row by row. */
    public void project(final INDArray weights)
    {
        final INDArray aligned = Broadcasts.mulColumnVector(weights, signs);
        weights.assign(Broadcasts.muliColumnVector(Transforms.relu(aligned, false), signs));
    }
}
