package org.brainsim.scenarios.tasks;

import org.brainsim.messaging.RewardFrame;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.scenarios.rl.TwoStepProcess;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.Arrays;
import java.util.List;

/**
 * The two-step task in the lockstep (issue 13; reference tasks.md §4): Daw et al. 2011 ({@code variant = daw}: common
 * transitions p = 0.7, four reward probabilities drifting with sd 0.025, reflected at 0.25 and 0.75) or Wang et al.
 * 2018 ({@code variant = wang}: p = 0.8, the good state pays with 0.9 and the other with 0.1, swapping with p = 0.025
 * before each trial). Every row is one agent with its own world ({@link TwoStepProcess}), drawn from the
 * environment's stream.
 *
 * <p>A trial of the lockstep is one episode of {@code trials_per_episode} two-step trials (the region's state resets
 * between episodes; Wang et al. use 100). Each two-step trial takes 2 · lag steps: the first-stage state is shown and
 * the region's action of that step is taken when it arrives (the response lag later); then the second-stage state the
 * transition led to is shown, and the action of that step is taken, paid, and the world moves on. The observation, 8
 * values per row: the state now (one-hot: first stage, second stage A, B), and from the previous trial the first-stage
 * choice (one-hot), the second-stage state reached (one-hot) and the reward (zeros with {@code history = false}). Both decisions are answered on the reward
 * links (the first with reward 0), the episode's last one with its end. The episode runs {@code settle} + 1 steps more,
 * so that every answer, and a critic's TD error about it, arrives inside it.
 *
 * <p>It records, for every scored episode and row, per two-step trial: {@code choice} (the first-stage choice),
 * {@code second} (the second-stage choice),
 * {@code common} (1: the common transition) and {@code rewarded} (1: paid), what {@code brainsim analyze two-step}
 * reads (one trial after another per row, across episodes too: the previous trial's outcome is shown at an
 * episode's first trial). A row's error is the share of its trials that went unpaid. A row that sent no action at a
 * decision (a region sends none only between its trials) is answered without {@code ACTED} but moves its world as
 * choice 0, which is what it records.
 */
public final class TwoStepTask implements Task
{
    /** Which two-step task. */
    public enum Variant
    {
        DAW,
        WANG
    }

    private static final int OBSERVATION = 8;

    private final int batch;
    private final Variant variant;
    private final int trials;
    private final int lag;
    private final int settle;
    private final boolean history;
    private TwoStepProcess[] worlds;  // per row, once the first episode drew them
    private final int[] lastChoice;
    private final int[] lastState;
    private final float[] lastReward;

    public TwoStepTask(final int batch, final Variant variant, final int trials, final int lag, final int settle)
    {
        this(batch, variant, trials, lag, settle, true);
    }

    /** @param history whether the observation shows the previous trial's choice, state and reward. */
    public TwoStepTask(final int batch, final Variant variant, final int trials, final int lag, final int settle,
                       final boolean history)
    {
        this.batch = batch;
        this.history = history;
        this.variant = variant;
        this.trials = trials;
        this.lag = lag;
        this.settle = settle;
        this.lastChoice = new int[batch];
        this.lastState = new int[batch];
        this.lastReward = new float[batch];
        Arrays.fill(lastChoice, -1);
        Arrays.fill(lastState, -1);
    }

    @Override
    public Task timed(final int responseLag, final int settleSteps)
    {
        return new TwoStepTask(batch, variant, trials, Math.max(1, responseLag), settleSteps, history);
    }

    @Override
    public int actions()
    {
        return 2;
    }

    @Override
    public int observationWidth()
    {
        return OBSERVATION;
    }

    @Override
    public boolean spikingObservations()
    {
        return false;
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
        return trials * 2 * lag + settle + 1;
    }

    @Override
    public String errorMetric()
    {
        return "share of two-step trials not rewarded";
    }

    @Override
    public List<TrialRecord> trialRecords()
    {
        return List.of(
            new TrialRecord("choice", "the first-stage choice of each two-step trial of the episode", true, trials),
            new TrialRecord("second", "the second-stage choice of each two-step trial of the episode", true, trials),
            new TrialRecord("common", "1 where the transition was common, 0 where rare, per two-step trial", true,
                trials),
            new TrialRecord("rewarded", "1 where the two-step trial was paid, else 0", true, trials));
    }

    @Override
    public Trial next(final long index, final NodeRandom random)
    {
        if (worlds == null)
        {
            worlds = new TwoStepProcess[batch];
            for (int b = 0; b < batch; b++)
            {
                worlds[b] = new TwoStepProcess(variant == Variant.DAW ? TwoStepProcess.Variant.DAW_2011 :
                    TwoStepProcess.Variant.WANG_2018, random.derive("row:" + b));
            }
        }
        return new Episode();
    }

    /** One episode of every row. */
    private final class Episode implements ActingTrial
    {
        private final int[] choice = new int[batch * trials];
        private final int[] secondChoice = new int[batch * trials];
        private final int[] common = new int[batch * trials];
        private final int[] rewarded = new int[batch * trials];
        private final int[] state = new int[batch];   // the second-stage state of the running trial
        private final float[] answer = new float[batch * 2];
        private int answered = -1;                      // the step the answer is about

