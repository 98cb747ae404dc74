package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a trial asks of a network's activity itself (its spikes z_t, batch × n per step), beside its readout: a
 * loss and its direct derivative with respect to every unit's activity, which the rules add to the learning
 * signal (BPTT to dE/dz; e-prop as {@code Σ_t r_j e_ji^t}). Weighted: the weight of the objective term is in it.
 */
public interface ActivityLoss
{
    /** @return the loss of a trial's activity. */
    double value(INDArray[] activity, double dtMs);

    /**
     * @return ∂E/∂z per unit (1 × n), the same at every step and row, or {@code null} when the term contributes
     * nothing.
     */
    INDArray derivative(INDArray[] activity, double dtMs);

    /**
     * {@link #value(INDArray[], double)} given, where the network counted them as it ran, every unit's spikes over
     * batch and steps ({@code counts}, or {@code null}): a term that needs only those need not read the activity.
     */
    default double value(final INDArray[] activity, final float[] counts, final double dtMs)
    {
        return value(activity, dtMs);
    }

    /** {@link #derivative(INDArray[], double)} given the spike counts ({@link #value(INDArray[], float[], double)}). */
    default INDArray derivative(final INDArray[] activity, final float[] counts, final double dtMs)
    {
        return derivative(activity, dtMs);
    }

    /** @return the sum of two activity losses ({@code null} stands for none). */
    static ActivityLoss sum(final ActivityLoss a, final ActivityLoss b)
    {
        if (a == null)
        {
            return b;
        }
        if (b == null)
        {
            return a;
        }
        return new ActivityLoss()
        {
            @Override
            public double value(final INDArray[] activity, final double dtMs)
            {
                return a.value(activity, dtMs) + b.value(activity, dtMs);
            }

            @Override
            public INDArray derivative(final INDArray[] activity, final double dtMs)
            {
                return derivative(activity, (float[])null, dtMs);
            }

            @Override
            public double value(final INDArray[] activity, final float[] counts, final double dtMs)
            {
                return a.value(activity, counts, dtMs) + b.value(activity, counts, dtMs);
            }

            @Override
            public INDArray derivative(final INDArray[] activity, final float[] counts, final double dtMs)
            {
                final INDArray da = a.derivative(activity, counts, dtMs);
                final INDArray db = b.derivative(activity, counts, dtMs);
                return da == null ? db : db == null ? da : da.addi(db);
            }
        };
    }
}
