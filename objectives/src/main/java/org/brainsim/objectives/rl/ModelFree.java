package org.brainsim.objectives.rl;

import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;
import org.brainsim.settings.Param;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The habit system (issue 14; reference tasks.md §4.1, §5.1): a region whose readout caches one action value Q(s, a)
 * per action, learned by SARSA(λ) from a task's rewards, as in the model-free half of Daw et al. 2011's hybrid model.
 * It acts by a softmax of β·Q (drawn with the region's stream), and offers its values every step on {@code values}
 * links to an arbiter, with a variance per state (the slot of its observation's largest value) and action: the running
 * mean (rate {@code uncertainty_rate}, from 1) of its squared errors (G_i − Q_i, the λ-return against the value, at each
 * trial's end) there. At the end of a trial, per row, its decisions d_1 … d_n (the steps answered with
 * {@code ACTED}), their rewards r_i, the values Q_i = Q(s_{d_i}, a_{d_i}) of the actions taken (the answer says which
 * when an arbiter chose; else the region's own choice) and the episodes' ends give the
 * λ-returns
 * <pre>
 *   G_i = r_i + γ [(1 − λ) Q_{i+1} + λ G_{i+1}]        (0 past an episode's end or the trial's last decision)
 * </pre>
 * (with γ = 1 and two decisions per episode, G_1 = (1 − λ) Q_2 + λ r: Daw's stage-1 update). The loss is, averaged over
 * rows and summed over decisions, ½ (Q_i − G_i)² with G_i held constant, on the taken action's unit only: what the
 * region's rule back-propagates into the weights that cache the values.
 */
public final class ModelFree implements Objective
{
    public static final Param<Double> GAMMA = Param.number("gamma", 1.0, 0, true, 1,
        "discount factor γ per decision, 0 … 1 (1 in Daw et al. 2011)");
    public static final Param<Double> LAMBDA = Param.number("td_lambda", 0.6, 0, true, 1,
        "λ of SARSA(λ): how much of a later reward reaches an earlier decision directly (0: only the next value)");
    public static final Param<Double> BETA = Param.number("softmax_beta", 5.0, 0, true, 1e3,
        "inverse temperature β of the softmax over β·Q that chooses the action");
    public static final Param<Double> UNCERTAINTY_RATE = Param.number("uncertainty_rate", 0.1, 0, false, 1,
        "rate of the running mean of squared errors G - Q (lambda-return against value) that is the variance it offers an " +
            "arbiter per state and action");
    public static final Param<PolicyObjective.Policy> POLICY = Param.choice("policy", PolicyObjective.Policy.class,
        PolicyObjective.Policy.SAMPLE, "sample (draw from softmax(β·Q) with the region's stream) or greedy (arg-max)");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("model-free",
        "habit: cached action values Q(s, a) learned by SARSA(lambda) from a task's rewards; acts by softmax(beta Q)",
        List.of(GAMMA, LAMBDA, BETA, UNCERTAINTY_RATE, POLICY), Set.of(ObjectiveInput.REWARD), true, true, false,
        (context, values, weight) -> new ModelFree(context, values.get(GAMMA), values.get(LAMBDA), values.get(BETA),
            values.get(POLICY), weight).uncertaintyRate(values.get(UNCERTAINTY_RATE)));

    private final int batch;
    private final int actions;
    private final int feedback;
    private final double gamma;
    private final double lambda;
    private final double beta;
    private final PolicyObjective.Policy policy;
    private final double weight;
    private final DoubleSupplier uniform;
    private final float[] action;
    private final int[][] chosen;   // per step, per row
    private final float[][] q;      // per step: every row's values [batch][actions]
    private final float[][] rewards; // per step, per row: [reward, flags]
    private final double[] p;
    private final int observation;
    private final float[] offered;           // [batch][values, variances]
    private final int[][] keys;              // per step, per row: the observation slot that keys the variances
    private double[][][] spread;             // per row: [key][action], the running mean of squared SARSA errors
    private double rate = 0.1;

    /** @param context its block is one unit per action; it needs the feedback delay and (to sample) a stream. */
    public ModelFree(final ObjectiveContext context, final double gamma, final double lambda, final double beta,
                     final PolicyObjective.Policy policy, final double weight)
    {
        if (context.outputs() < 2)
        {
            throw new IllegalArgumentException("outputs: " + context.outputs() + " (expected: one value per action, " +
                "two actions or more)");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1) || !(beta >= 0) || !(weight >= 0))
        {
            throw new IllegalArgumentException("gamma, lambda, beta, weight: " + gamma + ", " + lambda + ", " + beta +
                ", " + weight + " (expected: 0 … 1, 0 … 1, >= 0, >= 0)");
        }
        if (context.uniform() == null && policy == PolicyObjective.Policy.SAMPLE)
        {
            throw new IllegalArgumentException("uniform: null (expected: the region's stream to draw actions from)");
        }
        this.batch = context.batch();
        this.actions = context.outputs();
        this.feedback = context.feedbackSteps();
        this.gamma = gamma;
        this.lambda = lambda;
        this.beta = beta;
        this.policy = policy;
        this.weight = weight;
        this.uniform = context.uniform();
        this.action = new float[batch * actions];
        this.chosen = new int[context.trialSteps()][batch];
        this.q = new float[context.trialSteps()][batch * actions];
        this.rewards = new float[context.trialSteps()][batch * 2];
        this.p = new double[actions];
        this.observation = context.observationLink();
        this.offered = new float[batch * 2 * actions];
        this.keys = new int[context.trialSteps()][batch];
    }

    /** @return this, with the rate of the running mean whose value is the variance offered. */
    ModelFree uncertaintyRate(final double r)
    {
        if (!(r > 0 && r <= 1))
        {
            throw new IllegalArgumentException("uncertainty rate: " + r + " (expected: > 0 … 1)");
        }
        this.rate = r;
        return this;
    }

    @Override
    public int valuesWidth()
    {
        return 2 * actions;
    }

    @Override
    public float[] values()
    {
        return offered;
    }

    /** @return the slot of the largest value of a row of the observation (its one-hot state), or 0 without one. */
    private int key(final ObjectiveInputs inputs, final int b)
    {
        if (observation < 0)
        {
            return 0;
        }
        final float[] obs = inputs.inbound(observation);
        final int width = obs.length / batch;
        if (spread == null || spread[0].length != width)
        {
            spread = new double[batch][width][actions];
            for (final double[][] row : spread)
            {
                for (final double[] s : row)
                {
                    Arrays.fill(s, 1.0); // the prior variance, on the scale of rewards in [0, 1]
                }
            }
        }
        int best = 0;
        for (int i = 1; i < width; i++)
        {
            best = obs[b * width + i] > obs[b * width + best] ? i : best;
        }
        return best;
    }

    @Override
    public float[] action()
    {
        return action;
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        Arrays.fill(action, 0f);
        if (k < 0)
        {
            return;
        }
        final float[] y = inputs.readout();
        final float[] r = inputs.reward();
        if (r == null)
        {
            throw new IllegalStateException("model-free: the region has no reward link");
        }
        System.arraycopy(y, 0, q[k], 0, batch * actions);
        if (spread == null && observation < 0)
        {
            spread = new double[batch][1][actions];
            for (final double[][] row : spread)
            {
                Arrays.fill(row[0], 1.0);
            }
        }
        for (int b = 0; b < batch; b++)
        {
            final int a = choose(y, b * actions);
            action[b * actions + a] = 1f;
            chosen[k][b] = a;
            keys[k][b] = key(inputs, b);
            System.arraycopy(y, b * actions, offered, b * 2 * actions, actions);
            for (int i = 0; i < actions; i++)
            {
                offered[b * 2 * actions + actions + i] = (float)spread[b][keys[k][b]][i];
            }
        }
        System.arraycopy(r, 0, rewards[k], 0, batch * 2);
    }

    /** softmax(β·Q) drawn with the stream, or the arg-max. */
    private int choose(final float[] y, final int offset)
    {
        int best = 0;
        for (int a = 1; a < actions; a++)
        {
            best = y[offset + a] > y[offset + best] ? a : best;
        }
        if (policy == PolicyObjective.Policy.GREEDY)
        {
            return best;
        }
        double sum = 0;
        for (int a = 0; a < actions; a++)
        {
            p[a] = Math.exp(beta * ((double)y[offset + a] - y[offset + best]));
            sum += p[a];
        }
        return Draws.weighted(p, actions, sum, uniform);
    }

    private boolean flag(final int at, final int b, final int flag)
    {
        return ((int)rewards[at][b * 2 + 1] & flag) != 0;
    }

    /**
     * @return the action taken at a decision: the one the answer says was taken (an arbiter may have chosen it), else
     *     the region's own.
     */
    private int taken(final int t, final int b)
    {
        final int said = PolicyObjective.Feedback.taken(rewards[t + feedback][b * 2 + 1]);
        return said >= 0 && said < actions ? said : chosen[t][b];
    }

    /**
     * @return per step and row the λ-return of the decision made there (NaN where no decision was made), over the
     *     trial's first {@code n} steps; {@code acts} gets the actions taken there.
     */
    double[][] targets(final int n, final int[][] acts)
    {
        final double[][] target = new double[n][batch];
        for (final double[] row : target)
        {
            Arrays.fill(row, Double.NaN);
        }
        for (int b = 0; b < batch; b++)
        {
            final int[] at = new int[n];
            int count = 0;
            for (int t = 0; t + feedback < n; t++)
            {
                if (flag(t + feedback, b, PolicyObjective.Feedback.ACTED))
                {
                    at[count++] = t;
                }
            }
            final double[] r = new double[count];
            final double[] v = new double[count];
            final boolean[] done = new boolean[count];
            for (int i = 0; i < count; i++)
            {
                r[i] = rewards[at[i] + feedback][b * 2];
                done[i] = flag(at[i] + feedback, b, PolicyObjective.Feedback.EPISODE_END);
                acts[at[i]][b] = taken(at[i], b);
                v[i] = q[at[i]][b * actions + acts[at[i]][b]];
            }
            final double[] a = Returns.advantages(r, v, done, gamma, lambda, 0);
            for (int i = 0; i < count; i++)
            {
                target[at[i]][b] = a[i] + v[i];
            }
        }
        return target;
    }

    @Override
    public TrialTerm endTrial(final int n)
    {
        final int[][] acts = new int[n][batch];
        final double[][] target = targets(n, acts);
        final boolean[] any = new boolean[n];
        for (int t = 0; t < n; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                any[t] |= !Double.isNaN(target[t][b]);
                if (!Double.isNaN(target[t][b]) && spread != null)
                {
                    final double e = target[t][b] - q[t][b * actions + acts[t][b]];
                    final double[] s = spread[b][keys[t][b]];
                    s[acts[t][b]] += rate * (e * e - s[acts[t][b]]);
                }
            }
        }
        return TrialTerm.of(new ReadoutLoss()
        {
            @Override
            public double value(final INDArray[] y)
            {
                return Arrays.stream(rowValues(y)).sum();
            }

            @Override
            public double[] rowValues(final INDArray[] y)
            {
                final double[] rows = new double[batch];
                for (int t = 0; t < n; t++)
                {
                    if (!any[t])
                    {
                        continue;
                    }
                    final double[] yt = y[t].castTo(DataType.DOUBLE).dup('c').data().asDouble();
                    for (int b = 0; b < batch; b++)
                    {
                        if (!Double.isNaN(target[t][b]))
                        {
                            final double e = yt[b * actions + acts[t][b]] - target[t][b];
                            rows[b] += weight / batch * 0.5 * e * e;
                        }
                    }
                }
                return rows;
            }

            @Override
            public INDArray error(final INDArray y, final int t)
            {
                return Nd4j.create(errors(y, t), new long[] {batch, actions}, DataType.DOUBLE).castTo(y.dataType());
            }

            @Override
            public float[] errorValues(final INDArray y, final int t)
            {
                final double[] e = errors(y, t);
                final float[] f = new float[e.length];
                for (int i = 0; i < e.length; i++)
                {
                    f[i] = (float)e[i];
                }
                return f;
            }

            private double[] errors(final INDArray y, final int t)
            {
                final double[] err = new double[batch * actions];
                if (!judges(t))
                {
                    return err;
                }
                final double[] yt = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                for (int b = 0; b < batch; b++)
                {
                    if (!Double.isNaN(target[t][b]))
                    {
                        final int i = b * actions + acts[t][b];
                        err[i] = weight / batch * (yt[i] - target[t][b]);
                    }
                }
                return err;
            }

            @Override
            public boolean judges(final int t)
            {
                return t < n && any[t];
            }
        });
    }
}
