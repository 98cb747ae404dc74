package org.brainsim.objectives;

/**
 * The region an objective serves, as the objective needs to know it.
 *
 * @param batch       batch rows.
 * @param units       recurrent units n.
 * @param outputs     readout units nOut.
 * @param spiking     whether the units spike (activity is 0/1).
 * @param dtMs        step length, ms.
 * @param trialSteps  the longest trial (sizes per-trial buffers).
 * @param targetLoss  the loss that fits the region's target source ({@code loss = task}): the task's default, or
 *                    MSE for an input's values.
 * @param prediction  what a {@code predictive} term predicts, or {@code null} (every other term).
 */
public record ObjectiveContext(
    int batch, int units, int outputs, boolean spiking, double dtMs, int trialSteps, LossKind targetLoss,
    Prediction prediction)
{
    /** A context without a prediction. */
    public ObjectiveContext(
        final int batch, final int units, final int outputs, final boolean spiking, final double dtMs,
        final int trialSteps, final LossKind targetLoss)
    {
        this(batch, units, outputs, spiking, dtMs, trialSteps, targetLoss, null);
    }

    public ObjectiveContext
    {
        if (batch < 1 || units < 1 || outputs < 1 || trialSteps < 1)
        {
            throw new IllegalArgumentException("batch, units, outputs, trialSteps: " + batch + ", " + units + ", " +
                outputs + ", " + trialSteps + " (expected: >= 1)");
        }
        if (!(dtMs > 0))
        {
            throw new IllegalArgumentException("dtMs: " + dtMs + " (expected: > 0)");
        }
    }

    /**
     * @param readout the term's readout units (its block of the region's readout).
     * @return the context of one term: its block's width as {@link #outputs()}, and what it predicts.
     */
    public ObjectiveContext forTerm(final int readout, final Prediction what)
    {
        return new ObjectiveContext(batch, units, readout, spiking, dtMs, trialSteps, targetLoss, what);
    }
}
