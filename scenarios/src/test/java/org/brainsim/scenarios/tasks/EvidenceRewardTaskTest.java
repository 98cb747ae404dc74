package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The delayed-reward evidence task shows exactly evidence accumulation's trial (same seed, same spikes), takes one
 * choice at the recall window's last step, and answers it there with 1 for the side with more cues, 0 otherwise.
 */
class EvidenceRewardTaskTest
{
    private static final int BATCH = 4;
    private static final Map<String, Object> SHORT = Map.of("cues", 3, "cue_ms", 10.0, "cue_interval_ms", 15.0,
        "delay_ms", 20.0, "recall_ms", 10.0);

    private static Task task(final TaskFactory factory)
    {
        return factory.create(ParamValues.resolve(factory.params(), SHORT), 1.0, BATCH);
    }

    @Test
    void theCuesAreEvidenceAccumulationsAndTheOnlyRewardAnswersTheChoice()
    {
        final Task plain = task(new EvidenceAccumulation.Factory());
        final Task acted = task(new EvidenceRewardTask.Factory()).timed(3, 2);
        final Task.Trial shown = plain.next(0, NodeRandom.forNode(7, "task"));
        final Task.Trial trial = acted.next(0, NodeRandom.forNode(7, "task"));
        final int decision = shown.steps() - 1;
        assertEquals(shown.steps() + 3 + 2, trial.steps(), "the answer arrives 3 steps later, then 2 to settle");
        assertEquals(trial.steps(), acted.maxTrialSteps());
        final int[] labels = shown.labels();
        assertArrayEquals(labels, trial.labels());
        final int w = plain.observationWidth();
        for (int t = 0; t < trial.steps(); t++)
        {
            final float[] want = new float[BATCH * w];
            if (t <= decision)
            {
                shown.observation(t, want);
            }
            final float[] got = new float[BATCH * w];
            trial.observation(t, got);
            assertArrayEquals(want, got, "step " + t);
            // rows 0 and 1 choose the side with more cues, row 2 the other, row 3 nothing
            final float[] action = new float[BATCH * 2];
            action[labels[0]] = 1;
            action[2 + labels[1]] = 1;
            action[4 + 1 - labels[2]] = 1;
            trial.score(t, action);
            final float[] answer = new float[BATCH * 2];
            trial.feedback(t, answer);
            if (t == decision)
            {
                assertArrayEquals(new float[] {1, 3, 1, 3, 0, 3, 0, 2}, answer, "rewarded, acted, episode ends");
            }
            else
            {
                assertArrayEquals(new float[BATCH * 2], answer, "no reward at step " + t);
            }
        }
        assertArrayEquals(new double[] {0, 0, 1, 1}, trial.rowErrors());
        assertArrayEquals(new double[] {1, 1, 0, 0}, trial.rowRewards());
        final long[] choice = trial.record("choice");
        assertEquals(labels[0], choice[decision]);
        assertEquals(1 - labels[2], choice[2 * trial.steps() + decision]);
        assertEquals(-1, choice[3 * trial.steps() + decision]);
        assertEquals(-1, choice[0]);
    }
}
