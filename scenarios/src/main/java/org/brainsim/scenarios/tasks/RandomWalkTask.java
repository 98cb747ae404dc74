package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.Arrays;
import java.util.List;

/**
 * The random walk of Sutton (1988) and Sutton &amp; Barto (2018, Example 6.2), a task with rewards but no actions (issue
 * 13): a chain of {@code states} states (A … E for five), every episode starts in the middle one and moves one state
 * left or right with probability ½ per step; leaving the chain on the right pays 1, on the left 0, and ends the
 * episode. A critic learns the states' values from the rewards; with discount γ they are known exactly (for γ = 1,
 * V(i) = (i + 1)/(states + 1): 1/6 … 5/6), and the task scores a value readout against them.
 *
 * <p>One lockstep step per move. At step t a row's observation is its state one-hot (all zeros once its episodes are
 * done), and its reward row answers the move that led there: the reward of leaving the chain, with the episode's end
 * flag, at the step the next episode starts (a td-critic bootstraps nothing across it). A trial gives each row
 * {@code episodes} whole episodes, each drawn without regard to its length, and lasts a fixed 3 × their mean length
 * + 1 steps ({@code episodes} ((states + 1)/2)² is the mean; 271 steps at the defaults; recordings assume trials of
 * one length): once a row's episodes are done it sees zeros, and each such step is answered as an episode of its own
 * that pays 0 (its value is 0, and a critic learns it at once). A row whose episodes would outlast the trial is cut
 * at its end (at the defaults, with probability 8·10⁻⁸ per row, from the exact distribution of ten episodes' length). Row error:
 * the RMS difference between the readout and the analytic value over the row's steps in episodes (so weighted by
 * visits, C most; Sutton &amp; Barto average over the states instead). The task's observations ({@code activity/task.npy}) hold the states.
 */
public final class RandomWalkTask implements Task
{
    private final int batch;
    private final int states;
    private final int episodes;
    private final float[] values;

    /**
     * @param states   odd, ≥ 3.
     * @param episodes per row and trial, ≥ 1.
     * @param gamma    the discount of the analytic values (the critic's γ).
     */
    public RandomWalkTask(final int batch, final int states, final int episodes, final double gamma)
    {
        if (states < 3 || states % 2 == 0 || episodes < 1 || !(gamma >= 0 && gamma <= 1))
        {
            throw new IllegalArgumentException("states " + states + ", episodes " + episodes + ", gamma " + gamma +
                " (expected: odd states >= 3, episodes >= 1, gamma 0 … 1)");
        }
        this.batch = batch;
        this.states = states;
        this.episodes = episodes;
        final double[] exact = values(states, gamma);
        this.values = new float[states];
        for (int i = 0; i < states; i++)
        {
            values[i] = (float)exact[i];
        }
    }

    /**
     * The analytic values: V(i) = ½ (left) + ½ (right), where a neighbour outside the chain pays its reward (0 on the
     * left, 1 on the right) and ends the episode, and one inside is worth γ V(neighbour). A tridiagonal system, solved
     * exactly (Thomas algorithm).
     */
    public static double[] values(final int states, final double gamma)
    {
        // −γ/2 V(i−1) + V(i) − γ/2 V(i+1) = rhs(i), rhs = ½ on the last state (its right neighbour pays 1), else 0
        final double off = -gamma / 2;
        final double[] c = new double[states];
        final double[] d = new double[states];
        for (int i = 0; i < states; i++)
        {
            final double rhs = i == states - 1 ? 0.5 : 0;
            final double denominator = i == 0 ? 1 : 1 - off * c[i - 1];
            c[i] = off / denominator;
            d[i] = (rhs - (i == 0 ? 0 : off * d[i - 1])) / denominator;
        }
        final double[] v = new double[states];
        for (int i = states - 1; i >= 0; i--)
        {
            v[i] = d[i] - (i == states - 1 ? 0 : c[i] * v[i + 1]);
        }
        return v;
    }

