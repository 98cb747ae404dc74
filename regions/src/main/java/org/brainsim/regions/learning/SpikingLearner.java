package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link SpikingNetwork} learning by BPTT, e-prop (symmetric, random or adaptive feedback) or
 * readout-only, with firing-rate regularisation, L2, clipping and an optimiser.
 */
public final class SpikingLearner extends LearnerBase
{
    private final SpikingNetwork net;
    private final RateRegularizer regularizer;

    /**
     * @param random draws the random feedback matrix (N(0, 1/n)) when the rule needs one.
     */
    public SpikingLearner(
        final SpikingNetwork net, final RuleSpec rule, final Optimizer optimizer, final GradientPenalties penalties,
        final RateRegularizer regularizer, final NodeRandom random)
    {
        this(net, rule, optimizer, penalties, regularizer, random, 1 / Math.sqrt(net.params().n()));
    }

    /**
     * @param feedbackStd standard deviation of the random feedback matrix B (the e-prop tutorials draw
     *                    B ~ N(0, 1); the default above is N(0, 1/n)).
     */
    public SpikingLearner(
        final SpikingNetwork net, final RuleSpec rule, final Optimizer optimizer, final GradientPenalties penalties,
        final RateRegularizer regularizer, final NodeRandom random, final double feedbackStd)
    {
        super(rule, optimizer, penalties, SpikingNetwork.gaussian(random, net.params().nOut(), net.params().n(),
            feedbackStd, net.dtype()));
        if (!rule.kind().appliesTo(ModelKind.LIF))
        {
            throw new IllegalArgumentException("rule: " + rule.kind() + " (expected for spiking networks: BPTT, EPROP, " +
                "READOUT_ONLY)");
        }
        this.net = net;
        this.regularizer = regularizer;
    }

    @Override
    INDArray wOut()
    {
        return net.wOut();
    }

    public SpikingNetwork network()
    {
        return net;
    }

    @Override
    public INDArray[] parameters()
    {
        return new INDArray[] {net.wIn(), net.wRec(), net.wOut(), net.bOut()};
    }

    @Override
    public Gradients gradients(final INDArray[] inputs, final Loss loss)
    {
        return gradients(net.forwardReusing(inputs), loss);
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
        final SpikingTrajectory tr = net.forwardReusing(inputs);
        final double value = loss.value(tr.y()) + regularizer.value(tr, net.params().dtMs());
        final Gradients g = gradients(tr, loss);
        apply(parameters(), new INDArray[] {g.in(), g.rec(), g.out(), g.outBias()}, g.out());
        net.constrain();
        return value;
    }

    @Override
    public double evaluate(final INDArray[] inputs, final Loss loss)
    {
        final SpikingTrajectory tr = net.forwardReusing(inputs);
        lastOutputs = tr.y();
        return loss.value(tr.y());
    }

}
