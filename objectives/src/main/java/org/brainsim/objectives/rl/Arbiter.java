package org.brainsim.objectives.rl;

import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;
import org.brainsim.settings.Param;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Arbitration between a goal-directed and a habit controller (issue 14; reference tasks.md §4.1, §5.1): a region that
 * receives both controllers' action values with their variances on {@code values} links (the goal-directed one's
 * first) and chooses the action the task takes. Its own network and readout play no part; it does not learn.
 * <ul>
 * <li>{@code arbitration = fixed}: Daw et al. 2011's hybrid, Q = w·Q_MB + (1 − w)·Q_MF;</li>
 * <li>{@code arbitration = uncertainty}: Daw, Niv &amp; Dayan 2005, per action the value of the controller whose
 * variance for it is lower (the goal-directed one on ties).</li>
 * </ul>
 * A controller silenced by a phase ({@code silence = [region]}: its values link brings zeros) counts with values 0 under
 * a fixed weight, and controls nothing under uncertainty-based arbitration (its zero variances are not certainty).
 * It draws the action from softmax(β·Q + p·1[a = the action taken at the same step of the previous trial]), p the
 * perseveration, with the region's stream. Unlike Daw's p, which only the first-stage choice gets, it applies at every
 * decision step (both stages of a two-step trial), and "the previous trial" is the previous lockstep trial (with
 * several two-step trials per episode, the previous episode's trial at that position).
 * {@link #weight()} is the share of the goal-directed controller in its last choice per row (w, or the share of
 * actions it controlled).
 */
public final class Arbiter implements Objective
{
    /** How the two controllers' values are combined. */
    public enum Arbitration
    {
        /** Q = w·Q_MB + (1 − w)·Q_MF. */
        FIXED,
        /** Per action, the value of the controller with the lower variance. */
        UNCERTAINTY
    }

    public static final Param<Arbitration> ARBITRATION = Param.choice("arbitration", Arbitration.class,
        Arbitration.FIXED, "fixed (Daw et al. 2011: w Q_MB + (1 - w) Q_MF) or uncertainty (Daw, Niv & Dayan 2005: per " +
            "action, the less uncertain controller's value)");
    public static final Param<Double> W = Param.number("w", 0.5, 0, true, 1,
        "the goal-directed controller's weight with arbitration = fixed, 0 … 1");
    public static final Param<Double> BETA = Param.number("softmax_beta", 5.0, 0, true, 1e3,
        "inverse temperature β of the softmax that chooses the action");
    public static final Param<Double> PERSEVERATION = Param.number("perseveration", 0.0, -1e3, true, 1e3,
        "p: a bonus for repeating the action taken at the same step of the previous trial");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("arbiter",
        "chooses from a goal-directed and a habit controller's values (values links): a fixed weight w, or the less " +
            "uncertain per action",
        List.of(ARBITRATION, W, BETA, PERSEVERATION), Set.of(ObjectiveInput.VALUES), true, true, false,
        (context, values, weight) -> new Arbiter(context, values.get(ARBITRATION), values.get(W), values.get(BETA),
            values.get(PERSEVERATION)));

    private final int batch;
    private final int actions;
    private final Arbitration arbitration;
    private final double w;
    private final double beta;
    private final double perseveration;
    private final DoubleSupplier uniform;
    private final float[] action;
    private final int[][] last;     // per step, per row: the action chosen there in the previous trial (−1: none)
    private final int[][] now;      // per step, per row: this trial's
    private final double[] q;
    private final double[] pi;
    private final double[] share;   // per row: the goal-directed controller's share of the last choice

    public Arbiter(final ObjectiveContext context, final Arbitration arbitration, final double w, final double beta,
                   final double perseveration)
    {
        if (!(w >= 0 && w <= 1) || !(beta >= 0) || context.uniform() == null)
        {
            throw new IllegalArgumentException("w, beta, uniform: " + w + ", " + beta + ", " + context.uniform() +
                " (expected: 0 … 1, >= 0, the region's stream)");
        }
        this.batch = context.batch();
        this.actions = context.outputs();
        this.arbitration = arbitration;
        this.w = w;
        this.beta = beta;
        this.perseveration = perseveration;
        this.uniform = context.uniform();
        this.action = new float[batch * actions];
        this.last = new int[context.trialSteps()][batch];
        this.now = new int[context.trialSteps()][batch];
        for (final int[] row : last)
        {
            Arrays.fill(row, -1);
        }
        this.q = new double[actions];
        this.pi = new double[actions];
        this.share = new double[batch];
    }

    @Override
    public float[] action()
    {
        return action;
    }

    /** @return per row, the goal-directed controller's share of its last choice. */
    public double[] weight()
    {
        return share;
    }

    @Override
    public void startTrial()
    {
        for (int k = 0; k < now.length; k++)
        {
            System.arraycopy(now[k], 0, last[k], 0, batch);
            Arrays.fill(now[k], -1);
        }
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        Arrays.fill(action, 0f);
        if (k < 0)
        {
            return;
        }
        if (inputs.valueLinks() != 2)
        {
            throw new IllegalStateException("arbiter: " + inputs.valueLinks() + " values links (expected: 2, the " +
                "goal-directed controller's and the habit's)");
        }
        final float[] goal = inputs.values(0);
        final float[] habit = inputs.values(1);
        for (int b = 0; b < batch; b++)
        {
            final int at = b * 2 * actions;
            // a silenced controller (a phase cut its values link) sends zeros: no value is certain, so it controls nothing
            final boolean goalSilent = silent(goal, at);
            final boolean habitSilent = silent(habit, at);
            int controlled = 0;
            for (int a = 0; a < actions; a++)
            {
                final double mb = goal[at + a];
                final double mf = habit[at + a];
                if (arbitration == Arbitration.FIXED)
                {
                    q[a] = w * mb + (1 - w) * mf;
                }
                else
                {
                    final boolean goalControls = !goalSilent && (habitSilent ||
                        lessOrEqual(goal[at + actions + a], habit[at + actions + a]));
                    q[a] = goalControls ? mb : mf;
                    controlled += goalControls ? 1 : 0;
                }
            }
            share[b] = arbitration == Arbitration.FIXED ? w : controlled / (double)actions;
            final int a = choose(k < last.length ? last[k][b] : -1);
            action[b * actions + a] = 1f;
            if (k < now.length)
            {
                now[k][b] = a;
            }
        }
    }

    /** @return whether variance u is no larger than v, an unknown (NaN) variance being larger than any other. */
    private static boolean lessOrEqual(final float u, final float v)
    {
        return Float.isNaN(v) || !Float.isNaN(u) && u <= v;
    }

    /** @return whether a controller's row is all zeros, values and variances: what a cut link brings. */
    private boolean silent(final float[] values, final int at)
    {
        for (int i = 0; i < 2 * actions; i++)
        {
            if (values[at + i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** softmax(β Q + p·1[a = previous]) drawn with the stream. */
    private int choose(final int previous)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < actions; a++)
        {
            pi[a] = beta * q[a] + (a == previous ? perseveration : 0);
            max = Math.max(max, pi[a]);
        }
        double sum = 0;
        for (int a = 0; a < actions; a++)
        {
            pi[a] = Math.exp(pi[a] - max);
            sum += pi[a];
        }
        final double u = uniform.getAsDouble() * sum;
        double cumulative = 0;
        for (int a = 0; a < actions - 1; a++)
        {
            cumulative += pi[a];
            if (u < cumulative)
            {
                return a;
            }
        }
        return actions - 1;
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        return TrialTerm.of(ReadoutLoss.NONE); // it does not learn
    }
}
