package org.brainsim.scenarios.tasks;

import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;

import java.util.Arrays;
import java.util.List;

/**
 * Evidence accumulation (cue accumulation), the task of e-prop's Fig. 3 (Bellec et al. 2020; reference
 * tasks.md §8.1, learning-rules.md §1.9, after {@code generate_click_task_data} of the e-prop tutorial).
 *
 * <p>Inputs are Poisson spike trains from four groups of {@code inputs_per_group} neurons: left cues, right
 * cues, the recall cue and background noise. Each row draws a dominant side (left or right with equal
 * probability); each of the {@code cues} cues then goes to the dominant side with probability 1 − p and to
 * the other with p ({@code p_minority}, 0.3). Cue k occupies steps [s + k·I, s + k·I + C) with C = cue,
 * I = cue interval and s = I − C (the silence before each cue); during a cue its side's group fires at
 * {@code input_rate_hz}. A delay follows the last cue slot, then the recall group fires at
 * {@code input_rate_hz} for the last {@code recall_ms}. The background group fires at
 * {@code background_rate_hz} throughout. Defaults: 7 cues of 100 ms every 150 ms, a 1050 ms delay, a 150 ms
 * recall: 2250 steps at dt = 1 ms.
 *
 * <p>The label is the side that got more cues (right = class 1 when more than half the cues went right). The
 * target is the label one-hot at every step, weighted only in the recall window; a row's error is 1 when the
 * arg-max of its readout averaged over the recall window is not the label.
 */
public final class EvidenceAccumulation implements Task
{
    private final int batch;
    private final int perGroup;
    private final int cues;
    private final int cueSteps;
    private final int intervalSteps;
    private final int delaySteps;
    private final int recallSteps;
    private final double pCue;
    private final double pBackground;
    private final double pMinority;

    /**
     * @param batch             rows.
     * @param perGroup          input neurons per group (10).
     * @param cues              cues per trial (7; odd, so there is always a majority).
     * @param cueSteps          steps a cue lasts (100).
     * @param intervalSteps     steps from one cue's start to the next (150 ≥ cueSteps).
     * @param delaySteps        steps between the end of the last cue slot and the recall cue (1050).
     * @param recallSteps       steps of the recall cue, the evaluation window (150).
     * @param pCue              spike probability per step of a cue or recall neuron while it is on.
     * @param pBackground       spike probability per step of a background neuron.
     * @param pMinority         probability that a cue goes to the non-dominant side (0.3).
     */
    public EvidenceAccumulation(
        final int batch, final int perGroup, final int cues, final int cueSteps, final int intervalSteps,
        final int delaySteps, final int recallSteps, final double pCue, final double pBackground, final double pMinority)
    {
        if (cueSteps < 1 || intervalSteps < cueSteps || recallSteps < 1 || delaySteps < 0 || cues < 1 || cues % 2 == 0)
        {
            throw new IllegalArgumentException("timing: cue " + cueSteps + ", interval " + intervalSteps + ", delay " +
                delaySteps + ", recall " + recallSteps + " steps, " + cues + " cues (expected: cue >= 1, interval >= cue, " +
                "recall >= 1, delay >= 0, an odd number of cues)");
        }
        this.batch = batch;
        this.perGroup = perGroup;
        this.cues = cues;
        this.cueSteps = cueSteps;
        this.intervalSteps = intervalSteps;
        this.delaySteps = delaySteps;
        this.recallSteps = recallSteps;
        this.pCue = pCue;
        this.pBackground = pBackground;
        this.pMinority = pMinority;
    }

    @Override
    public int observationWidth()
    {
        return 4 * perGroup;
    }

    @Override
    public boolean spikingObservations()
    {
        return true;
    }

    @Override
    public int outputWidth()
    {
        return 2;
    }

    @Override
    public LossKind defaultLoss()
    {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public int maxTrialSteps()
    {
        return cues * intervalSteps + delaySteps + recallSteps;
    }

    @Override
    public String errorMetric()
    {
        return "error rate: share of trials whose recall-window mean readout picks the wrong side";
    }

    @Override
    public Task.Trial next(final long index, final NodeRandom random)
    {
        final int[][] sides = new int[batch][cues];
        final int[] labels = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            final boolean rightDominant = random.nextDouble() < 0.5;
            int right = 0;
            for (int k = 0; k < cues; k++)
            {
                final boolean minority = random.nextDouble() < pMinority;
                sides[b][k] = rightDominant != minority ? 1 : 0;
                right += sides[b][k];
            }
            labels[b] = right > cues / 2 ? 1 : 0;
        }
        return new Trial(sides, labels, random);
    }

    /** One batch of trials: the cue sides per row; spikes are drawn step by step. */
    private final class Trial implements Task.Trial
    {
        private final int[][] sides;
        private final int[] labels;
        private final NodeRandom random;
        private final int steps = maxTrialSteps();
        private final double[][] recallSum;

        Trial(final int[][] sides, final int[] labels, final NodeRandom random)
        {
            this.sides = sides;
            this.labels = labels;
            this.random = random;
            this.recallSum = new double[batch][2];
        }

