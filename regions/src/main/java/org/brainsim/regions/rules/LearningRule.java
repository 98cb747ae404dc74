package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learning rule at work in one region: from a trial's trajectory and the learning signals its objectives give
 * ({@link TrialLoss}), the gradients of the network's parameters. It may keep state of its own (a random feedback
 * matrix, a reward baseline, a noise stream) and learn parameters of its own (adaptive feedback).
 *
 * <p>Not thread-safe: the region's thread.
 */
public interface LearningRule
{
    /** No parameters of its own. */
    INDArray[] NONE = new INDArray[0];

    /**
     * @param inputs     the trial's inputs per step (batch × nIn).
     * @param trajectory the network's replay of the trial from those inputs, at the current weights.
     * @return the trial's gradients, as the rule estimates them.
     */
    Gradients gradients(RegionNetwork network, INDArray[] inputs, Trajectory trajectory, TrialLoss loss);

    /** @return parameters the rule itself learns beside the network's (live), updated with them. */
    default INDArray[] ownParameters()
    {
        return NONE;
    }

    /** @return the gradients of {@link #ownParameters()}, from the trial's gradients. */
    default INDArray[] ownGradients(final Gradients gradients)
    {
        return NONE;
    }

    /** Runs after each update the gate let through ({@code gate} &gt; 0), e.g. to decay adaptive feedback. */
    default void afterUpdate(final RegionNetwork network, final double gate)
    {
    }

    /**
     * @param maxDelaySteps the longest delay, in steps, of a learning signal after the step it is about.
     * @return a learner of one trial from per-step signals that arrive late ({@link RuleType#learnsOnline}).
     */
    default OnlineLearning online(final RegionNetwork network, final int batch, final int maxDelaySteps)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not learn from late per-step signals");
    }

    /**
     * Makes the rule learn from the rewards of the trials the network runs live (a region whose objective is
     * {@code reward}): it puts its perturbations on the live steps, and then learns from that trajectory and the
     * trial's rewards (the loss's {@code rowValues}, −R per row) instead of replaying the trial with noise of its own.
     *
     * @return whether the rule can ({@link RuleType#learnsFromRewards()}); {@code false} leaves everything as it was.
     */
    default boolean learnFromRewards(final RegionNetwork network)
    {
        return false;
    }
}
