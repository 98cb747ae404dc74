package org.brainsim.regions.learning;

import org.brainsim.regions.NodeRandom;
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

    static RuleSpec rule(final Variant v)
    {
        return switch (v)
        {
            case BPTT -> RuleSpec.of(RuleKind.BPTT);
            case SYMMETRIC_EPROP -> RuleSpec.of(RuleKind.EPROP).withFeedback(FeedbackMode.SYMMETRIC);
            case RANDOM_EPROP -> RuleSpec.of(RuleKind.EPROP).withFeedback(FeedbackMode.RANDOM);
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
        final SpikingLearner learner = new SpikingLearner(net, rule(variant), Optimizer.adam(5e-3),
            GradientPenalties.NONE, new RateRegularizer(1.5e-4, 10), NodeRandom.forNode(2020, "feedback"));

        learner.evaluate(task.inputs(), task.loss());
        final double before = task.normalisedMse(learner.lastOutputs());
        for (int i = 0; i < 40; i++)
        {
            learner.trainTrial(task.inputs(), task.loss());
        }
        learner.evaluate(task.inputs(), task.loss());
        final double after = task.normalisedMse(learner.lastOutputs());

        assertTrue(after < 0.5 * before, variant + ": normalised MSE " + before + " -> " + after);
    }
}