        Episode()
        {
            Arrays.fill(choice, -1);
            Arrays.fill(secondChoice, -1);
            Arrays.fill(state, -1);
        }

        @Override
        public int steps()
        {
            return maxTrialSteps();
        }

        @Override
        public void observation(final int t, final float[] out)
        {
            Arrays.fill(out, 0f);
            final int j = t / (2 * lag);
            if (j >= trials)
            {
                return; // settling
            }
            final boolean second = t % (2 * lag) >= lag;
            for (int b = 0; b < batch; b++)
            {
                final int o = b * OBSERVATION;
                out[o + (second ? 1 + state[b] : 0)] = 1f;
                if (history && lastChoice[b] >= 0)
                {
                    out[o + 3 + lastChoice[b]] = 1f;
                    out[o + 5 + lastState[b]] = 1f;
                    out[o + 7] = lastReward[b];
                }
            }
        }

        @Override
        public int[] labels()
        {
            final int[] labels = new int[batch];
            Arrays.fill(labels, -1);
            return labels;
        }

        @Override
        public void score(final int t, final float[] action)
        {
            answered = -1;
            final int j = t / (2 * lag);
            if (j >= trials || t % lag != 0)
            {
                return;
            }
            answered = t;
            final boolean second = t % (2 * lag) == lag;
            for (int b = 0; b < batch; b++)
            {
                final int a = action[b * 2 + 1] > 0.5f ? 1 : action[b * 2] > 0.5f ? 0 : -1;
                final int chosen = a < 0 ? 0 : a; // a missing action (none sent) counts as 0
                answer[b * 2] = 0;
                answer[b * 2 + 1] = a < 0 ? 0 : RewardFrame.flags(true, false, chosen); // which was taken, for all
                if (!second)
                {
                    final TwoStepProcess.Transition tr = worlds[b].first(chosen);
                    choice[b * trials + j] = chosen;
                    common[b * trials + j] = tr.common() ? 1 : 0;
                    state[b] = tr.state();
                }
                else
                {
                    final boolean paid = worlds[b].second(state[b], chosen);
                    secondChoice[b * trials + j] = chosen;
                    rewarded[b * trials + j] = paid ? 1 : 0;
                    answer[b * 2] = paid ? 1 : 0;
                    if (j == trials - 1)
                    {
                        answer[b * 2 + 1] += 2; // the episode ends with it
                    }
                    lastChoice[b] = choice[b * trials + j];
                    lastState[b] = state[b];
                    lastReward[b] = answer[b * 2];
                }
            }
        }

        @Override
        public void feedback(final int t, final float[] out)
        {
            if (t == answered)
            {
                System.arraycopy(answer, 0, out, 0, answer.length);
            }
            else
            {
                Arrays.fill(out, 0f);
            }
        }

        @Override
        public double[] rowErrors()
        {
            final double[] errors = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                int paid = 0;
                for (int j = 0; j < trials; j++)
                {
                    paid += rewarded[b * trials + j];
                }
                errors[b] = 1 - paid / (double)trials;
            }
            return errors;
        }

        @Override
        public double[] rowRewards()
        {
            final double[] r = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < trials; j++)
                {
                    r[b] += rewarded[b * trials + j];
                }
            }
            return r;
        }

        @Override
        public long[] record(final String key)
        {
            final int[] values = switch (key)
            {
                case "choice" -> choice;
                case "second" -> secondChoice;
                case "common" -> common;
                case "rewarded" -> rewarded;
                default -> null;
            };
            if (values == null)
            {
                return ActingTrial.super.record(key);
            }
            return Arrays.stream(values).asLongStream().toArray();
        }
    }

    /** The registry entry. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Variant> VARIANT = Param.choice("variant", Variant.class, Variant.DAW,
            "daw (Daw et al. 2011: p = 0.7, four drifting reward probabilities) or wang (Wang et al. 2018: p = 0.8, " +
                "a good state paying 0.9 that swaps with p = 0.025)");
        static final Param<Boolean> HISTORY = Param.flag("history", true,
            "whether the observation shows the previous trial's first choice, second-stage state and reward (what a " +
                "meta-learner needs; off for a habit or planning region that must not read them)");
        static final Param<Integer> TRIALS = Param.integer("trials_per_episode", 1, 1, 1000,
            "two-step trials per episode (a trial of the lockstep; the region's state resets between episodes)");

        @Override
        public String name()
        {
            return "two-step";
        }

        @Override
        public String description()
        {
            return "two-step task (Daw 2011 or Wang 2018), episodes of two-step trials (acting task)";
        }

        @Override
        public boolean acting()
        {
            return true;
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(VARIANT, TRIALS, HISTORY);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            return new TwoStepTask(batch, v.get(VARIANT), v.get(TRIALS), 1, 0, v.get(HISTORY));
        }
    }
}
