package org.brainsim.regions.rules;

import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Miconi's rule learning from rewards (objective = reward): on the trial as it ran, g = −Σ_b (R_b − R̄_b) e_b with
 * R = −rowLoss; the baseline starts at the first trial's mean R and moves by R̄ ← 0.75 R̄ + 0.25 mean R after each
 * update, one for all rows ({@code shared}) or one per input sequence ({@code per-input}); the readout gets no
 * gradient; {@code gradient_clip} bounds every entry.
 */
class MiconiRewardTest
{
    private static final int BATCH = 3;
    private static final int STEPS = 10;

    private final RateNetwork net = RateNetwork.random(new RateParams(2, 5, 1, 0.2, Activation.TANH, 0.0),
        DataType.DOUBLE, 1.2, NodeRandom.forNode(5, "miconi-reward"));

    /** Rows 0 and 2 see the same input sequence (one trial type), row 1 another. */
    private static INDArray[] inputs()
    {
        final NodeRandom random = NodeRandom.forNode(6, "x");
        final INDArray[] x = new INDArray[STEPS];
        for (int t = 0; t < STEPS; t++)
        {
            final double a = random.nextGaussian();
            final double b = random.nextGaussian();
            final double c = random.nextGaussian();
            final double d = random.nextGaussian();
            x[t] = Nd4j.create(new double[][] {{a, b}, {c, d}, {a, b}});
        }
        return x;
    }

    private static TrialLoss rowLoss(final double... rows)
    {
        return TrialLoss.of(ReadoutLoss.rows(rows));
    }

    /** @return −Σ_b adv_b e_b, split as the rule splits it. */
    private INDArray[] expected(final RateTrajectory tr, final double... advantage)
    {
        final INDArray e = MiconiRule.eligibility(net, tr);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, e.size(1), e.size(2));
        for (int b = 0; b < BATCH; b++)
        {
            g = g.sub(e.slice(b).mul(advantage[b]));
        }
        return net.split(g);
    }

    private static void assertGradient(final INDArray[] expected, final Gradients actual, final String what)
    {
        assertArrayEquals(expected[0].ravel().toDoubleVector(), actual.in().ravel().toDoubleVector(), 1e-12, what);
        assertArrayEquals(expected[1].ravel().toDoubleVector(), actual.rec().ravel().toDoubleVector(), 1e-12, what);
        assertArrayEquals(expected[2].ravel().toDoubleVector(), actual.bias().ravel().toDoubleVector(), 1e-12, what);
        assertEquals(0.0, actual.out().norm2Number().doubleValue(), 0.0, what + ": no readout gradient");
    }

    @Test
    void aSharedBaselineStartsAtTheFirstMeanAndFollowsTheRunningMean()
    {
        final MiconiRule rule = new MiconiRule(0.1, 1.0, NodeRandom.forNode(1, "kicks"));
        assertTrue(rule.learnFromRewards(net));
        final INDArray[] x = inputs();
        final RateTrajectory tr = net.forward(x);
        // trial 1: R = {−0.5, −1, −0.3}, R̄ = mean = −0.6
        assertGradient(expected(tr, 0.1, -0.4, 0.3), rule.gradients(net, x, tr, rowLoss(0.5, 1.0, 0.3)), "trial 1");
        assertEquals(-0.6, rule.rewardBaseline(), 1e-15);
        // trial 2: R = {−0.2, −0.6, −0.2} against −0.6; then R̄ = 0.75 · −0.6 + 0.25 · −1/3
        assertGradient(expected(tr, 0.4, 0.0, 0.4), rule.gradients(net, x, tr, rowLoss(0.2, 0.6, 0.2)), "trial 2");
        assertEquals(0.75 * -0.6 + 0.25 * (-(0.2 / 3 + 0.6 / 3 + 0.2 / 3)), rule.rewardBaseline(), 1e-15);
    }

    @Test
    void aPerInputBaselineKeepsOneRunningMeanPerTrialType()
    {
        final MiconiRule rule = new MiconiRule(0.1, 1.0, NodeRandom.forNode(1, "kicks"))
            .with(RewardBaseline.Kind.PER_INPUT, 0);
        rule.learnFromRewards(net);
        final INDArray[] x = inputs();
        final RateTrajectory tr = net.forward(x);
        // trial 1: type A (rows 0, 2) starts at −0.4, type B (row 1) at −1: advantages −0.1, 0, +0.1
        assertGradient(expected(tr, -0.1, 0.0, 0.1), rule.gradients(net, x, tr, rowLoss(0.5, 1.0, 0.3)), "trial 1");
        // trial 2: A's baseline is still −0.4 (0.75 · −0.4 + 0.25 · −0.4), B's −1
        assertGradient(expected(tr, 0.2, 0.4, 0.2), rule.gradients(net, x, tr, rowLoss(0.2, 0.6, 0.2)), "trial 2");
    }

    @Test
    void theClipBoundsEveryEntryAndALossRuleCannotLearnFromRewards()
    {
        final MiconiRule rule = new MiconiRule(0.1, 1.0, NodeRandom.forNode(1, "kicks")).with(RewardBaseline.Kind.SHARED,
            1e-4);
        rule.learnFromRewards(net);
        final INDArray[] x = inputs();
        final RateTrajectory tr = net.forward(x);
        rule.gradients(net, x, tr, rowLoss(0.5, 1.0, 0.3));
        final Gradients g = rule.gradients(net, x, tr, rowLoss(0.2, 0.6, 0.2));
        final INDArray[] unclipped = expected(tr, 0.4, 0.0, 0.4);
        assertTrue(abs(unclipped[1]).maxNumber().doubleValue() > 1e-4, "the clip has something to clip");
        for (int k = 0; k < 3; k++)
        {
            final INDArray clipped = org.nd4j.linalg.ops.transforms.Transforms.min(
                org.nd4j.linalg.ops.transforms.Transforms.max(unclipped[k], -1e-4), 1e-4);
            final INDArray actual = k == 0 ? g.in() : k == 1 ? g.rec() : g.bias();
            assertArrayEquals(clipped.ravel().toDoubleVector(), actual.ravel().toDoubleVector(), 1e-15);
        }
        assertTrue(MiconiRule.TYPE.learnsFromRewards());
        assertTrue(!Rules.REGISTRY.find("bptt").orElseThrow().learnsFromRewards(), "a rule that follows a loss cannot");
    }

    private static INDArray abs(final INDArray a)
    {
        return org.nd4j.linalg.ops.transforms.Transforms.abs(a, true);
    }
}
