package org.brainsim.regions.rules;

import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.SpikingNetwork;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reward-modulated rules: Miconi's sign test (reference §5.1 test 1) and REINFORCE's unbiasedness by
 * averaging (reference §5.2).
 */
class ThreeFactorTest
{
    @Test
    void aSinglePositivePerturbationGivesEligibilityWithTheSignOfThePresynapticRate()
    {
        final RateParams p = new RateParams(2, 6, 1, 0.5, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.0, NodeRandom.forNode(1, "miconi"));
        final int steps = 30;
        final int kick = 20;
        final int target = 3;
        final INDArray[] x = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            x[t] = Nd4j.create(new double[][] {{0.7, -0.4}}); // constant input: the network settles
        }
        final INDArray[] noise = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            noise[t] = Nd4j.zeros(DataType.DOUBLE, 1, p.n());
        }
        noise[kick].putScalar(0, target, 3.0);

        final RateTrajectory calm = net.forward(x);
        final RateTrajectory kicked = net.forward(x, noise);
        final INDArray calmE = MiconiRule.eligibility(net, calm);
        final INDArray kickedE = MiconiRule.eligibility(net, kicked);

        // The kick's own contribution: e[i, target] − calm e[i, target] has the sign of â_{kick−1}[i].
        final INDArray aHat = net.augmentedInput(kicked, kick);
        int checked = 0;
        for (int i = 0; i < p.m(); i++)
        {
            final double pre = aHat.getDouble(0, i);
            if (Math.abs(pre) < 1e-3)
            {
                continue;
            }
            final double delta = kickedE.getDouble(0, i, target) - calmE.getDouble(0, i, target);
            assertEquals(Math.signum(pre), Math.signum(delta), "synapse " + i + " → " + target);
            checked++;
        }
        assertTrue(checked >= 6, "enough synapses had non-zero presynaptic rates: " + checked);
    }

    @Test
    void nodePerturbationAveragedOverManyTrialsPointsAlongTheTrueGradient()
    {
        final RateParams p = new RateParams(2, 4, 1, 0.5, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.2, NodeRandom.forNode(2, "np"));
        final int steps = 8;
        final int samples = 20_000; // one batch row per noise sample, all on the same trial
        final INDArray[] x = oneTrial(steps, samples, DataType.DOUBLE);
        final Loss loss = sineTargets(steps, samples);

        final Gradients estimate = NodePerturbationRule.gradients(net, x, loss, 0.02, NodeRandom.forNode(4, "noise"));
        final Gradients exact = RateBptt.gradients(net, net.forward(x), loss, Integer.MAX_VALUE);

        final double cosine = estimate.cosine(exact);
        final double ratio = (estimate.rec().norm2Number().doubleValue() + estimate.in().norm2Number().doubleValue()) /
            (exact.rec().norm2Number().doubleValue() + exact.in().norm2Number().doubleValue());
        assertTrue(cosine > 0.95, "cosine with the BPTT gradient: " + cosine);
        assertTrue(ratio > 0.8 && ratio < 1.25, "magnitude ratio: " + ratio);
    }

    @Test
    void miconiAveragedOverManyTrialsPointsAlongTheTrueGradient()
    {
        // reference §5.1 test 2: Miconi's update, averaged over many perturbed runs of one trial, correlates
        // positively with the gradient of the loss (biased by the cube, so a cosine well above 0, not near 1)
        final RateParams p = new RateParams(2, 4, 1, 1.0 / 3, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.2, NodeRandom.forNode(2, "miconi-grad"));
        final int steps = 12;
        final int samples = 20_000;
        final INDArray[] x = oneTrial(steps, samples, DataType.DOUBLE);
        final Loss loss = sineTargets(steps, samples);
        final Gradients estimate = new MiconiRule(0.1, 3.0, NodeRandom.forNode(4, "kicks")).gradients(net, x, loss, 0.1,
            3.0, NodeRandom.forNode(4, "kicks"));
        final Gradients exact = RateBptt.gradients(net, net.forward(x), loss, Integer.MAX_VALUE);
        final double cosine = estimate.cosine(exact);
        assertTrue(cosine > 0.5, "cosine with the BPTT gradient: " + cosine);
    }

    @Test
    void nodePerturbationFromTheRewardsOfLiveTrialsPointsAlongTheTrueGradient()
    {
        // reward mode: the rule kicks the live state, the trial's reward judges it (here R = −L of the readout), and
        // its update over many rows of one trial, against the batch's mean reward, follows the gradient of E[L]
        final RateParams p = new RateParams(2, 4, 1, 0.5, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.FLOAT, 1.2, NodeRandom.forNode(2, "np-live"));
        final RateNetwork reference = RateNetwork.random(p, DataType.DOUBLE, 1.2, NodeRandom.forNode(2, "np-live"));
        final int steps = 8;
        final int samples = 40_000;
        final INDArray[] x = oneTrial(steps, samples, DataType.FLOAT);
        final Loss loss = sineTargets(steps, samples);
        final NodePerturbationRule rule = new NodePerturbationRule(0.02, NodeRandom.forNode(4, "kicks"));
        assertTrue(rule.learnFromRewards(net));
        net.recordLive(steps);
        final float[] activity = new float[samples * 4];
        final float[] readout = new float[samples];
        net.resetState(samples);
        for (int t = 0; t < 3; t++)
        {
            net.step(x[t].dup().data().asFloat(), activity, readout); // a first, short trial: its kicks are forgotten
        }
        net.resetState(samples);
        for (int t = 0; t < steps; t++)
        {
            net.step(x[t].dup().data().asFloat(), activity, readout);
        }
        final RateTrajectory live = net.liveTrajectory();
        final double[] rowLoss = loss.rowValues(live.y());
        final Gradients estimate = rule.gradients(net, x, live, org.brainsim.objectives.TrialLoss.of(
            org.brainsim.objectives.ReadoutLoss.rows(rowLoss)));
        final INDArray[] xd = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            xd[t] = x[t].castTo(DataType.DOUBLE);
        }
        final Gradients exact = RateBptt.gradients(reference, reference.forward(xd), loss, Integer.MAX_VALUE);
        final Gradients inDouble = new Gradients(estimate.in().castTo(DataType.DOUBLE),
            estimate.rec().castTo(DataType.DOUBLE), estimate.bias().castTo(DataType.DOUBLE),
            estimate.out().castTo(DataType.DOUBLE), estimate.outBias().castTo(DataType.DOUBLE));
        final double cosine = inDouble.cosine(exact);
        final double ratio = (inDouble.rec().norm2Number().doubleValue() + inDouble.in().norm2Number().doubleValue()) /
            (exact.rec().norm2Number().doubleValue() + exact.in().norm2Number().doubleValue());
        assertTrue(cosine > 0.99, "cosine with the BPTT gradient: " + cosine);
        assertTrue(ratio > 0.9 && ratio < 1.1, "magnitude ratio (the scale of the score, 1/σ², and φ'): " + ratio);
        assertEquals(0.0, estimate.out().norm2Number().doubleValue(), 0.0, "the readout gets nothing from rewards");
    }

    /** @return one trial of 2 Gaussian inputs per step (seeded), the same in every one of {@code samples} rows. */
    private static INDArray[] oneTrial(final int steps, final int samples, final DataType dtype)
    {
        final INDArray[] x = new INDArray[steps];
        final NodeRandom inputs = NodeRandom.forNode(3, "inputs");
        for (int t = 0; t < steps; t++)
        {
            x[t] = Nd4j.repeat(SpikingNetwork.gaussian(inputs, 1, 2, 1.0, dtype), samples).reshape(samples, 2);
        }
        return x;
    }

    /** @return MSE against y*_t = sin t at every step, in every row. */
    private static Loss sineTargets(final int steps, final int samples)
    {
        final INDArray[] y = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            y[t] = Nd4j.valueArrayOf(new long[] {samples, 1}, Math.sin(t), DataType.DOUBLE);
        }
        return Loss.everyStep(LossKind.MSE, y);
    }
}
