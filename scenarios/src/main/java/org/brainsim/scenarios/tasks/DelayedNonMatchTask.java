package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.Arrays;
import java.util.List;

/**
 * Delayed non-match to sample as in Miconi 2017 (reference learning-rules.md §5.1, tasks.md §1.5): two stimuli, each
 * one of two, shown one after the other on two input channels (channel k at 1 while stimulus k is on: by default
 * 0–200 ms and 400–600 ms of a 1000 ms trial); the single output must end at +{@code target} when they differ and at
 * −{@code target} when they match, judged over the last {@code response_ms} (every step there has weight 1). A row is
 * correct when its mean |y − y*| over that window is below 1 (the paper's "trial error < 1"). Each row draws its two
 * stimuli from the environment's stream, first then second.
 *
 * <p>With {@code reward = true} the task also judges the readout as Miconi's rule needs it: when the last step's
 * readout comes back it answers on its reward links with R = −mean |y − y*| over the response window (flags: acted,
 * episode end), and the trial runs on for the response lag so that the answer reaches the region inside it.
 */
public final class DelayedNonMatchTask implements Task
{
    private final int batch;
    private final int stimulusSteps;
    private final int secondStart;
    private final int responseStart;
    private final int steps;
    private final double target;
    private final boolean reward;
    private final int lag; // steps the trial runs on after its last judged step (reward: the response lag)

    public DelayedNonMatchTask(
        final int batch, final int stimulusSteps, final int secondStart, final int responseStart, final int steps,
        final double target)
    {
        this(batch, stimulusSteps, secondStart, responseStart, steps, target, false, 0);
    }

    private DelayedNonMatchTask(
        final int batch, final int stimulusSteps, final int secondStart, final int responseStart, final int steps,
        final double target, final boolean reward, final int lag)
    {
        this.reward = reward;
        this.lag = lag;
        this.batch = batch;
        this.stimulusSteps = stimulusSteps;
        this.secondStart = secondStart;
        this.responseStart = responseStart;
        this.steps = steps;
        this.target = target;
    }

    @Override
    public boolean rewards()
    {
        return reward;
    }

    @Override
    public boolean rewardsReadout()
    {
        return reward;
    }

    @Override
    public Task timed(final int responseLag, final int settle)
    {
        return reward ? new DelayedNonMatchTask(batch, stimulusSteps, secondStart, responseStart, steps, target, true,
            Math.max(1, responseLag) + settle) : this;
    }

    @Override
    public int observationWidth()
    {
        return 2;
    }

    @Override
    public boolean spikingObservations()
    {
        return false;
    }

    @Override
    public int outputWidth()
    {
        return 1;
    }

    @Override
    public LossKind defaultLoss()
    {
        return LossKind.MSE;
    }

    @Override
    public int maxTrialSteps()
    {
        return steps + lag;
    }

    @Override
    public String errorMetric()
    {
        return "error rate: a row errs when its mean |y − y*| over the response window is 1 or more";
    }

