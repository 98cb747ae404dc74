package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One objective's part of one trial, weighted: what it asks of the readout and of the activity, and how it scores
 * the trial.
 */
public interface TrialTerm
{
    /** @return a term that is its readout loss alone: its value is the loss's, on the readout. */
    static TrialTerm of(final ReadoutLoss loss)
    {
        return new TrialTerm()
        {
            @Override
            public ReadoutLoss readout()
            {
                return loss;
            }

            @Override
            public double value(final INDArray[] y, final INDArray[] activity, final double dtMs)
            {
                return loss.value(y);
            }
        };
    }

    /** @return its readout loss, or {@link ReadoutLoss#NONE}. */
    default ReadoutLoss readout()
    {
        return ReadoutLoss.NONE;
    }

    /** @return its activity loss, or {@code null}. */
    default ActivityLoss activity()
    {
        return null;
    }

    /**
     * @param y        the trial's readout per step.
     * @param activity the trial's activity per step.
     * @return the term's loss on the trial (weighted).
     */
    double value(INDArray[] y, INDArray[] activity, double dtMs);

    /** @return whether the term is a regulariser: its loss is left out of the region's recorded task loss. */
    default boolean regularizer()
    {
        return false;
    }

    /** @return the share of rows the trial got right, or NaN when the term is not a classification. */
    default double accuracy(final INDArray[] y)
    {
        return Double.NaN;
    }
}
