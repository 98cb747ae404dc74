package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bandit with two actors: the joint arm is the first actor's arm + arms × the second's, the cue shows each actor's
 * previous arm in its own block and the reward after them, and only the pair of best arms is the best joint arm.
 */
class BanditTaskActorsTest
{
    private static final int BATCH = 4;

    private static Task task(final Map<String, Object> values)
    {
        final BanditTask.Factory factory = new BanditTask.Factory();
        return factory.create(ParamValues.resolve(factory.params(), values), 1.0, BATCH);
    }

    @Test
    void theJointArmTheCueAndTheBestPair()
    {
        final Task bandit = task(Map.of("arms", 2, "actors", 2, "p_best", 1.0, "p_other", 0.0)).timed(1, 0);
        assertEquals(2, bandit.actors());
        assertEquals(2, bandit.actions());
        assertEquals(2 + 2 * 2, bandit.observationWidth());
        final Task.Trial first = bandit.next(0, NodeRandom.forNode(7, "task"));
        final int best = first.labels()[0];
        // row b: actor 0 takes arm b % 2, actor 1 takes arm b / 2 (rows 0..3 cover the four pairs)
        final float[] actions = new float[BATCH * 2 * 2];
        for (int b = 0; b < BATCH; b++)
        {
            actions[(b * 2) * 2 + b % 2] = 1f;
            actions[(b * 2 + 1) * 2 + b / 2] = 1f;
        }
        first.score(0, actions);
        final long[] choice = first.record("choice");
        final double[] errors = first.rowErrors();
        final double[] rewards = first.rowRewards();
        for (int b = 0; b < BATCH; b++)
        {
            assertEquals(b % 2 + 2 * (b / 2), choice[b * first.steps()], "joint arm of row " + b);
            assertEquals(b == best ? 0 : 1, errors[b], "only the best pair is no error, row " + b);
            assertEquals(b == best ? 1 : 0, rewards[b], "p_best 1, p_other 0: only the best pair pays, row " + b);
        }
        // the next trial's cue: unit 0, then actor 0's previous arm (units 1-2), actor 1's (units 3-4), the reward (5)
        final float[] cue = new float[BATCH * 6];
        bandit.next(1, NodeRandom.forNode(7, "task")).observation(0, cue);
        for (int b = 0; b < BATCH; b++)
        {
            assertEquals(1f, cue[b * 6]);
            assertEquals(1f, cue[b * 6 + 1 + b % 2], "actor 0's arm, row " + b);
            assertEquals(1f, cue[b * 6 + 3 + b / 2], "actor 1's arm, row " + b);
            assertEquals(b == best ? 1f : 0f, cue[b * 6 + 5], "the reward, row " + b);
            float ones = 0;
            for (int u = 0; u < 6; u++)
            {
                ones += cue[b * 6 + u];
            }
            assertEquals(b == best ? 4f : 3f, ones, "nothing else is set, row " + b);
        }
    }

    @Test
    void tooManyJointArmsAreRefusedByName()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> task(Map.of("arms", 64, "actors", 3)));
        assertTrue(ex.getMessage().startsWith("actors: 3"), ex.getMessage());
    }
}
