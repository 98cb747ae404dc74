package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evidence accumulation exactly as tasks.md §8.1 specifies: 2250 steps, cue k on in [50 + 150k, 150 + 150k)
 * on its side's group only, the recall group in the last 150 steps, background throughout, rates 40 and
 * 10 Hz, each cue on the dominant side with p = 0.7, label = the side with more cues, evaluation only in the
 * recall window. Everything is read back from the spikes the task emits.
 */
class EvidenceAccumulationTest
{
    private static final int BATCH = 64;
    private static final int TRIALS = 12;

    @Test
    void trialsFollowTheSpecification()
    {
        final EvidenceAccumulation task = new EvidenceAccumulation(BATCH, 10, 7, 100, 150, 1050, 150, 0.04, 0.01, 0.3);
        assertEquals(2250, task.maxTrialSteps());
        assertEquals(40, task.observationWidth());
        final NodeRandom random = NodeRandom.forNode(3, "task");
        final long[] groupSpikes = new long[4];
        long majorityCues = 0;
        long rightLabels = 0;
        for (int k = 0; k < TRIALS; k++)
        {
            final Task.Trial trial = task.next(k, random);
            final int[] labels = trial.labels();
            final int[][][] slotSpikes = new int[BATCH][7][2];
            final float[] obs = new float[BATCH * 40];
            for (int t = 0; t < trial.steps(); t++)
            {
                trial.observation(t, obs);
                final boolean cueOn = t < 1050 && t % 150 >= 50;
                final boolean recall = t >= 2100;
                assertEquals(recall ? 1.0 : 0.0, trial.window(t), "window at step " + t);
                for (int b = 0; b < BATCH; b++)
                {
                    final int[] count = new int[4];
                    for (int i = 0; i < 40; i++)
                    {
                        count[i / 10] += (int)obs[b * 40 + i];
                    }
                    for (int g = 0; g < 4; g++)
                    {
                        groupSpikes[g] += count[g];
                    }
                    assertTrue(count[2] == 0 || recall, "recall group silent before the recall window (step " + t + ")");
                    if (cueOn)
                    {
                        slotSpikes[b][t / 150][0] += count[0];
                        slotSpikes[b][t / 150][1] += count[1];
                    }
                    else
                    {
                        assertEquals(0, count[0] + count[1], "no cue spikes outside the cues (step " + t + ")");
                    }
                }
            }
            for (int b = 0; b < BATCH; b++)
            {
                int right = 0;
                for (int slot = 0; slot < 7; slot++)
                {
                    // 10 neurons × 100 steps at 40 Hz: 40 spikes expected, none is e^-40 unlikely.
                    final int[] s = slotSpikes[b][slot];
                    assertTrue((s[0] == 0) != (s[1] == 0), "each cue is on exactly one side (row " + b + ", cue " + slot + ")");
                    right += s[1] > 0 ? 1 : 0;
                }
                assertEquals(right > 3 ? 1 : 0, labels[b], "label = the side with more cues (trial " + k + ", row " + b + ")");
                majorityCues += Math.max(right, 7 - right);
                rightLabels += labels[b];
            }
        }
        final double rowSteps = (double)TRIALS * BATCH * 2250;
        assertEquals(10.0, groupSpikes[3] / (rowSteps * 10) * 1000, 0.3, "background rate, Hz");
        assertEquals(40.0 * 150 / 2250, groupSpikes[2] / (rowSteps * 10) * 1000, 0.15, "recall group, mean rate, Hz");
        assertEquals(40.0 * 700 / 2250, (groupSpikes[0] + groupSpikes[1]) / (rowSteps * 10) * 1000, 0.3,
            "cue groups, mean rate, Hz");
        // With each cue on the dominant side with p = 0.7, the majority side's share of the 7 cues has
        // expectation Σ_k C(7,k) 0.7^k 0.3^(7−k) max(k, 7−k)/7.
        double expected = 0;
        for (int j = 0; j <= 7; j++)
        {
            expected += binomial(7, j) * Math.pow(0.7, j) * Math.pow(0.3, 7 - j) * Math.max(j, 7 - j) / 7.0;
        }
        final double rows = (double)TRIALS * BATCH;
        assertEquals(expected, majorityCues / (rows * 7), 0.02, "majority share of the cues");
        assertEquals(0.5, rightLabels / rows, 0.07, "labels balanced");
    }

    private static double binomial(final int n, final int k)
    {
        double c = 1;
        for (int i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
