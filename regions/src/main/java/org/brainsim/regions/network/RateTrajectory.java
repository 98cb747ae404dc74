package org.brainsim.regions.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a rate network did over one trial, per step (batch × units or batch × nOut).
 *
 * @param x        inputs x_t.
 * @param aInitial a_{−1}.
 * @param h        pre-activations h_t.
 * @param a        rates a_t.
 * @param dPhi     φ'(h_t).
 * @param y        readouts y_t.
 */
public record RateTrajectory(INDArray[] x, INDArray aInitial, INDArray[] h, INDArray[] a, INDArray[] dPhi, INDArray[] y)
    implements Trajectory
{
    @Override
    public int steps()
    {
        return a.length;
    }

    /** @return the rates a_t. */
    @Override
    public INDArray[] activity()
    {
        return a;
    }

    /** @return a_{t−1} (a_{−1} for t = 0). */
    public INDArray aPrev(final int t)
    {
        return t == 0 ? aInitial : a[t - 1];
    }
}
