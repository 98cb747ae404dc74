package org.brainsim.scenarios.tasks;

import org.brainsim.messaging.RewardFrame;
import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The devaluation task under each phase's conditions: an ordinary trial shows the levers, then the pressed lever's
 * outcome, paid at its value; a devaluation exposure shows the outcome alone, paid at its new value; extinction answers
 * the press with nothing (not even {@code ACTED}); a forced trial takes the task's lever whatever the region sent.
 */
class DevaluationTaskTest
{
    private static final int BATCH = 2;
    private static final int LAG = 2;

    /** Runs a trial with every row choosing {@code lever}; @return per step the rows' [observation..., reward, flags]. */
    private static float[][] run(final Task.Trial trial, final int lever, final int width)
    {
        final float[][] seen = new float[trial.steps()][];
        for (int t = 0; t < trial.steps(); t++)
        {
            final float[] obs = new float[BATCH * width];
            if (t >= LAG)
            {
                final float[] action = new float[BATCH * 2];
                for (int b = 0; b < BATCH; b++)
                {
                    action[b * 2 + lever] = 1;
                }
                trial.score(t - LAG, action);
            }
            trial.observation(t, obs);
            final float[] answer = new float[BATCH * 2];
            if (t >= LAG)
            {
                trial.feedback(t - LAG, answer);
            }
            final float[] row = new float[obs.length + answer.length];
            System.arraycopy(obs, 0, row, 0, obs.length);
            System.arraycopy(answer, 0, row, obs.length, answer.length);
            seen[t] = row;
        }
        return seen;
    }

    private static Task task(final boolean forced)
    {
        return new DevaluationTask(BATCH, 2, 1.0, forced, 1, 0).timed(LAG, 0);
    }

