package org.brainsim.objectives.rl;

import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialArray;
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
 * variance for it is lower (the goal-directed one on ties);</li>
 * <li>{@code arbitration = reliability}: after Lee, Shimojo &amp; O'Doherty 2014, Q = P·Q_MB + (1 − P)·Q_MF with P, the
 * probability that the goal-directed controller controls, a per-row state that follows the two controllers'
 * reliabilities: after each trial P ← P + α(χ_MF)(1 − P) − β(χ_MB)·P with α(χ) = A_α / (1 + e^{Bχ}) and
 * β(χ) = A_β / (1 + e^{Bχ}) (Lee's transition rates: an unreliable habit hands control to the goal-directed
 * controller and the other way round), P starting at {@code w}. A controller's reliability χ over a trial is the mean
 * over its steps and actions of 1 / (1 + σ²), σ² the variance it sent with the value: here the variances are running
 * means of each controller's squared prediction errors (the habit's of its λ-return, the planner's of rewards and its
 * plan's noise), so χ is a reliability learned from prediction errors as in Lee 2014, though from reward errors on both
 * sides where Lee's goal-directed reliability reads state-prediction errors. P moves after every trial the arbiter
 * chose in, frozen phases too (the arbiter does not learn weights; P is its state, not a weight).</li>
 * </ul>
 * A controller silenced by a phase ({@code silence = [region]}: its values link brings zeros) counts with values 0 under
 * a fixed weight, and controls nothing under uncertainty- or reliability-based arbitration (its zero variances are
 * not certainty).
 * It draws the action from softmax(β·Q + p·1[a = the action taken at the same step of the previous trial]), p the
 * perseveration, with the region's stream. Unlike Daw's p, which only the first-stage choice gets, it applies at every
 * decision step (both stages of a two-step trial), and "the previous trial" is the previous lockstep trial (with
 * several two-step trials per episode, the previous episode's trial at that position).
 * {@link #weight()} is the share of the goal-directed controller in its last choice per row (w, P, or the share of
 * actions it controlled). Per trial it records ({@link #trialArrays()}), per row and step: both controllers' values and
 * variances as received, the action chosen, the goal-directed weight of that choice (w, P, or 1/0 for whether the
 * goal-directed controller's value of the chosen action was used) and, under uncertainty-based arbitration, which
 * controller's value of the chosen action was used (1 goal-directed, 0 habit; NaN where the values were mixed).
 */
public final class Arbiter implements Objective
{
    /** How the two controllers' values are combined. */
    public enum Arbitration
    {
        /** Q = w·Q_MB + (1 − w)·Q_MF. */
        FIXED,
        /** Per action, the value of the controller with the lower variance. */
        UNCERTAINTY,
        /** Q = P·Q_MB + (1 − P)·Q_MF, P following the controllers' reliabilities (Lee et al. 2014). */
        RELIABILITY
    }

    public static final Param<Arbitration> ARBITRATION = Param.choice("arbitration", Arbitration.class,
        Arbitration.FIXED, "fixed (Daw et al. 2011: w Q_MB + (1 - w) Q_MF), uncertainty (Daw, Niv & Dayan 2005: per " +
            "action, the less uncertain controller's value) or reliability (Lee, Shimojo & O'Doherty 2014: a weight P " +
            "that follows the controllers' reliabilities)");
    public static final Param<Double> W = Param.number("w", 0.5, 0, true, 1,
        "the goal-directed controller's weight with arbitration = fixed, and where P starts with arbitration = " +
            "reliability, 0 … 1");
    public static final Param<Double> TO_GOAL = Param.number("to_goal_rate", 0.2, 0, true, 0.5,
        "A_alpha: the largest per-trial rate at which an unreliable habit hands control to the goal-directed controller " +
            "(arbitration = reliability), 0 … 0.5");
    public static final Param<Double> TO_HABIT = Param.number("to_habit_rate", 0.2, 0, true, 0.5,
        "A_beta: the largest per-trial rate at which an unreliable goal-directed controller hands control to the habit " +
            "(arbitration = reliability), 0 … 0.5");
    public static final Param<Double> SLOPE = Param.number("reliability_slope", 5.0, 0, true, 1e3,
        "B: how steeply a controller's reliability chi in 0 … 1 slows the hand-over away from it, rate = A / (1 + " +
            "exp(B chi)) (arbitration = reliability)");
    public static final Param<Double> BETA = Param.number("softmax_beta", 5.0, 0, true, 1e3,
        "inverse temperature β of the softmax that chooses the action");
    public static final Param<Double> PERSEVERATION = Param.number("perseveration", 0.0, -1e3, true, 1e3,
        "p: a bonus for repeating the action taken at the same step of the previous trial");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("arbiter",
        "chooses from a goal-directed and a habit controller's values (values links): a fixed weight w, the less " +
            "uncertain per action, or a weight that follows their reliabilities",
        List.of(ARBITRATION, W, BETA, PERSEVERATION, TO_GOAL, TO_HABIT, SLOPE), Set.of(ObjectiveInput.VALUES), true,
        true, false,
        (context, values, weight) -> new Arbiter(context, values.get(ARBITRATION), values.get(W), values.get(BETA),
            values.get(PERSEVERATION)).reliability(values.get(TO_GOAL), values.get(TO_HABIT), values.get(SLOPE)));

    private final int batch;
    private final int actions;
    private final Arbitration arbitration;
    private final double w;
    private double toGoal = 0.2;
    private double toHabit = 0.2;
    private double slope = 5;
    private final double beta;
    private final double perseveration;
    private final DoubleSupplier uniform;
    private final float[] action;
    private final int[][] last;     // per step, per row: the action chosen there in the previous trial (−1: none)
    private final int[][] now;      // per step, per row: this trial's
    private final double[] q;
    private final double[] pi;
    private final double[] share;   // per row: the goal-directed controller's share of the last choice
    private final double[] p;       // per row: P, the goal-directed controller's weight (arbitration = reliability)
    private final double[][] chi;   // per row: the trial's summed reliabilities (goal, habit) and their counts
    private final int steps;
    private final float[] goalSeen;   // this trial's record: [batch][steps][2 actions], values then variances
    private final float[] habitSeen;
    private final float[] chosen;     // [batch][steps]
    private final float[] weightUsed; // [batch][steps]
    private final float[] controller; // [batch][steps]

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
        this.p = new double[batch];
        Arrays.fill(p, w);
        this.chi = new double[batch][4];
        this.steps = context.trialSteps();
        this.goalSeen = new float[batch * steps * 2 * actions];
        this.habitSeen = new float[batch * steps * 2 * actions];
        this.chosen = new float[batch * steps];
        this.weightUsed = new float[batch * steps];
        this.controller = new float[batch * steps];
    }

    /**
     * Sets the hand-over rates A_α (to the goal-directed controller), A_β (to the habit) and the slope B of
     * reliability-based arbitration.
     *
     * @return this.
     */
    public Arbiter reliability(final double toGoalRate, final double toHabitRate, final double reliabilitySlope)
    {
        if (!(toGoalRate >= 0 && toGoalRate <= 0.5) || !(toHabitRate >= 0 && toHabitRate <= 0.5) ||
            !(reliabilitySlope >= 0))
        {
            throw new IllegalArgumentException("to_goal_rate, to_habit_rate, reliability_slope: " + toGoalRate + ", " +
                toHabitRate + ", " + reliabilitySlope + " (expected: 0 … 0.5, 0 … 0.5, >= 0)");
        }
        this.toGoal = toGoalRate;
        this.toHabit = toHabitRate;
        this.slope = reliabilitySlope;
        return this;
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
        for (final double[] c : chi)
        {
            Arrays.fill(c, 0);
        }
        Arrays.fill(goalSeen, Float.NaN);
        Arrays.fill(habitSeen, Float.NaN);
        Arrays.fill(chosen, Float.NaN);
        Arrays.fill(weightUsed, Float.NaN);
        Arrays.fill(controller, Float.NaN);
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
            if (arbitration == Arbitration.RELIABILITY)
            {
                see(b, 0, goal, at, goalSilent);
                see(b, 2, habit, at, habitSilent);
            }
            // the goal-directed weight of a mixture (a silenced controller has none under reliability-based arbitration)
            final double mix = arbitration == Arbitration.FIXED ? w : goalSilent ? 0 : habitSilent ? 1 : p[b];
            int controlled = 0;
            for (int a = 0; a < actions; a++)
            {
                final double mb = goal[at + a];
                final double mf = habit[at + a];
                if (arbitration != Arbitration.UNCERTAINTY)
                {
                    q[a] = mix * mb + (1 - mix) * mf;
                }
                else
                {
                    final boolean goalControls = controls(goal, habit, at, a, goalSilent, habitSilent);
                    q[a] = goalControls ? mb : mf;
                    controlled += goalControls ? 1 : 0;
                }
            }
            share[b] = arbitration != Arbitration.UNCERTAINTY ? mix : controlled / (double)actions;
            final int a = choose(k < last.length ? last[k][b] : -1);
            action[b * actions + a] = 1f;
            if (k < now.length)
            {
                now[k][b] = a;
                final int cell = b * steps + k;
                System.arraycopy(goal, at, goalSeen, cell * 2 * actions, 2 * actions);
                System.arraycopy(habit, at, habitSeen, cell * 2 * actions, 2 * actions);
                chosen[cell] = a;
                if (arbitration == Arbitration.UNCERTAINTY)
                {
                    final boolean goalChose = controls(goal, habit, at, a, goalSilent, habitSilent);
                    weightUsed[cell] = goalChose ? 1f : 0f;
                    controller[cell] = goalChose ? 1f : 0f;
                }
                else
                {
                    weightUsed[cell] = (float)mix;
                }
            }
        }
    }

    /** @return whether the goal-directed controller's value of action a is used (uncertainty-based arbitration). */
    private boolean controls(final float[] goal, final float[] habit, final int at, final int a,
                             final boolean goalSilent, final boolean habitSilent)
    {
        return !goalSilent && (habitSilent || lessOrEqual(goal[at + actions + a], habit[at + actions + a]));
    }

    /** Adds a controller's reliabilities 1 / (1 + σ²) of the step to row b's sums at {@code slot} (0 goal, 2 habit). */
    private void see(final int b, final int slot, final float[] values, final int at, final boolean silenced)
    {
        for (int a = 0; a < actions; a++)
        {
            final float v = values[at + actions + a];
            // a silenced controller, or one that does not know its variance, is not reliable
            chi[b][slot] += silenced || Float.isNaN(v) ? 0 : 1 / (1 + Math.max(0, v));
            chi[b][slot + 1]++;
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
        return Draws.weighted(pi, actions, sum, uniform);
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        if (arbitration == Arbitration.RELIABILITY)
        {
            for (int b = 0; b < batch; b++)
            {
                if (chi[b][1] == 0)
                {
                    continue; // a trial it did not choose in
                }
                final double goalReliability = chi[b][0] / chi[b][1];
                final double habitReliability = chi[b][2] / chi[b][3];
                final double alpha = toGoal / (1 + Math.exp(slope * habitReliability));
                final double beta = toHabit / (1 + Math.exp(slope * goalReliability));
                p[b] += alpha * (1 - p[b]) - beta * p[b];
            }
        }
        return TrialTerm.of(ReadoutLoss.NONE); // it does not learn
    }

    /** @return per row, P: the goal-directed controller's weight under reliability-based arbitration. */
    public double[] reliabilityWeight()
    {
        return p;
    }

    @Override
    public List<TrialArray> trialArrays()
    {
        final long b = batch;
        final long t = steps;
        return List.of(
            new TrialArray("arbitration/goal", "per trial: the goal-directed controller's action values, then their " +
                "variances, as the arbiter received them [row][step][2 x actions] (NaN: steps the trial did not have)",
                new long[] {b, t, 2L * actions}, goalSeen.clone()),
            new TrialArray("arbitration/habit", "per trial: the habit controller's action values, then their " +
                "variances, as the arbiter received them [row][step][2 x actions]", new long[] {b, t, 2L * actions},
                habitSeen.clone()),
            new TrialArray("arbitration/choice", "per trial: the action the arbiter chose [row][step]",
                new long[] {b, t}, chosen.clone()),
            new TrialArray("arbitration/weight", "per trial: the goal-directed controller's weight in the choice " +
                "[row][step]: w (fixed), P (reliability), or 1/0 whether its value of the chosen action was used " +
                "(uncertainty)", new long[] {b, t}, weightUsed.clone()),
            new TrialArray("arbitration/controller", "per trial: which controller's value of the chosen action was " +
                "used [row][step], 1 goal-directed, 0 habit (uncertainty-based arbitration; NaN where values are mixed)",
                new long[] {b, t}, controller.clone()));
    }
}
