package org.brainsim.objectives.rl;

import org.brainsim.objectives.Floats;
import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * What every objective of a region that acts shares (issue 13): a policy head of one logit per action at the start of
 * its readout block, an action per row and step drawn from π = softmax(logits) with the region's own stream (or its
 * arg-max) and sent one-hot on the action link, and the environment's answers on the reward link, {@code feedbackSteps}
 * after the step they answer, which say which steps were decisions ({@code ACTED}) and where episodes ended. At the
 * end of a trial a subclass gives each decision its advantage (and, with a value unit, its return); the trial's loss
 * is then, averaged over the rows and summed over their decisions,
 * <pre>
 *   −A log π(a) + c_V · ½ (R − V)² − c_H · H(π)
 * </pre>
 * with A and R held constant ({@link ActorCriticLoss}); its readout error is what the region's rule back-propagates.
 */
public abstract class PolicyObjective implements Objective
{
    /** How the region chooses its action from the policy. */
    public enum Policy
    {
        /** Draw from π with the region's stream. */
        SAMPLE,
        /** The most probable action (the first on ties). */
        GREEDY
    }

    /** The flags of a reward row, as {@code RewardFrame} defines them. */
    public static final class Feedback
    {
        /** The reward answers the action sent {@code feedbackSteps} earlier. */
        public static final int ACTED = 1;
        /** The episode ended with that transition. */
        public static final int EPISODE_END = 2;
        /** The bits above say which action was taken, as its index + 1 (0: not said). */
        public static final int TAKEN_SHIFT = 2;

        /** @return the action the flags say was taken, or −1. */
        public static int taken(final float flags)
        {
            return ((int)flags >> TAKEN_SHIFT & 63) - 1;
        }

        private Feedback()
        {
        }
    }

    /** What a subclass makes of a finished trial: per step and row, whether it decided, its advantage and return. */
    protected record Credit(boolean[][] decides, double[][] advantage, double[][] ret)
    {
    }

    protected final int batch;
    protected final int actions;
    protected final int feedback;
    protected final int steps;
    private final int width;
    private final boolean value;
    private final ActorCriticLoss loss;
    private final Policy policy;
    private final double weight;
    private final DoubleSupplier uniform;
    private final float[] action;
    private final int[][] chosen;       // per step, per row: the action sent
    protected final float[][] values;   // per step, per row: V (with a value unit)
    protected final float[][] rewards;  // per step, per row: the reward link's row [reward, flags]
    private final double[] pi;

    /**
     * @param context   its block: the actions' logits, then one value unit when {@code value}.
     * @param value     whether the block ends in a value unit.
     */
    PolicyObjective(
        final ObjectiveContext context, final boolean value, final ActorCriticLoss loss, final Policy policy,
        final double weight)
    {
        final int valueUnits = value ? 1 : 0;
        if (context.outputs() < valueUnits + 2)
        {
            throw new IllegalArgumentException("outputs: " + context.outputs() + " (expected: two actions or more" +
                (value ? " and the value unit" : "") + ")");
        }
        if (context.uniform() == null && policy == Policy.SAMPLE)
        {
            throw new IllegalArgumentException("uniform: null (expected: the region's stream to draw actions from)");
        }
        if (!(weight >= 0))
        {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        this.batch = context.batch();
        this.width = context.outputs();
        this.actions = width - valueUnits;
        this.value = value;
        this.feedback = context.feedbackSteps();
        this.steps = context.trialSteps();
        this.loss = loss;
        this.policy = policy;
        this.weight = weight;
        this.uniform = context.uniform();
        this.action = new float[batch * actions];
        this.chosen = new int[steps][batch];
        this.values = new float[steps][batch];
        this.rewards = new float[steps][batch * 2];
        this.pi = new double[actions];
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
            return; // between trials: no action
        }
        final float[] y = inputs.readout();
        for (int b = 0; b < batch; b++)
        {
            final int a = choose(y, b * width);
            action[b * actions + a] = 1f;
            chosen[k][b] = a;
            values[k][b] = value ? y[b * width + actions] : 0f;
        }
        final float[] r = inputs.reward();
        if (r == null)
        {
            throw new IllegalStateException(getClass().getSimpleName() + ": the region has no reward link");
        }
        System.arraycopy(r, 0, rewards[k], 0, batch * 2);
        more(k, inputs);
    }

    /** Sees step k after its action was drawn (a subclass keeps what else it needs). */
    protected void more(final int k, final ObjectiveInputs inputs)
    {
    }

