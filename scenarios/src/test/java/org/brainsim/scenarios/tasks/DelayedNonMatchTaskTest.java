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
        assertEquals(List.of("duration_ms", "stimulus_ms", "second_stimulus_ms", "response_ms", "target"),
            factory.params().stream().map(p -> p.key()).toList());
    }
}
