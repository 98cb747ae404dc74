package org.brainsim.objectives.rl;

import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;
import org.brainsim.settings.Param;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A critic (issue 13): a region whose single readout unit is a value V, learned by TD(λ) from a task's rewards, and
 * that broadcasts its TD error every step as a neuromodulator on its modulator links (the dopamine of the reward
 * prediction error; Schultz, Dayan &amp; Montague 1997). Time is the region's steps: the reward that arrives at step k
 * (on the reward link, whatever it answers) ends the transition from step k − 1, so
 * <pre>
 *   δ_k = r_k + γ (1 − end_k) V_k − V_{k−1}        (δ_0 = 0: a trial's start resets the network)
 * </pre>
 * is sent at step k, as soon as r_k and V_k are known (end_k: the answer ended an episode). It learns at the end of each
 * trial: per row, V_k's target is the λ-return G_k built from the same rewards and values (held constant; the trial's
 * last step has target 0, nothing more comes in it), and its loss is the mean over rows of Σ_k ½ (G_k − V_k)², weighted.
 */
public final class TdCritic implements Objective
{
    public static final Param<Double> GAMMA = Param.number("gamma", 0.9, 0, true, 1, "discount factor γ per step, 0 … 1");
    public static final Param<Double> LAMBDA = Param.number("td_lambda", 0.9, 0, true, 1,
        "λ of the λ-return the value learns from (0: TD(0), 1: the whole discounted return)");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("td-critic",
        "a value unit learned by TD(λ) from a task's rewards; sends its TD error every step on modulator links",
        List.of(GAMMA, LAMBDA), Set.of(ObjectiveInput.REWARD), true, true, false,
        (context, values, weight) -> new TdCritic(context, values.get(GAMMA), values.get(LAMBDA), weight));

    private final int batch;
    private final double gamma;
    private final double lambda;
    private final double weight;
    private final float[][] values;   // per step, per row
    private final float[][] rewards;  // per step, per row: [reward, flags]
    private final float[] delta;
    private final float[] previous;

    /** @param context its block is one unit, the value. */
    public TdCritic(final ObjectiveContext context, final double gamma, final double lambda, final double weight)
    {
        if (context.outputs() != 1)
        {
            throw new IllegalArgumentException("outputs: " + context.outputs() + " (expected: 1, the value)");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1) || !(weight >= 0))
        {
            throw new IllegalArgumentException("gamma, lambda, weight: " + gamma + ", " + lambda + ", " + weight +
                " (expected: 0 … 1, 0 … 1, >= 0)");
        }
        this.batch = context.batch();
        this.gamma = gamma;
        this.lambda = lambda;
        this.weight = weight;
        this.values = new float[context.trialSteps()][batch];
        this.rewards = new float[context.trialSteps()][batch * 2];
        this.delta = new float[batch];
        this.previous = new float[batch];
    }

    @Override
    public int modulatorWidth()
    {
        return 1;
    }

    @Override
    public float[] modulator()
    {
        return delta;
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        Arrays.fill(delta, 0f);
        if (k < 0)
        {
            return;
        }
        final float[] y = inputs.readout();
        final float[] r = inputs.reward();
        if (r == null)
        {
            throw new IllegalStateException("td-critic: the region has no reward link");
        }
        System.arraycopy(r, 0, rewards[k], 0, batch * 2);
        for (int b = 0; b < batch; b++)
        {
            values[k][b] = y[b];
            if (k > 0)
            {
                final boolean end = ((int)r[b * 2 + 1] & PolicyObjective.Feedback.EPISODE_END) != 0;
                delta[b] = (float)(r[b * 2] + (end ? 0 : gamma * y[b]) - previous[b]);
            }
            previous[b] = y[b];
        }
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        final double[][] target = new double[steps][batch];
        for (int b = 0; b < batch; b++)
        {
            // step k's transition ends with what arrives at k + 1; the trial's last step ends its episode
            final double[] r = new double[steps];
            final double[] v = new double[steps];
            final boolean[] done = new boolean[steps];
            for (int k = 0; k < steps; k++)
            {
                v[k] = values[k][b];
                if (k + 1 < steps)
                {
                    r[k] = rewards[k + 1][b * 2];
                    done[k] = ((int)rewards[k + 1][b * 2 + 1] & PolicyObjective.Feedback.EPISODE_END) != 0;
                }
                else
                {
                    done[k] = true;
                }
            }
            final double[] a = Returns.advantages(r, v, done, gamma, lambda, 0);
            for (int k = 0; k < steps; k++)
            {
                target[k][b] = a[k] + v[k];
            }
        }
        final ReadoutLoss loss = new ReadoutLoss()
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
                for (int t = 0; t < steps; t++)
                {
                    final double[] yt = y[t].ravel().toDoubleVector();
                    for (int b = 0; b < batch; b++)
                    {
                        final double e = yt[b] - target[t][b];
                        rows[b] += weight / batch * 0.5 * e * e;
                    }
                }
                return rows;
            }

            @Override
            public INDArray error(final INDArray y, final int t)
            {
                final double[] yt = y.ravel().toDoubleVector();
                final double[][] err = new double[batch][1];
                for (int b = 0; b < batch && t < steps; b++)
                {
                    err[b][0] = weight / batch * (yt[b] - target[t][b]);
                }
                return Nd4j.create(err).castTo(y.dataType());
            }
        };
        return TrialTerm.of(loss);
    }
}
