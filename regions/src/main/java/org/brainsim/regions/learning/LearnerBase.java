package org.brainsim.regions.learning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every learner shares: the plasticity gate, the last trial's outputs, and applying a rule's
 * gradients through penalties and the optimiser — with the Kolen–Pollack feedback, when adaptive, updated
 * like W_outᵀ and both decayed.
 */
abstract class LearnerBase implements Learner
{
    final RuleSpec rule;
    final Optimizer optimizer;
    final GradientPenalties penalties;
    final INDArray feedback; // nOut × n: the random (or adaptive) feedback B
    volatile double gate = 1.0; // set by operators (JMX) from other threads, read at each update
    INDArray[] lastOutputs = new INDArray[0];

    LearnerBase(final RuleSpec rule, final Optimizer optimizer, final GradientPenalties penalties, final INDArray feedback)
    {
        this.rule = rule;
        this.optimizer = optimizer;
        this.penalties = penalties;
        this.feedback = feedback;
    }

    /** @return the network's W_out (live). */
    abstract INDArray wOut();

    /** @return the feedback matrix B in use (nOut × n): W_outᵀ when symmetric. */
    public INDArray feedback()
    {
        return rule.feedback() == FeedbackMode.SYMMETRIC ? wOut().transpose() : feedback;
    }

    /**
     * Applies one trial's gradients (same order as {@code params}), gated.
     *
     * @param outGrad the W_out gradient, which adaptive feedback also receives (transposed).
     */
    final void apply(final INDArray[] params, final INDArray[] grads, final INDArray outGrad)
    {
        final boolean adaptive = (rule.kind() == RuleKind.EPROP || rule.kind() == RuleKind.RFLO) &&
            rule.feedback() == FeedbackMode.ADAPTIVE;
        if (!adaptive)
        {
            penalties.apply(params, grads);
            optimizer.step(params, grads, gate);
            return;
        }
        final INDArray[] all = java.util.Arrays.copyOf(params, params.length + 1);
        final INDArray[] allGrads = java.util.Arrays.copyOf(grads, grads.length + 1);
        all[params.length] = feedback;
        allGrads[grads.length] = outGrad.transpose().dup();
        penalties.apply(all, allGrads);
        optimizer.step(all, allGrads, gate);
        wOut().muli(1 - rule.adaptiveDecay() * gate);
        feedback.muli(1 - rule.adaptiveDecay() * gate);
    }

    /**
     * Applies gradients for a subset of parameters that always travels alone (a region learning from
     * another region's error frames updates only its input and recurrent weights), gated, without feedback
     * adaptation.
     */
    final void applyOnly(final INDArray[] params, final INDArray[] grads)
    {
        penalties.apply(params, grads);
        optimizer.step(params, grads, gate);
    }

    @Override
    public final void plasticity(final double gate)
    {
        if (!(gate >= 0))
        {
            throw new IllegalArgumentException("gate: " + gate + " (expected: >= 0)");
        }
        this.gate = gate;
    }

    @Override
    public final double plasticity()
    {
        return gate;
    }

    @Override
    public final INDArray[] lastOutputs()
    {
        return lastOutputs;
    }
}
