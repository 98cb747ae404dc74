package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link RateNetwork} learning by BPTT, e-prop/RFLO (symmetric, random or adaptive feedback), RTRL,
 * readout-only, node perturbation or Miconi's rule, with L2, clipping and an optimiser. For rate networks
 * e-prop and RFLO compute the same local trace (the e-prop eligibility without the self-connection term).
 */
public final class RateLearner extends LearnerBase
{
    private final RateNetwork net;
    private final NodeRandom random;
    private final MiconiRule miconi = new MiconiRule();
    private final long maxInfluenceBytes;

    /**
     * @param random draws the random feedback (N(0, 1/n)) and every noise sample of the stochastic rules.
     */
    public RateLearner(
        final RateNetwork net, final RuleSpec rule, final Optimizer optimizer, final GradientPenalties penalties,
        final NodeRandom random)
    {
        super(rule, optimizer, penalties, SpikingNetwork.gaussian(random, net.params().nOut(), net.params().n(),
            1 / Math.sqrt(net.params().n()), net.dtype()));
        this.net = net;
        this.random = random;
        this.maxInfluenceBytes = Rtrl.DEFAULT_MAX_INFLUENCE_BYTES;
    }

    @Override
    INDArray wOut()
    {
        return net.wOut();
    }

    public RateNetwork network()
    {
        return net;
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
        apply(parameters(), new INDArray[] {g.in(), g.rec(), g.bias(), g.out(), g.outBias()}, g.out());
        net.constrain();
        return value;
    }

    @Override
    public double evaluate(final INDArray[] inputs, final Loss loss)
    {
        return loss.value(trajectory(inputs).y());
    }

}
