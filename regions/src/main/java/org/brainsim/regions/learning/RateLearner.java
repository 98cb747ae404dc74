package org.brainsim.regions.learning;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link RateNetwork} learning by BPTT, e-prop/RFLO (symmetric, random or adaptive feedback), RTRL,
 * readout-only, node perturbation or Miconi's rule, with L2, clipping and an optimiser. For rate networks
 * e-prop and RFLO compute the same local trace (the e-prop eligibility without the self-connection term).
 */
public final class RateLearner implements Learner
{
    private final RateNetwork net;
    private final RuleSpec rule;
    private final Optimizer optimizer;
    private final GradientPenalties penalties;
    private final NodeRandom random;
    private final INDArray feedback;
    private final MiconiRule miconi = new MiconiRule();
    private final long maxInfluenceBytes;
    private double gate = 1.0;
    private INDArray[] lastOutputs = new INDArray[0];

    /**
     * @param random draws the random feedback (N(0, 1/n)) and every noise sample of the stochastic rules.
     */
    public RateLearner(
        final RateNetwork net, final RuleSpec rule, final Optimizer optimizer, final GradientPenalties penalties,
        final NodeRandom random)
    {
        this.net = net;
        this.rule = rule;
        this.optimizer = optimizer;
        this.penalties = penalties;
        this.random = random;
        final RateParams p = net.params();
        this.feedback = SpikingNetwork.gaussian(random, p.nOut(), p.n(), 1 / Math.sqrt(p.n()), net.dtype());
        this.maxInfluenceBytes = Rtrl.DEFAULT_MAX_INFLUENCE_BYTES;
    }

    public RateNetwork network()
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
        return new INDArray[] {net.wIn(), net.wRec(), net.bias(), net.wOut(), net.bOut()};
    }

    @Override
    public Gradients gradients(final INDArray[] inputs, final Loss loss)
    {
        return switch (rule.kind())
        {
            case BPTT -> RateBptt.gradients(net, trajectory(inputs), loss, rule.windowSteps());
            case EPROP, RFLO -> Rflo.adjointGradients(net, trajectory(inputs), loss, feedback());
            case RTRL -> Rtrl.gradients(net, trajectory(inputs), loss, maxInfluenceBytes);
            case READOUT_ONLY ->
            {
                final INDArray[] readout = net.readoutGradients(trajectory(inputs), loss);
                yield new Gradients(net.wIn().ulike().assign(0), net.wRec().ulike().assign(0),
                    net.bias().ulike().assign(0), readout[0], readout[1]);
            }
            case NODE_PERTURBATION -> NodePerturbation.gradients(net, inputs, loss, rule.noiseStd(), random);
            case MICONI -> miconi.gradients(net, inputs, loss, rule.perturbationProbability(),
                rule.perturbationAmplitude(), random);
        };
    }

    private RateTrajectory trajectory(final INDArray[] inputs)
    {
        final RateTrajectory tr = net.forward(inputs);
        lastOutputs = tr.y();
        return tr;
    }

    @Override
    public double trainTrial(final INDArray[] inputs, final Loss loss)
    {
        final double value = evaluate(inputs, loss);
        final Gradients g = gradients(inputs, loss);
        final INDArray[] grads = {g.in(), g.rec(), g.bias(), g.out(), g.outBias()};
        final INDArray[] params = parameters();
        final boolean adaptive = (rule.kind() == RuleKind.EPROP || rule.kind() == RuleKind.RFLO) &&
            rule.feedback() == FeedbackMode.ADAPTIVE;
        if (adaptive)
        {
            final INDArray[] all = {params[0], params[1], params[2], params[3], params[4], feedback};
            final INDArray[] allGrads = {grads[0], grads[1], grads[2], grads[3], grads[4], g.out().transpose().dup()};
            penalties.apply(all, allGrads);
            optimizer.step(all, allGrads, gate);
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
        return loss.value(trajectory(inputs).y());
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
