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
 * It acts by a softmax of β·Q (drawn with the region's stream); its values are its readout (recorded as such; no
 * link kind carries them to an arbiter yet). At the end of a trial, per row, its decisions d_1 … d_n (the steps answered with
 * {@code ACTED}), their rewards r_i, their chosen values Q_i = Q(s_{d_i}, a_{d_i}) and the episodes' ends give the
 * λ-returns
 * <pre>
 *   G_i = r_i + γ [(1 − λ) Q_{i+1} + λ G_{i+1}]        (0 past an episode's end or the trial's last decision)
 * </pre>
 * (with γ = 1 and two decisions per episode, G_1 = (1 − λ) Q_2 + λ r: Daw's stage-1 update). The loss is, averaged over
 * rows and summed over decisions, ½ (Q_i − G_i)² with G_i held constant, on the chosen action's unit only: what the
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
    public static final Param<PolicyObjective.Policy> POLICY = Param.choice("policy", PolicyObjective.Policy.class,
        PolicyObjective.Policy.SAMPLE, "sample (draw from softmax(β·Q) with the region's stream) or greedy (arg-max)");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("model-free",
        "habit: cached action values Q(s, a) learned by SARSA(lambda) from a task's rewards; acts by softmax(beta Q)",
        List.of(GAMMA, LAMBDA, BETA, POLICY), Set.of(ObjectiveInput.REWARD), true, true, false,
        (context, values, weight) -> new ModelFree(context, values.get(GAMMA), values.get(LAMBDA), values.get(BETA),
            values.get(POLICY), weight));

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
    private final float[][] q;      // per step, per row: the chosen action's value
    private final float[][] rewards; // per step, per row: [reward, flags]
    private final double[] p;

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
        this.q = new float[context.trialSteps()][batch];
        this.rewards = new float[context.trialSteps()][batch * 2];
        this.p = new double[actions];
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
        for (int b = 0; b < batch; b++)
        {
            final int a = choose(y, b * actions);
            action[b * actions + a] = 1f;
            chosen[k][b] = a;
            q[k][b] = y[b * actions + a];
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
        final double u = uniform.getAsDouble() * sum;
        double cumulative = 0;
        for (int a = 0; a < actions - 1; a++)
        {
            cumulative += p[a];
            if (u < cumulative)
            {
                return a;
            }
        }
        return actions - 1;
    }

    private boolean flag(final int at, final int b, final int flag)
    {
        return ((int)rewards[at][b * 2 + 1] & flag) != 0;
    }

    /**
     * @return per step and row the λ-return of the decision made there (NaN where no decision was made), over the
     *     trial's first {@code n} steps.
     */
    double[][] targets(final int n)
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
                v[i] = q[at[i]][b];
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
        final double[][] target = targets(n);
        final int[][] acts = new int[n][];
        final boolean[] any = new boolean[n];
        for (int t = 0; t < n; t++)
        {
            acts[t] = chosen[t].clone();
            for (int b = 0; b < batch; b++)
            {
                any[t] |= !Double.isNaN(target[t][b]);
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
