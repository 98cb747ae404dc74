package org.brainsim.regions.learning;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link SpikingNetwork} learning by BPTT, e-prop (symmetric, random or adaptive feedback) or
 * readout-only, with firing-rate regularisation, L2, clipping and an optimiser.
 */
public final class SpikingLearner implements Learner
{
    private final SpikingNetwork net;
    private final RuleSpec rule;
    private final Optimizer optimizer;
    private final GradientPenalties penalties;
    private final RateRegularizer regularizer;
    private final INDArray feedback; // nOut × n, for RANDOM and ADAPTIVE
    private double gate = 1.0;
    private INDArray[] lastOutputs = new INDArray[0];

    /**
     * @param random draws the random feedback matrix (N(0, 1/n)) when the rule needs one.
     */
    public SpikingLearner(
        final SpikingNetwork net, final RuleSpec rule, final Optimizer optimizer, final GradientPenalties penalties,
        final RateRegularizer regularizer, final NodeRandom random)
    {
        if (rule.kind() != RuleKind.BPTT && rule.kind() != RuleKind.EPROP && rule.kind() != RuleKind.READOUT_ONLY)
        {
            throw new IllegalArgumentException("rule: " + rule.kind() + " (expected for spiking networks: BPTT, EPROP, " +
                "READOUT_ONLY)");
        }
        this.net = net;
        this.rule = rule;
        this.optimizer = optimizer;
        this.penalties = penalties;
        this.regularizer = regularizer;
        final SpikingParams p = net.params();
        this.feedback = SpikingNetwork.gaussian(random, p.nOut(), p.n(), 1 / Math.sqrt(p.n()), net.dtype());
    }

    public SpikingNetwork network()
    {
        return net;
    }

    /** @return the feedback matrix B in use (nOut × n). */
    public INDArray feedback()
    {
        return rule.feedback() == FeedbackMode.SYMMETRIC ? net.wOut().transpose() : feedback;
    }

    @Override
    public INDArray[] parameters()
    {
        return new INDArray[] {net.wIn(), net.wRec(), net.wOut(), net.bOut()};
    }

    @Override
    public Gradients gradients(final INDArray[] inputs, final Loss loss)
    {
        return gradients(net.forward(inputs), loss);
    }

    private Gradients gradients(final SpikingTrajectory tr, final Loss loss)
    {
        lastOutputs = tr.y();
        return switch (rule.kind())
        {
            case BPTT -> SpikingBptt.gradients(net, tr, loss,
                new SpikingBptt.Options(rule.windowSteps(), false, false, regularizer)).gradients();
            case EPROP -> SpikingEprop.adjointGradients(net, tr, loss, feedback(), regularizer);
            default ->
            {
                final INDArray[] readout = net.readoutGradients(tr, loss);
                yield new Gradients(net.wIn().ulike().assign(0), net.wRec().ulike().assign(0), null, readout[0],
                    readout[1]);
            }
        };
    }

    @Override
    public double trainTrial(final INDArray[] inputs, final Loss loss)
    {
        final SpikingTrajectory tr = net.forward(inputs);
        final double value = loss.value(tr.y()) + regularizer.value(tr, net.params().dtMs());
        final Gradients g = gradients(tr, loss);
        final INDArray[] grads = {g.in(), g.rec(), g.out(), g.outBias()};
        final INDArray[] params = parameters();
        if (rule.kind() == RuleKind.EPROP && rule.feedback() == FeedbackMode.ADAPTIVE)
        {
            final INDArray[] withFeedback = {params[0], params[1], params[2], params[3], feedback};
            final INDArray[] gradsWithFeedback = {grads[0], grads[1], grads[2], grads[3], g.out().transpose().dup()};
            penalties.apply(withFeedback, gradsWithFeedback);
            optimizer.step(withFeedback, gradsWithFeedback, gate);
            net.wOut().muli(1 - rule.adaptiveDecay() * gate);
            feedback.muli(1 - rule.adaptiveDecay() * gate);
        }
        else
        {
            penalties.apply(params, grads);
            optimizer.step(params, grads, gate);
        }
        net.constrain();
        return value;
    }

    @Override
    public double evaluate(final INDArray[] inputs, final Loss loss)
    {
        final SpikingTrajectory tr = net.forward(inputs);
        lastOutputs = tr.y();
        return loss.value(tr.y());
    }

    @Override
    public void plasticity(final double gate)
    {
        if (!(gate >= 0))
        {
            throw new IllegalArgumentException("gate: " + gate + " (expected: >= 0)");
        }
        this.gate = gate;
    }

    @Override
    public double plasticity()
    {
        return gate;
    }

    @Override
    public INDArray[] lastOutputs()
    {
        return lastOutputs;
    }
}
