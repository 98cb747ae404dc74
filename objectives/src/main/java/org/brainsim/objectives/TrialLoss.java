package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a region's objectives ask of one trial, as its learning rule consumes it: the readout part (its
 * error per step) and the activity part (a direct derivative per unit, or none).
 *
 * @param readout  the summed readout terms ({@link ReadoutLoss#NONE} when no term reads the readout).
 * @param activity the summed activity terms, or {@code null}.
 */
public record TrialLoss(ReadoutLoss readout, ActivityLoss activity)
{
    public TrialLoss
    {
        if (readout == null)
        {
            throw new IllegalArgumentException("readout: null (expected: a loss, or ReadoutLoss.NONE)");
        }
    }

    /** A trial judged by its readout alone. */
    public static TrialLoss of(final ReadoutLoss readout)
    {
        return new TrialLoss(readout, null);
    }

    /** @return the readout error at step t ({@link ReadoutLoss#error}). */
    public INDArray error(final INDArray y, final int t)
    {
        return readout.error(y, t);
    }

    /** @return the activity derivative per unit (1 × n), or {@code null}. */
    public INDArray activityDerivative(final INDArray[] activity, final double dtMs)
    {
        return activity == null ? null : this.activity.derivative(activity, dtMs);
    }

    /** @return the whole loss: readout terms plus activity terms. */
    public double value(final INDArray[] y, final INDArray[] activity, final double dtMs)
    {
        return value(y, activity, null, dtMs);
    }

    /** @return the whole loss, given the activity's spike counts where the network kept them (or {@code null}). */
    public double value(final INDArray[] y, final INDArray[] activity, final float[] spikeCounts, final double dtMs)
    {
        return readout.value(y) + (this.activity == null ? 0 : this.activity.value(activity, spikeCounts, dtMs));
    }
}