    @Override
    public Trial next(final long index, final NodeRandom random)
    {
        final int[] first = new int[batch];
        final int[] second = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            first[b] = random.nextInt(2);
            second[b] = random.nextInt(2);
        }
        return new Trial()
        {
            private final double[] absError = new double[batch];

            @Override
            public int steps()
            {
                return steps + lag;
            }

            @Override
            public void observation(final int t, final float[] out)
            {
                Arrays.fill(out, 0f);
                for (int b = 0; b < batch; b++)
                {
                    if (t < stimulusSteps)
                    {
                        out[b * 2 + first[b]] = 1f;
                    }
                    else if (t >= secondStart && t < secondStart + stimulusSteps)
                    {
                        out[b * 2 + second[b]] = 1f;
                    }
                }
            }

            @Override
            public void target(final int t, final float[] out)
            {
                for (int b = 0; b < batch; b++)
                {
                    out[b] = (float)(first[b] == second[b] ? -target : target);
                }
            }

            @Override
            public double window(final int t)
            {
                return t >= responseStart && t < steps ? 1 : 0;
            }

            @Override
            public int[] labels()
            {
                return Tasks.unlabelled(batch);
            }

            @Override
            public void score(final int t, final float[] readout)
            {
                if (t < responseStart || t >= steps)
                {
                    return;
                }
                for (int b = 0; b < batch; b++)
                {
                    absError[b] += Math.abs(readout[b] - (first[b] == second[b] ? -target : target));
                }
            }

            @Override
            public void feedback(final int t, final float[] out)
            {
                Arrays.fill(out, 0f);
                if (reward && t == steps - 1)
                {
                    for (int b = 0; b < batch; b++)
                    {
                        out[b * 2] = (float)(-absError[b] / (steps - responseStart));
                        out[b * 2 + 1] = 1 | 2; // RewardFrame's ACTED and EPISODE_END
                    }
                }
            }

            @Override
            public double[] rowRewards()
            {
                if (!reward)
                {
                    return Trial.super.rowRewards();
                }
                final double[] r = new double[batch];
                for (int b = 0; b < batch; b++)
                {
                    r[b] = -absError[b] / (steps - responseStart);
                }
                return r;
            }

            @Override
            public double[] rowErrors()
            {
                final double[] errors = new double[batch];
                for (int b = 0; b < batch; b++)
                {
                    errors[b] = absError[b] / (steps - responseStart) < 1 ? 0 : 1;
                }
                return errors;
            }
        };
    }

    /** {@code task { name = dnms }}. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Double> DURATION_MS = Param.number("duration_ms", 1000.0, 0, true, 1e8, "trial length, ms");
        static final Param<Double> STIMULUS_MS = Param.number("stimulus_ms", 200.0, 0, true, 1e8,
            "each stimulus's length, ms (the first from 0)");
        static final Param<Double> SECOND_MS = Param.number("second_stimulus_ms", 400.0, 0, true, 1e8,
            "when the second stimulus starts, ms");
        static final Param<Double> RESPONSE_MS = Param.number("response_ms", 200.0, 0, true, 1e8,
            "the response window at the end of the trial, ms");
        static final Param<Double> TARGET = Param.number("target", 0.98, 0, true, 1e6,
            "the output's target: +target for a non-match, -target for a match");
        static final Param<Boolean> REWARD = Param.flag("reward", false,
            "also answer on reward links: R = -mean |y - y*| over the response window, after the last step");

        @Override
        public String name()
        {
            return "dnms";
        }

        @Override
        public String description()
        {
            return "delayed non-match to sample (Miconi 2017): answer +/- target after two stimuli and a delay";
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(DURATION_MS, STIMULUS_MS, SECOND_MS, RESPONSE_MS, TARGET, REWARD);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            final int steps = Tasks.steps("duration_ms", v.get(DURATION_MS), dtMs, 1);
            final int stimulus = Tasks.steps("stimulus_ms", v.get(STIMULUS_MS), dtMs, 1);
            final int second = Tasks.steps("second_stimulus_ms", v.get(SECOND_MS), dtMs, 1);
            final int response = Tasks.steps("response_ms", v.get(RESPONSE_MS), dtMs, 1);
            if (second < stimulus)
            {
                throw new IllegalArgumentException("second_stimulus_ms: " + v.get(SECOND_MS) + " starts before the " +
                    "first stimulus ends (expected: at least stimulus_ms = " + v.get(STIMULUS_MS) + ")");
            }
            if (second + stimulus + response > steps)
            {
                throw new IllegalArgumentException("response_ms: " + v.get(RESPONSE_MS) + " ms does not fit after the " +
                    "second stimulus (expected: second_stimulus_ms + stimulus_ms + response_ms <= duration_ms = " +
                    v.get(DURATION_MS) + ")");
            }
            return new DelayedNonMatchTask(batch, stimulus, second, steps - response, steps, v.get(TARGET), v.get(REWARD),
                0);
        }
    }
}