    /** Draws (or picks) the action of one row from its logits at {@code offset}. */
    private int choose(final float[] y, final int offset)
    {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int a = 0; a < actions; a++)
        {
            if (y[offset + a] > max)
            {
                max = y[offset + a];
                best = a;
            }
        }
        if (policy == Policy.GREEDY)
        {
            return best;
        }
        double sum = 0;
        for (int a = 0; a < actions; a++)
        {
            pi[a] = Math.exp(y[offset + a] - max);
            sum += pi[a];
        }
        return Draws.weighted(pi, actions, sum, uniform);
    }

    /** @return whether the answer that arrived at step {@code at} of row b has the flag. */
    protected final boolean flag(final int at, final int b, final int flag)
    {
        return ((int)rewards[at][b * 2 + 1] & flag) != 0;
    }

    /**
     * @return row b's decisions in the first {@code n} steps: the steps whose answer ({@code feedbackSteps} later)
     *     arrived in the trial with {@code ACTED}.
     */
    protected final int[] decisions(final int b, final int n)
    {
        final int[] at = new int[n];
        int count = 0;
        for (int t = 0; t + feedback < n; t++)
        {
            if (flag(t + feedback, b, Feedback.ACTED))
            {
                at[count++] = t;
            }
        }
        return Arrays.copyOf(at, count);
    }

    /** @return each decision's advantage and return over the trial's first {@code n} steps. */
    protected abstract Credit credit(int n);

    @Override
    public TrialTerm endTrial(final int n)
    {
        final Credit c = credit(n);
        final boolean[] any = new boolean[n];
        for (int t = 0; t < n; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                any[t] |= c.decides()[t][b];
            }
        }
        final int[][] acts = new int[n][];
        for (int t = 0; t < n; t++)
        {
            acts[t] = chosen[t].clone();
        }
        final Loss term = new Loss(c, any, acts);
        return TrialTerm.of(term);
    }

    /**
     * @return a step's readout (batch × width, float32 or float64) as row-major doubles, each value exactly: one bulk
     *     copy where {@code toDoubleMatrix} made several ND4J calls per row (most of a two-step episode's time).
     */
    private double[] read(final INDArray y)
    {
        if (y.rank() != 2 || y.size(0) != batch || y.size(1) != width)
        {
            throw new IllegalArgumentException("readout: shape " + Arrays.toString(y.shape()) + " (expected: [" + batch +
                ", " + width + "])");
        }
        if (y.dataType() == DataType.DOUBLE)
        {
            return y.dup('c').data().asDouble();
        }
        final float[] f = Floats.of(y.dataType() == DataType.FLOAT ? y : y.castTo(DataType.FLOAT));
        final double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++)
        {
            d[i] = f[i];
        }
        return d;
    }

    /** One trial's loss, with its decisions, actions, advantages and returns fixed. */
    private final class Loss implements ReadoutLoss
    {
        private final Credit credit;
        private final boolean[] any;
        private final int[][] acts;

        Loss(final Credit credit, final boolean[] any, final int[][] acts)
        {
            this.credit = credit;
            this.any = any;
            this.acts = acts;
        }

        @Override
        public double value(final INDArray[] y)
        {
            return Arrays.stream(rowValues(y)).sum();
        }

        @Override
        public double[] rowValues(final INDArray[] y)
        {
            final double[] rows = new double[batch];
            for (int t = 0; t < any.length; t++)
            {
                if (!any[t])
                {
                    continue;
                }
                final double[] yt = read(y[t]);
                for (int b = 0; b < batch; b++)
                {
                    if (credit.decides()[t][b])
                    {
                        final int at = b * width;
                        rows[b] += weight / batch * loss.value(Arrays.copyOfRange(yt, at, at + actions),
                            value ? yt[at + actions] : 0, acts[t][b], credit.advantage()[t][b],
                            value ? credit.ret()[t][b] : 0);
                    }
                }
            }
            return rows;
        }

        @Override
        public INDArray error(final INDArray y, final int t)
        {
            if (!judges(t))
            {
                return Nd4j.zeros(y.dataType(), batch, width);
            }
            return Nd4j.create(errors(y, t), new long[] {batch, width}, DataType.DOUBLE).castTo(y.dataType());
        }

        /** The same values as {@link #error} (double, rounded once to float), without ND4J calls per step. */
        @Override
        public float[] errorValues(final INDArray y, final int t)
        {
            final float[] err = new float[batch * width];
            if (judges(t))
            {
                final double[] e = errors(y, t);
                for (int i = 0; i < err.length; i++)
                {
                    err[i] = (float)e[i];
                }
            }
            return err;
        }

        /** err_t in double, row-major batch × width, at a step with decisions. */
        private double[] errors(final INDArray y, final int t)
        {
            final double[] yt = read(y);
            final double[] err = new double[batch * width];
            final double[] dLogits = new double[actions];
            for (int b = 0; b < batch; b++)
            {
                if (!credit.decides()[t][b])
                {
                    continue;
                }
                final int at = b * width;
                final double dV = loss.derivative(Arrays.copyOfRange(yt, at, at + actions),
                    value ? yt[at + actions] : 0, acts[t][b], credit.advantage()[t][b],
                    value ? credit.ret()[t][b] : 0, dLogits);
                for (int a = 0; a < actions; a++)
                {
                    err[at + a] = weight / batch * dLogits[a];
                }
                if (value)
                {
                    err[at + actions] = weight / batch * dV;
                }
            }
            return err;
        }

        @Override
        public boolean judges(final int t)
        {
            return t < any.length && any[t];
        }
    }
}