    @Override
    public int observationWidth()
    {
        return states;
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
    public boolean rewards()
    {
        return true;
    }

    @Override
    public int maxTrialSteps()
    {
        final int half = (states + 1) / 2;
        return episodes * 3 * half * half + 1; // 3 × the mean length ((states + 1)/2)² of every episode
    }

    @Override
    public String errorMetric()
    {
        return "RMS difference between the value readout and the analytic values";
    }

    @Override
    public List<Constant> constants()
    {
        final double[][] v = new double[1][states];
        for (int i = 0; i < states; i++)
        {
            v[0][i] = values[i];
        }
        return List.of(new Constant("values", "the analytic value of each state (float32, as scored)",
            List.of("one", "state"), v));
    }

    @Override
    public Trial next(final long index, final NodeRandom random)
    {
        final int cap = maxTrialSteps();
        final int[][] state = new int[batch][];
        final float[][] reward = new float[batch][];
        final boolean[][] end = new boolean[batch][];
        for (int b = 0; b < batch; b++)
        {
            final int[] s = new int[cap];
            final float[] r = new float[cap];
            final boolean[] e = new boolean[cap];
            Arrays.fill(s, -1);
            int t = 0;
            s[0] = states / 2;
            int done = 0;
            while (done < episodes && t + 1 < cap)
            {
                final int next = s[t] + (random.nextDouble() < 0.5 ? -1 : 1);
                t++;
                if (next < 0 || next >= states)
                {
                    r[t] = next < 0 ? 0f : 1f;
                    e[t] = true;
                    done++;
                    s[t] = done < episodes ? states / 2 : -1;
                }
                else
                {
                    s[t] = next;
                }
            }
            for (int u = t + 1; u < cap; u++)
            {
                e[u] = true; // done: every further step is an episode of its own that pays 0 (its value is 0)
            }
            state[b] = s;
            reward[b] = r;
            end[b] = e;
        }
        return new Walk(state, reward, end, cap);
    }

    /** Every row's walks of one trial. */
    private final class Walk implements Trial
    {
        private final int[][] state;
        private final float[][] reward;
        private final boolean[][] end;
        private final int steps;
        private final double[] squared = new double[batch];
        private final int[] counted = new int[batch];

        Walk(final int[][] state, final float[][] reward, final boolean[][] end, final int steps)
        {
            this.state = state;
            this.reward = reward;
            this.end = end;
            this.steps = steps;
        }

        @Override
        public int steps()
        {
            return steps;
        }

        @Override
        public void observation(final int t, final float[] out)
        {
            Arrays.fill(out, 0, batch * states, 0f);
            for (int b = 0; b < batch; b++)
            {
                if (state[b][t] >= 0)
                {
                    out[b * states + state[b][t]] = 1f;
                }
            }
        }

        @Override
        public void target(final int t, final float[] out)
        {
            for (int b = 0; b < batch; b++)
            {
                out[b] = state[b][t] >= 0 ? values[state[b][t]] : 0f;
            }
        }

        @Override
        public double window(final int t)
        {
            return 1;
        }

        @Override
        public int[] labels()
        {
            return Tasks.unlabelled(batch);
        }

        @Override
        public void score(final int t, final float[] readout)
        {
            for (int b = 0; b < batch; b++)
            {
                if (state[b][t] >= 0)
                {
                    final double e = readout[b] - values[state[b][t]];
                    squared[b] += e * e;
                    counted[b]++;
                }
            }
        }

        @Override
        public double[] rowErrors()
        {
            final double[] errors = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                errors[b] = Math.sqrt(squared[b] / Math.max(1, counted[b]));
            }
            return errors;
        }

        @Override
        public void feedback(final int t, final float[] out)
        {
            for (int b = 0; b < batch; b++)
            {
                out[b * 2] = reward[b][t];
                out[b * 2 + 1] = end[b][t] ? 2 : 0; // RewardFrame's EPISODE_END; never ACTED: nothing acts here
            }
        }
    }

    /** Registers the task as {@code random-walk}. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Integer> STATES = Param.integer("states", 5, 3, 101, "states of the chain (odd; start in the middle)");
        static final Param<Integer> EPISODES = Param.integer("episodes", 10, 1, 10_000, "episodes per row and trial");
        static final Param<Double> GAMMA = Param.number("gamma", 1.0, 0, true, 1,
            "discount of the analytic values the readout is scored against (give the critic's gamma)");

        @Override
        public String name()
        {
            return "random-walk";
        }

        @Override
        public String description()
        {
            return "Sutton's random walk: rewards without actions, for a critic; values scored against the analytic ones";
        }

        @Override
        public boolean rewards()
        {
            return true;
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(STATES, EPISODES, GAMMA);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            if (v.get(STATES) % 2 == 0)
            {
                throw new IllegalArgumentException("states: " + v.get(STATES) + " (expected: odd, so that the walk " +
                    "starts in the middle)");
            }
            return new RandomWalkTask(batch, v.get(STATES), v.get(EPISODES), v.get(GAMMA));
        }
    }
}