    @Test
    void anOrdinaryTrialShowsTheLeversThenThePressedLeversOutcomePaidAtItsValue()
    {
        final Task task = task(false);
        assertEquals(List.of("o1", "o2"), task.outcomes());
        final Task.Trial trial = task.next(0, NodeRandom.forNode(1, "task"), TaskConditions.NONE);
        final float[][] seen = run(trial, 1, 3);
        // steps 0, 1: the levers (state 0); steps 2, 3: outcome o2 (state 2)
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, java.util.Arrays.copyOf(seen[0], 6));
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1}, java.util.Arrays.copyOf(seen[2], 6));
        // the press (step 0, answered at step 2): reward 0, ACTED, lever 1 taken
        assertEquals(RewardFrame.flags(true, false, 1), (int)seen[2][7]);
        assertEquals(0f, seen[2][6]);
        // the consumption (step 2, answered at step 4): o2's value 1, and the episode's end
        assertEquals(1f, seen[4][6]);
        assertEquals(RewardFrame.flags(true, true, 1), (int)seen[4][7]);
        assertEquals(1, trial.record("press")[0]);
        assertEquals(1, trial.record("outcome")[0]);
        assertEquals(0, trial.record("kind")[0]);
        assertEquals(0, trial.record("devalued")[0]);
    }

    @Test
    void aDevaluationPresentsTheOutcomeAloneAtItsNewValueAndItLasts()
    {
        final Task task = task(false);
        final TaskConditions devalue = new TaskConditions(List.of("o1"), Map.of("o1", -0.5), false);
        final Task.Trial exposure = task.next(0, NodeRandom.forNode(1, "task"), devalue);
        final float[][] seen = run(exposure, 0, 3);
        // o1 (state 1) at once, no lever; consumed at its new value, and the episode ends
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, java.util.Arrays.copyOf(seen[0], 6));
        assertEquals(-0.5f, seen[2][6]);
        assertEquals(RewardFrame.flags(true, true, 0), (int)seen[2][7]);
        assertEquals(List.of(-1L, 0L, 1L, 1L), List.of(exposure.record("press")[0], exposure.record("outcome")[0],
            exposure.record("kind")[0], exposure.record("devalued")[0]));
        // later, an ordinary trial pays o1 at its new value: pressing its lever is an error, the other lever is not
        final TaskConditions after = new TaskConditions(List.of(), Map.of("o1", -0.5), false);
        final Task.Trial ordinary = task.next(1, NodeRandom.forNode(1, "task"), after);
        assertEquals(-0.5f, run(ordinary, 0, 3)[4][6]);
        assertArrayEquals(new double[] {1, 1}, ordinary.rowErrors());
        final Task.Trial other = task.next(2, NodeRandom.forNode(1, "task"), after);
        assertEquals(1f, run(other, 1, 3)[4][6]);
        assertArrayEquals(new double[] {0, 0}, other.rowErrors());
    }

    @Test
    void extinctionAnswersThePressWithNothingToLearn()
    {
        final Task task = task(true); // presses in extinction are free even when ordinary trials are forced
        final Task.Trial trial = task.next(0, NodeRandom.forNode(1, "task"),
            new TaskConditions(List.of(), Map.of("o1", 0.0), true));
        final float[][] seen = run(trial, 1, 3);
        // the press: no reward, the episode's end and which lever, but not ACTED
        assertEquals(0f, seen[2][6]);
        assertEquals(RewardFrame.flags(false, true, 1), (int)seen[2][7]);
        // nothing follows: no outcome shown, no more answers
        for (int t = LAG; t < seen.length; t++)
        {
            assertArrayEquals(new float[6], java.util.Arrays.copyOf(seen[t], 6), "step " + t);
        }
        for (int t = LAG + 1; t < seen.length; t++)
        {
            assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(seen[t], 6, 10), "step " + t);
        }
        assertEquals(List.of(1L, -1L, 2L), List.of(trial.record("press")[0], trial.record("outcome")[0],
            trial.record("kind")[0]));
    }

    @Test
    void aPressNeverSentIsNoPressAndARevaluationUpIsNoDevaluation()
    {
        final Task task = task(false);
        final Task.Trial trial = task.next(0, NodeRandom.forNode(1, "task"), TaskConditions.NONE);
        for (int t = 0; t < trial.steps(); t++)
        {
            final float[] obs = new float[BATCH * 3];
            if (t >= LAG)
            {
                trial.score(t - LAG, new float[BATCH * 2]); // nothing sent
                final float[] answer = new float[BATCH * 2];
                trial.feedback(t - LAG, answer);
                assertArrayEquals(new float[BATCH * 2], answer, "no answer at step " + (t - LAG));
            }
            trial.observation(t, obs);
            if (t >= LAG)
            {
                assertArrayEquals(new float[BATCH * 3], obs, "no outcome shown at step " + t);
            }
        }
        assertEquals(List.of(-1L, -1L), List.of(trial.record("press")[0], trial.record("outcome")[0]));
        final Task.Trial up = task.next(1, NodeRandom.forNode(1, "task"),
            new TaskConditions(List.of(), Map.of("o1", 2.0), false));
        assertEquals(0, up.record("devalued")[0], "worth more than before: not devalued");
    }

    @Test
    void aForcedTrialTakesTheTasksLeverAndSaysSo()
    {
        final Task task = task(true);
        final NodeRandom random = NodeRandom.forNode(3, "task");
        int[] pressed = new int[2];
        for (int k = 0; k < 200; k++)
        {
            final Task.Trial trial = task.next(k, random, TaskConditions.NONE);
            final float[][] seen = run(trial, 0, 3); // the region always sends lever 0
            for (int b = 0; b < BATCH; b++)
            {
                final int lever = (int)trial.record("press")[b];
                pressed[lever]++;
                assertEquals(RewardFrame.flags(true, false, lever), (int)seen[2][BATCH * 3 + b * 2 + 1]);
                assertEquals(3, trial.record("kind")[b]);
                // the outcome of the task's lever is shown
                assertEquals(1f, seen[LAG][b * 3 + 1 + lever]);
            }
        }
        assertTrue(pressed[0] > 150 && pressed[1] > 150, "both levers are trained: " + pressed[0] + ", " + pressed[1]);
    }
}
