package org.brainsim.objectives;

import java.util.function.DoubleSupplier;

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
 * @param feedbackSteps steps between a step of the region and the arrival of the outcome of the action it sent then
 *                    (its action link's delay plus its reward link's); 0 without a reward link.
 * @param modulatorSteps the delay of the region's modulator link (0 without one).
 * @param uniform     the region's seeded stream of uniform draws in [0, 1) for sampling actions, or {@code null}
 *                    (a region that does not act).
 * @param observationLink the index among the region's inbound links of its link from a task's observations (what a
 *                    {@code model-based} term reads the state from), or −1.
 */
public record ObjectiveContext(
    int batch, int units, int outputs, boolean spiking, double dtMs, int trialSteps, LossKind targetLoss,
    Prediction prediction, int feedbackSteps, int modulatorSteps, DoubleSupplier uniform, int observationLink)
{
    /** A context of a region that does not act. */
    public ObjectiveContext(
        final int batch, final int units, final int outputs, final boolean spiking, final double dtMs,
        final int trialSteps, final LossKind targetLoss, final Prediction prediction)
    {
        this(batch, units, outputs, spiking, dtMs, trialSteps, targetLoss, prediction, 0, 0, null, -1);
    }

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
        if (feedbackSteps < 0 || modulatorSteps < 0)
        {
            throw new IllegalArgumentException("feedbackSteps, modulatorSteps: " + feedbackSteps + ", " +
                modulatorSteps + " (expected: >= 0)");
        }
        if (!(dtMs > 0))
        {
            throw new IllegalArgumentException("dtMs: " + dtMs + " (expected: > 0)");
        }
    }

    /**
     * @return this context for a region that learns from rewards: the outcome delay, its modulator link's delay and
     *     the stream its actions are drawn from.
     */
    public ObjectiveContext acting(final int feedback, final int modulator, final DoubleSupplier draws)
    {
        return new ObjectiveContext(batch, units, outputs, spiking, dtMs, trialSteps, targetLoss, prediction, feedback,
            modulator, draws, observationLink);
    }

    /** @return this context with the index of the region's observation link (−1: none). */
    public ObjectiveContext observing(final int link)
    {
        return new ObjectiveContext(batch, units, outputs, spiking, dtMs, trialSteps, targetLoss, prediction,
            feedbackSteps, modulatorSteps, uniform, link);
    }

    /**
     * @param readout the term's readout units (its block of the region's readout).
     * @return the context of one term: its block's width as {@link #outputs()}, and what it predicts.
     */
    public ObjectiveContext forTerm(final int readout, final Prediction what)
    {
        return new ObjectiveContext(batch, units, readout, spiking, dtMs, trialSteps, targetLoss, what, feedbackSteps,
            modulatorSteps, uniform, observationLink);
    }
}
