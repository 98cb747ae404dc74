package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInputs;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The arbiter: with a fixed weight it draws from softmax(β (w Q_MB + (1 − w) Q_MF)); with uncertainty-based
 * arbitration it hands each action to the controller less uncertain about it; perseveration favours the action taken
 * at the same step of the previous trial.
 */
class ArbiterTest
{
    /** One step with two values links: the goal-directed controller's, then the habit's. */
    private record Inputs(float[] goal, float[] habit) implements ObjectiveInputs
    {
        @Override
        public float[] readout()
        {
            return new float[2];
        }

        @Override
        public float[] activity()
        {
            return new float[0];
        }

        @Override
        public float[] target()
        {
            return null;
        }

        @Override
        public float[] inbound(final int link)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int valueLinks()
        {
            return 2;
        }

        @Override
        public float[] values(final int j)
        {
            return j == 0 ? goal : habit;
        }

        @Override
        public double window()
        {
            return 1;
        }
    }

    private static Arbiter arbiter(final Arbiter.Arbitration how, final double w, final double beta, final double p,
                                   final SplittableRandom random)
    {
        final ObjectiveContext context = new ObjectiveContext(1, 4, 2, false, 1.0, 3, LossKind.MSE, null)
            .acting(0, 0, random::nextDouble);
        return new Arbiter(context, how, w, beta, p);
    }

    @Test
    void aFixedWeightMixesTheValuesAsDawsHybrid()
    {
        // Q_MB = (1, 0), Q_MF = (0, 1): w = 0.2 gives Q = (0.2, 0.8); β = 2: P(1) = σ(2 · 0.6)
        final SplittableRandom random = new SplittableRandom(5);
        final Arbiter arbiter = arbiter(Arbiter.Arbitration.FIXED, 0.2, 2, 0, random);
        final Inputs in = new Inputs(new float[] {1, 0, 0.1f, 0.1f}, new float[] {0, 1, 0.1f, 0.1f});
        final int n = 20_000;
        int ones = 0;
        for (int i = 0; i < n; i++)
        {
            arbiter.startTrial();
            arbiter.step(0, in);
            ones += arbiter.action()[1] == 1f ? 1 : 0;
        }
        final double expected = 1 / (1 + Math.exp(-2 * 0.6));
        assertEquals(expected, ones / (double)n, 4 * Math.sqrt(expected * (1 - expected) / n));
        assertEquals(0.2, arbiter.weight()[0]);
    }

    @Test
    void uncertaintyHandsEachActionToTheLessUncertainController()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final Arbiter arbiter = arbiter(Arbiter.Arbitration.UNCERTAINTY, 0.5, 50, 0, random);
        // the habit is surer of both actions: its values decide (it prefers 1), whatever the planner says
        arbiter.startTrial();
        arbiter.step(0, new Inputs(new float[] {1, 0, 0.5f, 0.5f}, new float[] {0, 1, 0.1f, 0.1f}));
        assertArrayEquals(new float[] {0, 1}, arbiter.action());
        assertEquals(0, arbiter.weight()[0]);
        // the planner is surer of both: its values decide (it prefers 0)
        arbiter.step(1, new Inputs(new float[] {1, 0, 0.05f, 0.05f}, new float[] {0, 1, 0.1f, 0.1f}));
        assertArrayEquals(new float[] {1, 0}, arbiter.action());
        assertEquals(1, arbiter.weight()[0]);
        // split: action 0 from the planner (0.2), action 1 from the habit (0.9)
        arbiter.step(2, new Inputs(new float[] {0.2f, 5, 0.05f, 0.5f}, new float[] {3, 0.9f, 0.1f, 0.1f}));
        assertArrayEquals(new float[] {0, 1}, arbiter.action());
        assertEquals(0.5, arbiter.weight()[0]);
    }

    @Test
    void aSilencedControllerControlsNothing()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final Arbiter arbiter = arbiter(Arbiter.Arbitration.UNCERTAINTY, 0.5, 50, 0, random);
        arbiter.startTrial();
        // the goal-directed region's link is cut: zeros, which must not read as certainty; the habit controls
        arbiter.step(0, new Inputs(new float[4], new float[] {0, 1, 0.3f, 0.3f}));
        assertArrayEquals(new float[] {0, 1}, arbiter.action());
        assertEquals(0, arbiter.weight()[0]);
        // and the other way round
        arbiter.step(1, new Inputs(new float[] {1, 0, 0.3f, 0.3f}, new float[4]));
        assertArrayEquals(new float[] {1, 0}, arbiter.action());
        assertEquals(1, arbiter.weight()[0]);
    }

    @Test
    void perseverationRepeatsTheLastTrialsChoiceAtTheSameStep()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final Arbiter arbiter = arbiter(Arbiter.Arbitration.FIXED, 0.5, 1, 100, random);
        final Inputs equal = new Inputs(new float[] {0, 0, 1, 1}, new float[] {0, 0, 1, 1});
        arbiter.startTrial();
        arbiter.step(0, equal);
        final float[] first = arbiter.action().clone();
        for (int trial = 0; trial < 20; trial++)
        {
            arbiter.startTrial();
            arbiter.step(0, equal);
            assertArrayEquals(first, arbiter.action(), "trial " + trial);
        }
    }
}
