package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The supervised objective: a loss (MSE or cross-entropy) over the steps of a trial's declared evaluation
 * windows, the learning signal it gives a region's rule ({@link Loss#error}: ∂E/∂y_t per step, zero outside
 * the windows), and the trial's accuracy.
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
public final class Supervised
{
    /** How per-step, per-row losses are combined. */
    public enum Reduction
    {
        /** Σ over rows and window steps (½ Σ (y − y*)² for MSE). */
        SUM,
        /** Mean over rows and window steps. */
        MEAN
    }

    private final LossKind kind;
    private final Reduction reduction;

    public Supervised(final LossKind kind, final Reduction reduction)
    {
        this.kind = kind;
        this.reduction = reduction;
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
     * @return the trial's loss, whose {@link Loss#error} is the learning signal.
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
