package org.brainsim.objectives;

import org.brainsim.settings.Param;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The supervised objective: a loss (MSE or cross-entropy) over the steps of a trial's declared evaluation
 * windows, the learning signal it gives a region's rule ({@link Loss#error}: ∂E/∂y_t per step, zero outside
 * the windows), and the trial's accuracy. Per step it emits the error y_t − y*_t on the region's error links.
 *
 * <p>Each step t of a trial carries a window weight w_t ≥ 0 (0 outside every window; the task declares
 * them). With {@link Reduction#SUM} the loss is {@code Σ_t w_t Σ_b ℓ(y_bt, y*_bt)}; with {@link Reduction#MEAN}
 * it is divided by {@code B · Σ_t w_t}, the mean over rows and window steps — the convention of the e-prop
 * tutorials ({@code reduce_mean} of the per-step cross-entropy over the recall window), which keeps the
 * balance against a firing-rate regulariser independent of batch and window length.
 *
 * <p>Accuracy (classification, cross-entropy only): a row is correct when the arg-max of its readout,
 * averaged over the window with the window weights, equals the arg-max of its target averaged the same way
 * (the tutorials' {@code argmax(reduce_mean(logits over the recall window))}).
 */
public final class Supervised implements Objective
{
    /** The loss of a supervised region, as a scenario names it. */
    public enum Choice
    {
        /** The loss its target source suggests: a task's default, MSE for an input's values. */
        TASK,
        MSE,
        CROSS_ENTROPY
    }

    /** How per-step, per-row losses are combined. */
    public enum Reduction
    {
        /** Σ over rows and window steps (½ Σ (y − y*)² for MSE). */
        SUM,
        /** Mean over rows and window steps. */
        MEAN
    }

    public static final Param<Choice> LOSS = Param.choice("loss", Choice.class, Choice.TASK,
        "mse, cross-entropy, or task: the task's default (mse for an input's values)");
    public static final Param<Reduction> REDUCTION = Param.choice("loss_reduction", Reduction.class, Reduction.SUM,
        "sum or mean over rows and evaluated steps");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("supervised",
        "fit the readout to a target link (MSE or cross-entropy over the task's evaluation windows)",
        List.of(LOSS, REDUCTION), Set.of(ObjectiveInput.TARGET), true, true, false, (context, values, weight) ->
        {
            final LossKind kind = switch (values.get(LOSS))
            {
                case TASK -> context.targetLoss();
                case MSE -> LossKind.MSE;
                case CROSS_ENTROPY -> LossKind.CROSS_ENTROPY;
            };
            return new Supervised(kind, values.get(REDUCTION), weight, context);
        });

    private final LossKind kind;
    private final Reduction reduction;
    private final double weight;
    private final int batch;
    private final int outputs;
    private final INDArray[] trialTargets;  // per step: batch × nOut views of one buffer
    private final FloatBuffer trialTargetsNio;
    private final double[] window;
    private final float[] error;

    /** The loss alone (for tests and tools): weight 1, no per-step buffers. */
    public Supervised(final LossKind kind, final Reduction reduction)
    {
        this.kind = kind;
        this.reduction = reduction;
        this.weight = 1;
        this.batch = 0;
        this.outputs = 0;
        this.trialTargets = null;
        this.trialTargetsNio = null;
        this.window = null;
        this.error = null;
    }

    /** The objective of one region: trial buffers for {@code context.trialSteps()} steps, allocated once. */
    public Supervised(final LossKind kind, final Reduction reduction, final double weight, final ObjectiveContext context)
    {
        if (!(weight >= 0))
        {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        this.kind = kind;
        this.reduction = reduction;
        this.weight = weight;
        this.batch = context.batch();
        this.outputs = context.outputs();
        final INDArray all = Nd4j.create(DataType.FLOAT, context.trialSteps(), batch, outputs);
        this.trialTargets = new INDArray[context.trialSteps()];
        for (int t = 0; t < trialTargets.length; t++)
        {
            trialTargets[t] = all.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
        }
        this.trialTargetsNio = all.data().asNioFloat();
        this.window = new double[context.trialSteps()];
        this.error = new float[batch * outputs];
    }

    @Override
    public int signalWidth()
    {
        return outputs;
    }

    @Override
    public float[] signal()
    {
        return error;
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        final float[] target = inputs.target();
        if (target == null)
        {
            return;
        }
        final float[] readout = inputs.readout();
        for (int i = 0; i < error.length; i++)
        {
            error[i] = readout[i] - target[i];
        }
        if (k >= 0)
        {
            trialTargetsNio.put(k * error.length, target, 0, error.length);
            window[k] = inputs.window();
        }
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        final INDArray[] targets = steps == trialTargets.length ? trialTargets : Arrays.copyOf(trialTargets, steps);
        final double[] w = Arrays.copyOf(window, steps);
        final Loss loss = loss(targets, w);
        return new TrialTerm()
        {
            @Override
            public ReadoutLoss readout()
            {
                return loss;
            }

            @Override
            public double value(final INDArray[] y, final INDArray[] activity, final double dtMs)
            {
                return loss.value(y);
            }

            @Override
            public double accuracy(final INDArray[] y)
            {
                if (kind != LossKind.CROSS_ENTROPY)
                {
                    return Double.NaN;
                }
                return Arrays.stream(correct(y, targets, w)).average().orElse(Double.NaN);
            }
        };
    }

    public LossKind kind()
    {
        return kind;
    }

    public Reduction reduction()
    {
        return reduction;
    }

    /**
     * @param targets per step of the trial, batch × nOut (one-hot rows for cross-entropy).
     * @param window  per step, the window weight w_t ≥ 0; at least one must be &gt; 0.
     * @return the trial's loss (weighted), whose {@link Loss#error} is the learning signal.
     */
    public Loss loss(final INDArray[] targets, final double[] window)
    {
        if (targets.length != window.length)
        {
            throw new IllegalArgumentException("window.length: " + window.length + " (expected: " + targets.length + ")");
        }
        double total = 0;
        for (final double w : window)
        {
            if (!(w >= 0))
            {
                throw new IllegalArgumentException("window weight: " + w + " (expected: >= 0)");
            }
            total += w;
        }
        final double[] weights = window.clone();
        if (reduction == Reduction.MEAN && total > 0)
        {
            final double scale = 1.0 / (total * targets[0].rows());
            for (int t = 0; t < weights.length; t++)
            {
                weights[t] *= scale;
            }
        }
        if (weight != 1)
        {
            for (int t = 0; t < weights.length; t++)
            {
                weights[t] *= weight;
            }
        }
        return new Loss(kind, targets, weights);
    }

    /**
     * @param y       the readout per step, batch × nOut.
     * @param targets per step, batch × nOut.
     * @param window  per step, the window weights.
     * @return per row, 1 when the window-averaged readout's arg-max matches the target's, else 0; rows of a
     * trial without any window weight are {@code NaN}.
     */
    public static double[] correct(final INDArray[] y, final INDArray[] targets, final double[] window)
    {
        final int rows = (int)y[0].rows();
        final int out = (int)y[0].columns();
        final double[][] ySum = new double[rows][out];
        final double[][] tSum = new double[rows][out];
        boolean any = false;
        for (int t = 0; t < y.length; t++)
        {
            if (window[t] == 0)
            {
                continue;
            }
            any = true;
            final float[] yt = flat(y[t]);
            final float[] tt = flat(targets[t]);
            for (int b = 0; b < rows; b++)
            {
                for (int k = 0; k < out; k++)
                {
                    ySum[b][k] += window[t] * yt[b * out + k];
                    tSum[b][k] += window[t] * tt[b * out + k];
                }
            }
        }
        final double[] correct = new double[rows];
        for (int b = 0; b < rows; b++)
        {
            correct[b] = !any ? Double.NaN : argmax(ySum[b]) == argmax(tSum[b]) ? 1 : 0;
        }
        return correct;
    }

    private static float[] flat(final INDArray a)
    {
        return a.dup('c').data().asFloat();
    }

    /** @return the index of the largest value (the first on ties). */
    public static int argmax(final double[] values)
    {
        int best = 0;
        for (int k = 1; k < values.length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }
        return best;
    }
}
