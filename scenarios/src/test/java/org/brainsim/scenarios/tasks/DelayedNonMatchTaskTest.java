package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delayed non-match to sample (Miconi 2017): the stimuli on their channels at 0–200 and 400–600 ms, nothing
 * between or after; the target +0.98 for a non-match and −0.98 for a match, judged over the last 200 ms; a row is
 * correct when its mean |y − y*| there is below 1; timings that do not fit are refused naming the key.
 */
class DelayedNonMatchTaskTest
{
    private static final int BATCH = 64;
    private final DelayedNonMatchTask.Factory factory = new DelayedNonMatchTask.Factory();

    @Test
    void stimuliTargetsWindowAndScoringFollowMiconi()
    {
        final Task task = factory.create(ParamValues.defaults(factory.params()), 1.0, BATCH);
        assertEquals(1000, task.maxTrialSteps());
        final Task.Trial trial = task.next(0, NodeRandom.forNode(7, "task"));
        final int[] first = new int[BATCH];
        final int[] second = new int[BATCH];
        final float[] obs = new float[BATCH * 2];
        final float[] target = new float[BATCH];
        int matches = 0;
        for (int t = 0; t < 1000; t++)
        {
            trial.observation(t, obs);
            trial.target(t, target);
            assertEquals(t >= 800 ? 1.0 : 0.0, trial.window(t), 0.0, "step " + t);
            for (int b = 0; b < BATCH; b++)
            {
                final boolean on = t < 200 || t >= 400 && t < 600;
                assertEquals(on ? 1f : 0f, obs[2 * b] + obs[2 * b + 1], 0f, "one channel on at step " + t);
                if (t == 0)
                {
                    first[b] = obs[2 * b + 1] == 1 ? 1 : 0;
                }
                if (t == 400)
                {
                    second[b] = obs[2 * b + 1] == 1 ? 1 : 0;
                }
                if (t >= 400)
                {
                    assertEquals(first[b] == second[b] ? -0.98f : 0.98f, target[b], 0f);
                }
            }
        }
        for (int b = 0; b < BATCH; b++)
        {
            matches += first[b] == second[b] ? 1 : 0;
        }
        assertTrue(matches > 16 && matches < 48, "matches and non-matches both drawn: " + matches);
        // a readout 0.9 away from the target is correct, 1.1 away is not; only the response window counts
        final float[] readout = new float[BATCH];
        for (int t = 0; t < 1000; t++)
        {
            for (int b = 0; b < BATCH; b++)
            {
                final double y = first[b] == second[b] ? -0.98 : 0.98;
                readout[b] = (float)(t < 800 ? 50 : b % 2 == 0 ? y + 0.9 : y - 1.1);
            }
            trial.score(t, readout);
        }
        final double[] errors = trial.rowErrors();
        for (int b = 0; b < BATCH; b++)
        {
            assertEquals(b % 2 == 0 ? 0.0 : 1.0, errors[b], 0.0, "row " + b);
        }
    }

    @Test
    void rewardIsMinusTheMeanAbsoluteErrorAfterTheLastJudgedStepAndTheTrialRunsOnForTheLag()
    {
        final Task plain = factory.create(ParamValues.defaults(factory.params()), 1.0, 2);
        assertEquals(false, plain.rewards());
        assertEquals(1000, plain.timed(3, 0).maxTrialSteps(), "without reward nothing waits for the lag");
        final Task task = factory.create(ParamValues.resolve(factory.params(), Map.of("reward", true)), 1.0, 2)
            .timed(2, 1);
        assertTrue(task.rewards() && task.rewardsReadout() && task.actions() == 0);
        assertEquals(1003, task.maxTrialSteps(), "1000 steps, then the response lag and the settling step");
        final Task.Trial trial = task.next(0, NodeRandom.forNode(3, "task"));
        assertEquals(1003, trial.steps());
        final float[] target = new float[2];
        final float[] answer = new float[4];
        final float[] readout = new float[2];
        for (int t = 0; t < 1003; t++)
        {
            trial.target(t, target);
            assertEquals(t >= 800 && t < 1000 ? 1.0 : 0.0, trial.window(t), 0.0, "step " + t);
            readout[0] = t < 900 ? target[0] : 0f;              // row 0: right for half the window, then 0
            readout[1] = t >= 1000 ? 100f : -target[1];          // row 1: wrong sign; the steps after do not count
            trial.score(t, readout);
            trial.feedback(t, answer);
            if (t == 999)
            {
                assertEquals(-0.49, answer[0], 1e-6, "half the window 0.98 away");
                assertEquals(-1.96, answer[2], 1e-6);
                assertEquals(3f, answer[1], 0f, "acted and episode end");
                assertEquals(3f, answer[3], 0f);
            }
            else
            {
                assertArrayEquals(new float[4], answer, 0f, "no answer at step " + t);
            }
        }
        assertArrayEquals(new double[] {-0.49, -1.96}, trial.rowRewards(), 1e-6);
        assertArrayEquals(new double[] {0, 1}, trial.rowErrors(), 0.0);
    }

    @Test
    void timingsThatDoNotFitAreRefusedNamingTheKey()
    {
        final var late = assertThrows(IllegalArgumentException.class, () -> factory.create(ParamValues.resolve(
            factory.params(), Map.of("response_ms", 500.0)), 1.0, 1));
        assertTrue(late.getMessage().startsWith("response_ms:"), late.getMessage());
        final var early = assertThrows(IllegalArgumentException.class, () -> factory.create(ParamValues.resolve(
            factory.params(), Map.of("second_stimulus_ms", 100.0)), 1.0, 1));
        assertTrue(early.getMessage().startsWith("second_stimulus_ms:"), early.getMessage());
        assertArrayEquals(new int[] {-1}, factory.create(ParamValues.defaults(factory.params()), 1.0, 1)
            .next(0, NodeRandom.forNode(1, "t")).labels(), "not a classification: no labels");
        assertEquals(List.of("duration_ms", "stimulus_ms", "second_stimulus_ms", "response_ms", "target",
            "reward"),
            factory.params().stream().map(p -> p.key()).toList());
    }
}