        @Override
        public int steps()
        {
            return steps;
        }

        /** @return the cue slot whose cue is on at step t, or −1. */
        private int cueAt(final int t)
        {
            final int silence = intervalSteps - cueSteps;
            if (t >= cues * intervalSteps)
            {
                return -1;
            }
            final int k = t / intervalSteps;
            return t - k * intervalSteps >= silence ? k : -1;
        }

        @Override
        public void observation(final int t, final float[] out)
        {
            final int width = 4 * perGroup;
            final int cue = cueAt(t);
            final boolean recall = t >= steps - recallSteps;
            for (int b = 0; b < batch; b++)
            {
                final int row = b * width;
                final int activeGroup = cue >= 0 ? sides[b][cue] : -1;
                for (int g = 0; g < 4; g++)
                {
                    final double p = g == 3 ? pBackground : g == 2 ? (recall ? pCue : 0) : g == activeGroup ? pCue : 0;
                    for (int i = 0; i < perGroup; i++)
                    {
                        // One draw per neuron and step whether it is on or not: the stream does not depend on the cues.
                        final double u = random.nextDouble();
                        out[row + g * perGroup + i] = u < p ? 1f : 0f;
                    }
                }
            }
        }

        @Override
        public void target(final int t, final float[] out)
        {
            for (int b = 0; b < batch; b++)
            {
                out[2 * b] = labels[b] == 0 ? 1f : 0f;
                out[2 * b + 1] = labels[b] == 1 ? 1f : 0f;
            }
        }

        @Override
        public double window(final int t)
        {
            return t >= steps - recallSteps ? 1 : 0;
        }

        @Override
        public int[] labels()
        {
            return labels.clone();
        }

        @Override
        public void score(final int t, final float[] readout)
        {
            if (window(t) == 0)
            {
                return;
            }
            for (int b = 0; b < batch; b++)
            {
                recallSum[b][0] += readout[2 * b];
                recallSum[b][1] += readout[2 * b + 1];
            }
        }

        @Override
        public double[] rowErrors()
        {
            final double[] errors = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                final int choice = recallSum[b][1] > recallSum[b][0] ? 1 : 0;
                errors[b] = choice == labels[b] ? 0 : 1;
            }
            return errors;
        }

        @Override
        public String toString()
        {
            return "EvidenceAccumulation.Trial" + Arrays.deepToString(sides);
        }
    }

    /** Registers the task as {@code evidence-accumulation}. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Integer> INPUTS_PER_GROUP = Param.integer("inputs_per_group", 10, 1, 1 << 16,
            "input neurons in each of the 4 groups (left, right, recall, background)");
        static final Param<Integer> CUES = Param.integer("cues", 7, 1, 1001,
            "cues per trial (odd)");
        static final Param<Double> CUE_MS = Param.number("cue_ms", 100.0, 0, true, 1e7,
            "duration of a cue, ms");
        static final Param<Double> CUE_INTERVAL_MS = Param.number("cue_interval_ms", 150.0, 0, true, 1e7,
            "from one cue's start to the next (cue_ms + silence), ms");
        static final Param<Double> DELAY_MS = Param.number("delay_ms", 1050.0, 0, true, 1e7,
            "from the end of the last cue slot to the recall cue, ms");
        static final Param<Double> RECALL_MS = Param.number("recall_ms", 150.0, 0, true, 1e7,
            "recall cue and evaluation window, ms");
        static final Param<Double> INPUT_RATE_HZ = Param.number("input_rate_hz", 40.0, 0, true, 1e6,
            "rate of cue and recall neurons while on, Hz");
        static final Param<Double> BACKGROUND_RATE_HZ = Param.number("background_rate_hz", 10.0, 0, true, 1e6,
            "rate of the background neurons, Hz");
        static final Param<Double> P_MINORITY = Param.number("p_minority", 0.3, 0, true, 0.5,
            "probability that a cue goes to the non-dominant side");

        @Override
        public String name()
        {
            return "evidence-accumulation";
        }

        @Override
        public String description()
        {
            return "e-prop Fig. 3: count left/right Poisson cues, hold the count over a delay, report the majority side";
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(INPUTS_PER_GROUP, CUES, CUE_MS, CUE_INTERVAL_MS, DELAY_MS, RECALL_MS, INPUT_RATE_HZ, BACKGROUND_RATE_HZ, P_MINORITY);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            return new EvidenceAccumulation(batch, v.get(INPUTS_PER_GROUP), v.get(CUES),
                Tasks.steps("cue_ms", v.get(CUE_MS), dtMs, 1), Tasks.steps("cue_interval_ms", v.get(CUE_INTERVAL_MS), dtMs, 1),
                Tasks.steps("delay_ms", v.get(DELAY_MS), dtMs, 0), Tasks.steps("recall_ms", v.get(RECALL_MS), dtMs, 1),
                Tasks.probability("input_rate_hz", v.get(INPUT_RATE_HZ), dtMs),
                Tasks.probability("background_rate_hz", v.get(BACKGROUND_RATE_HZ), dtMs), v.get(P_MINORITY));
        }
    }
}
