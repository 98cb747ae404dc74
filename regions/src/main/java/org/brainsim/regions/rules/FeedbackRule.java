package org.brainsim.regions.rules;

import org.brainsim.regions.network.RegionNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the rules with a feedback B share (e-prop, RFLO): the feedback in use, and — adaptive feedback — B as a
 * parameter of the rule's own, updated like W_outᵀ and decayed with it.
 */
abstract class FeedbackRule implements LearningRule
{
    private final Feedback feedback;

    FeedbackRule(final Feedback feedback)
    {
        this.feedback = feedback;
    }

    /** @return the feedback B in use (nOut × n): W_outᵀ when symmetric. */
    public final INDArray feedback(final RegionNetwork network)
    {
        return feedback.matrix(network);
    }

    @Override
    public final INDArray[] ownParameters()
    {
        return feedback.ownParameters();
    }

    @Override
    public final INDArray[] ownGradients(final Gradients gradients)
    {
        return feedback.ownGradients(gradients);
    }

    @Override
    public final void afterUpdate(final RegionNetwork network, final double gate)
    {
        feedback.afterUpdate(network, gate);
    }
}
