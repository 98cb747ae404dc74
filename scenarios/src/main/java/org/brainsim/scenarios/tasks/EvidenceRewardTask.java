package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.Arrays;
import java.util.List;

/**
 * Evidence accumulation with a delayed reward (issue 13): the trials of {@link EvidenceAccumulation} (the same cues,
 * spikes, settings and stream), acted on instead of supervised. Nothing tells the region the answer during the trial:
 * at the recall window's last step it chooses a side on its action link (two actions: left, right), and the task
 * answers that choice, the response lag later, with reward 1 when the side got more cues and 0 otherwise, the only
 * reward of the trial, which is also the episode's end. The trial then runs {@code settle} more steps (a critic's TD
 * error on its way). Error: the row did not choose the side with more cues.
 */
public final class EvidenceRewardTask implements Task
{
    private final EvidenceAccumulation cues;
    private final int batch;
    private final int lag;
    private final int settle;

    public EvidenceRewardTask(final EvidenceAccumulation cues, final int batch, final int lag, final int settle)
    {
        this.cues = cues;
        this.batch = batch;
        this.lag = lag;
        this.settle = settle;
    }

    @Override
    public Task timed(final int responseLag, final int settleSteps)
    {
        return new EvidenceRewardTask(cues, batch, Math.max(1, responseLag), settleSteps);
    }

    @Override
    public int actions()
    {
        return 2;
    }

    @Override
    public int observationWidth()
    {
        return cues.observationWidth();
    }

    @Override
    public boolean spikingObservations()
    {
        return cues.spikingObservations();
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
        return cues.maxTrialSteps() + lag + settle;
    }

    @Override
    public String errorMetric()
    {
        return "share of rows that did not choose the side with more cues";
    }

    @Override
    public List<TrialRecord> trialRecords()
    {
        return List.of(new TrialRecord("choice", "the side each row chose at its decision step, 0 left, 1 right " +
            "(-1 at other steps, and where no choice arrived)", true));
    }

    @Override
    public Trial next(final long index, final NodeRandom random)
    {
        return new Choice(cues.next(index, random));
    }

    /** One decision per row, at the recall window's last step. */
    private final class Choice implements ActingTrial
    {
        private final Task.Trial shown;
        private final int decision;
        private final int[] labels;
        private final int[] choice = new int[batch];

        Choice(final Task.Trial shown)
        {
            this.shown = shown;
            this.decision = shown.steps() - 1;
            this.labels = shown.labels();
            Arrays.fill(choice, -1);
        }

        @Override
        public int steps()
        {
            return decision + 1 + lag + settle;
        }

        @Override
        public void observation(final int t, final float[] out)
        {
            if (t <= decision)
            {
                shown.observation(t, out);
            }
            else
            {
                Arrays.fill(out, 0f); // the cues are over; silence while the answer travels
            }
        }

        @Override
        public int[] labels()
        {
            return labels.clone();
        }

        @Override
        public void score(final int t, final float[] action)
        {
            if (t != decision)
            {
                return;
            }
            for (int b = 0; b < batch; b++)
            {
                choice[b] = action[b * 2] > 0.5f ? 0 : action[b * 2 + 1] > 0.5f ? 1 : -1;
            }
        }

        @Override
        public void feedback(final int t, final float[] out)
        {
            Arrays.fill(out, 0f);
            if (t != decision)
            {
                return;
            }
            for (int b = 0; b < batch; b++)
            {
                out[b * 2] = choice[b] == labels[b] ? 1f : 0f;
                out[b * 2 + 1] = choice[b] >= 0 ? 1 | 2 : 2; // acted (when it chose), and the episode ends
            }
        }

        @Override
        public double[] rowErrors()
        {
            final double[] errors = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                errors[b] = choice[b] == labels[b] ? 0 : 1;
            }
            return errors;
        }

        @Override
        public double[] rowRewards()
        {
            final double[] r = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                r[b] = choice[b] == labels[b] ? 1 : 0;
            }
            return r;
        }

        @Override
        public long[] record(final String key)
        {
            if (!"choice".equals(key))
            {
                return ActingTrial.super.record(key);
            }
            final long[] values = new long[batch * steps()];
            Arrays.fill(values, -1);
            for (int b = 0; b < batch; b++)
            {
                values[b * steps() + decision] = choice[b];
            }
            return values;
        }
    }

    /** The registry entry: evidence accumulation's settings, acted on. */
    public static final class Factory implements TaskFactory
    {
        private final EvidenceAccumulation.Factory cues = new EvidenceAccumulation.Factory();

        @Override
        public String name()
        {
            return "evidence-reward";
        }

        @Override
        public String description()
        {
            return "evidence accumulation acted on: one choice at the end of the recall cue, rewarded 1 for the side " +
                "with more cues, nothing before (delayed reward; acting task)";
        }

        @Override
        public boolean acting()
        {
            return true;
        }

        @Override
        public List<Param<?>> params()
        {
            return cues.params();
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            return new EvidenceRewardTask((EvidenceAccumulation)cues.create(v, dtMs, batch), batch, 1, 0);
        }
    }
}
