package org.brainsim.regions.region;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which inbound links of a region play which part (indices among the inbound links in link order; −1 = none), and
 * how its trials are laid out. Every other inbound link is an input to its units, in link order.
 *
 * @param targetLink      the target of the readout.
 * @param targetFormat    its layout.
 * @param errorLink       another region's error to learn from online (instead of a target).
 * @param errorDelaySteps steps between a step of this region and the arrival of the error about it.
 * @param errorFeedback   nErr × n feedback carrying the arriving error to the units (with errorLink).
 * @param controlLink     a task's control link (phase index and trial flags).
 * @param controlTrials   whether the control link's flags mark the trials (a region without a target from the task
 *                        that steps in the task's trials).
 * @param trialSteps      the trial length with {@link TargetFormat#VALUES}, an error link or no target (0: no trials,
 *                        the state runs on from step 0); with a task's target, its longest trial (the size of the
 *                        trial buffers).
 * @param gradientLink    a downstream region's exact gradients to back-propagate through the region's trials
 *                        (exact cross-region BPTT, {@link GradientReceiver}; instead of a target or an error link).
 * @param rewardLink      an environment's rewards ({@code RewardFrame} rows {@code [reward, flags]}), for an objective
 *                        that learns from them.
 * @param feedbackSteps   steps between a step of this region and the arrival, on the reward link, of the outcome of
 *                        the action it sent at that step (the action link's delay plus the reward link's).
 * @param modulatorLink   another region's neuromodulator (a critic's TD error), for an objective that learns from it.
 * @param valueLinks      controllers' action values ({@code ActionValuesFrame} rows: values, then variances), for an
 *                        arbiter, in the order it reads them (empty: none).
 */
public record RegionWiring(
    int targetLink, TargetFormat targetFormat, int errorLink, int errorDelaySteps, INDArray errorFeedback,
    int controlLink, boolean controlTrials, int trialSteps, int gradientLink, int rewardLink, int feedbackSteps,
    int modulatorLink, int[] valueLinks)
{
    /** Wiring without action-value links. */
    public RegionWiring(
        final int targetLink, final TargetFormat targetFormat, final int errorLink, final int errorDelaySteps,
        final INDArray errorFeedback, final int controlLink, final boolean controlTrials, final int trialSteps,
        final int gradientLink, final int rewardLink, final int feedbackSteps, final int modulatorLink)
    {
        this(targetLink, targetFormat, errorLink, errorDelaySteps, errorFeedback, controlLink, controlTrials,
            trialSteps, gradientLink, rewardLink, feedbackSteps, modulatorLink, new int[0]);
    }

    /** @return the same wiring with these action-value links. */
    public RegionWiring withValueLinks(final int[] links)
    {
        return new RegionWiring(targetLink, targetFormat, errorLink, errorDelaySteps, errorFeedback, controlLink,
            controlTrials, trialSteps, gradientLink, rewardLink, feedbackSteps, modulatorLink, links.clone());
    }

    /** Wiring without a reward link. */
    public RegionWiring(
        final int targetLink, final TargetFormat targetFormat, final int errorLink, final int errorDelaySteps,
        final INDArray errorFeedback, final int controlLink, final boolean controlTrials, final int trialSteps,
        final int gradientLink)
    {
        this(targetLink, targetFormat, errorLink, errorDelaySteps, errorFeedback, controlLink, controlTrials,
            trialSteps, gradientLink, -1, 0, -1);
    }

    /** Wiring without a gradient link. */
    public RegionWiring(
        final int targetLink, final TargetFormat targetFormat, final int errorLink, final int errorDelaySteps,
        final INDArray errorFeedback, final int controlLink, final boolean controlTrials, final int trialSteps)
    {
        this(targetLink, targetFormat, errorLink, errorDelaySteps, errorFeedback, controlLink, controlTrials,
            trialSteps, -1);
    }

    /** How a target link's rows are laid out. */
    public enum TargetFormat
    {
        /** {@code [y*]} per row; trials are {@code trialSteps} long and every step counts. */
        VALUES,
        /** {@code [y*, w, flags]} per row from a task ({@code TaskSignal}): the task marks trials and windows. */
        TASK
    }

    public RegionWiring
    {
        valueLinks = valueLinks == null ? new int[0] : valueLinks.clone();
        if (trialSteps < 0)
        {
            throw new IllegalArgumentException("trialSteps: " + trialSteps + " (expected: >= 0)");
        }
        if (errorLink >= 0 && targetLink >= 0)
        {
            throw new IllegalArgumentException("errorLink and targetLink: a region learns from one or the other");
        }
        if ((errorLink >= 0 || targetLink >= 0 && targetFormat == TargetFormat.VALUES) && trialSteps < 1)
        {
            throw new IllegalArgumentException("trialSteps: " + trialSteps + " (expected: >= 1 with an error link or " +
                "a target of values)");
        }
        if (controlTrials && (controlLink < 0 || targetFormat == TargetFormat.TASK && targetLink >= 0 ||
            trialSteps < 1))
        {
            throw new IllegalArgumentException("controlTrials: needs a control link and no target from the task");
        }
        if (gradientLink >= 0 && (targetLink >= 0 || errorLink >= 0 || trialSteps < 1))
        {
            throw new IllegalArgumentException("gradientLink: a region learns from its gradient link alone, in trials " +
                "(trialSteps >= 1)");
        }
        if (rewardLink >= 0 && (targetLink >= 0 || errorLink >= 0 || gradientLink >= 0 || trialSteps < 1 ||
            feedbackSteps < 0))
        {
            throw new IllegalArgumentException("rewardLink: a region learns from its rewards alone, in trials " +
                "(trialSteps >= 1, feedbackSteps >= 0)");
        }
        if (modulatorLink >= 0 && rewardLink < 0)
        {
            throw new IllegalArgumentException("modulatorLink: needs a reward link (which says what the region did)");
        }
        if (errorLink >= 0 && errorFeedback == null)
        {
            throw new IllegalArgumentException("errorFeedback: null (expected: nErr × n with an error link)");
        }
    }

    /** Only inputs: a region that does not learn, with trials of {@code trialSteps} (0: none). */
    public static RegionWiring inputsOnly(final int trialSteps)
    {
        return new RegionWiring(-1, TargetFormat.VALUES, -1, 0, null, -1, false, trialSteps);
    }

    /** A plain target link, fixed-length trials. */
    public static RegionWiring target(final int targetLink, final int trialSteps)
    {
        return new RegionWiring(targetLink, TargetFormat.VALUES, -1, 0, null, -1, false, trialSteps);
    }

    /** @return whether the task's flags mark the trials. */
    public boolean taskTrials()
    {
        return targetLink >= 0 && targetFormat == TargetFormat.TASK;
    }

    /** @return whether link {@code l} is an input to the units. */
    public boolean isInput(final int l)
    {
        if (l == targetLink || l == errorLink || l == controlLink || l == gradientLink || l == rewardLink ||
            l == modulatorLink)
        {
            return false;
        }
        for (final int v : valueLinks)
        {
            if (l == v)
            {
                return false;
            }
        }
        return true;
    }
}
