package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.rules.FeedbackMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference §1.9 pattern generation, shortened for the test run (300 ms, 40 LIF, 40 iterations):
 * BPTT, symmetric e-prop and random e-prop each lower the normalised MSE. The full-length figures are in
 * docs/results.md ({@code bench/run pattern}).
 */
class PatternGenerationTest
{
    enum Variant
    {
        BPTT, SYMMETRIC_EPROP, RANDOM_EPROP
    }

    static Learner learner(final Variant v, final SpikingNetwork net, final NodeRandom random)
    {
        return switch (v)
        {
            case BPTT -> Learner.of(net, BpttRule.TYPE, BpttRule.TYPE.defaults(), new Adam(5e-3), GradientPenalties.NONE,
                random);
            case SYMMETRIC_EPROP -> Learner.of(net, EpropRule.TYPE, EpropRule.TYPE.defaults()
                .with(EpropRule.FEEDBACK, FeedbackMode.SYMMETRIC), new Adam(5e-3), GradientPenalties.NONE, random);
            case RANDOM_EPROP -> Learner.of(net, EpropRule.TYPE, EpropRule.TYPE.defaults(), new Adam(5e-3),
                GradientPenalties.NONE, random);
        };
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyRuleLowersTheNormalisedMse(final Variant variant)
    {
        final NodeRandom random = NodeRandom.forNode(2020, "pattern");
        final PatternGeneration task = PatternGeneration.create(300, 1, 50, 50, 1, DataType.FLOAT, random);
        final SpikingNetwork net = new SpikingNetwork(PatternGeneration.networkParams(50, 40), DataType.FLOAT,
            NodeRandom.forNode(2020, "network"));
        final Learner learner = learner(variant, net, NodeRandom.forNode(2020, "feedback"));
        final TrialLoss loss = new TrialLoss(task.loss(), new FiringRate(1.5e-4, 10));

        learner.evaluate(task.inputs(), loss);
        final double before = task.normalisedMse(learner.lastOutputs());
        for (int i = 0; i < 40; i++)
        {
            learner.trainTrial(task.inputs(), loss);
        }
        learner.evaluate(task.inputs(), loss);
        final double after = task.normalisedMse(learner.lastOutputs());

        assertTrue(after < 0.5 * before, variant + ": normalised MSE " + before + " -> " + after);
    }
}
