package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.TrialArray;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arbiter: with a fixed weight it draws from softmax(β (w Q_MB + (1 − w) Q_MF)); with uncertainty-based
 * arbitration it hands each action to the controller less uncertain about it; perseveration favours the action taken
 * at the same step of the previous trial; with reliability-based arbitration the weight follows Lee et al.'s transition
 * rates; it records per step what it received and chose.
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
    void reliabilityMovesTheWeightByLeesTransitionRatesTowardTheMoreReliableController()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final Arbiter arbiter = arbiter(Arbiter.Arbitration.RELIABILITY, 0.5, 1, 0, random).reliability(0.3, 0.2, 4);
        // the planner is sure (sigma^2 = 0: chi = 1), the habit is not (sigma^2 = 3: chi = 1/4)
        final Inputs in = new Inputs(new float[] {1, 0, 0, 0}, new float[] {0, 1, 3, 3});
        double p = 0.5;
        for (int trial = 0; trial < 30; trial++)
        {
            arbiter.startTrial();
            arbiter.step(0, in);
            arbiter.step(1, in);
            assertEquals(p, arbiter.weight()[0], 1e-12, "the weight the choice used, trial " + trial);
            arbiter.endTrial(2);
            final double alpha = 0.3 / (1 + Math.exp(4 * 0.25)); // to the planner: the habit's chi
            final double beta = 0.2 / (1 + Math.exp(4 * 1.0));   // to the habit: the planner's chi
            p += alpha * (1 - p) - beta * p;
            assertEquals(p, arbiter.reliabilityWeight()[0], 1e-12, "P after trial " + trial);
        }
        assertTrue(p > 0.9, "control went to the reliable planner (equilibrium 0.957): " + p);
        // the other way round: an unreliable planner hands control back to the habit
        final Inputs unsure = new Inputs(new float[] {1, 0, 9, 9}, new float[] {0, 1, 0, 0});
        for (int trial = 0; trial < 40; trial++)
        {
            arbiter.startTrial();
            arbiter.step(0, unsure);
            arbiter.endTrial(1);
        }
        assertTrue(arbiter.reliabilityWeight()[0] < 0.2, "control went back to the habit: " +
            arbiter.reliabilityWeight()[0]);
    }

    @Test
    void itRecordsPerStepBothValueStreamsTheChoiceAndTheWeight()
    {
        final SplittableRandom random = new SplittableRandom(13);
        final Arbiter arbiter = arbiter(Arbiter.Arbitration.UNCERTAINTY, 0.5, 50, 0, random);
        arbiter.startTrial();
        final float[] goal = {1, 0, 0.5f, 0.05f};
        final float[] habit = {0, 1, 0.1f, 0.1f};
        arbiter.step(0, new Inputs(goal, habit)); // action 1's value is the planner's (0), action 0's the habit's (0)
        arbiter.step(1, new Inputs(new float[] {0, 1, 0.01f, 0.01f}, habit)); // the planner controls both: action 1
        arbiter.endTrial(2);
        final Map<String, TrialArray> arrays = new HashMap<>();
        arbiter.trialArrays().forEach(a -> arrays.put(a.key(), a));
        assertEquals(Set.of("arbitration/goal", "arbitration/habit", "arbitration/choice", "arbitration/weight",
            "arbitration/controller"), arrays.keySet());
        assertArrayEquals(new long[] {1, 3, 4}, arrays.get("arbitration/goal").item());
        final float[] seen = arrays.get("arbitration/goal").values();
        assertArrayEquals(goal, Arrays.copyOfRange(seen, 0, 4));
        assertTrue(Float.isNaN(seen[8]), "step 2 was not in the trial");
        assertArrayEquals(habit, Arrays.copyOfRange(arrays.get("arbitration/habit").values(), 4, 8));
        final float[] choice = arrays.get("arbitration/choice").values();
        final float[] controller = arrays.get("arbitration/controller").values();
        // step 0: whichever action was drawn, its controller is recorded (action 0: the habit's, action 1: the planner's)
        assertEquals(choice[0] == 0 ? 0f : 1f, controller[0]);
        assertEquals(1f, choice[1]);
        assertEquals(1f, controller[1]);
        assertEquals(1f, arrays.get("arbitration/weight").values()[1]);
        // a new trial starts from NaN
        arbiter.startTrial();
        assertTrue(Float.isNaN(arbiter.trialArrays().get(2).values()[0]));
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
