package org.brainsim.objectives;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A supervised loss over a trial: targets per step and a per-step weight (1 inside the evaluation
 * window, 0 outside). It gives the loss and, per step, {@code err_t = ∂E/∂y_t}, the immediate
 * (non-temporal) derivative that every rule starts from.
 */
public final class Loss implements ReadoutLoss
{
    private final LossKind kind;
    private final INDArray[] targets;
    private final double[] stepWeights;
    private final float[][] targetValues; // float32 targets, read once per step when asked (errorValues)

    /**
     * @param kind        MSE or cross-entropy.
     * @param targets     per step, batch × nOut (a one-hot or probability row for cross-entropy).
     * @param stepWeights per step, the weight of that step's loss (0 outside the window).
     */
    public Loss(final LossKind kind, final INDArray[] targets, final double[] stepWeights)
    {
        if (targets.length != stepWeights.length)
        {
            throw new IllegalArgumentException("stepWeights.length: " + stepWeights.length + " (expected: " +
                targets.length + ")");
        }
        this.kind = kind;
        this.targets = targets;
        this.stepWeights = stepWeights;
        this.targetValues = new float[targets.length][];
    }

    /** A loss weighted 1 at every step. */
    public static Loss everyStep(final LossKind kind, final INDArray[] targets)
    {
        final double[] w = new double[targets.length];
        java.util.Arrays.fill(w, 1.0);
        return new Loss(kind, targets, w);
    }

    public LossKind kind()
    {
        return kind;
    }

    public int steps()
    {
        return targets.length;
    }

    /** @return the weight of step t. */
    public double weight(final int t)
    {
        return stepWeights[t];
    }

    /** @return the target at step t. */
    public INDArray target(final int t)
    {
        return targets[t];
    }

    @Override
    public double value(final INDArray[] y)
    {
        double total = 0;
        for (int t = 0; t < targets.length; t++)
        {
            if (stepWeights[t] == 0)
            {
                continue;
            }
            if (kind == LossKind.MSE)
            {
                total += 0.5 * stepWeights[t] * squaredDistance(y[t], t);
            }
            else if (kind == LossKind.BERNOULLI)
            {
                for (final double row : bernoulliRows(y[t], targets[t]))
                {
                    total += stepWeights[t] * row;
                }
            }
            else
            {
                try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Workspaces.step("brainsim-loss"))
                {
                    final INDArray logp = Transforms.log(Transforms.softmax(y[t], true), false);
                    total -= stepWeights[t] * targets[t].mul(logp).sumNumber().doubleValue();
                }
            }
        }
        return total;
    }

    /**
     * @return Σ (y − target_t)²: on float32 arrays in plain Java (each difference in float, as ND4J takes it, squared
     *     and summed in double, the sum rounded to float), through ND4J otherwise. ND4J's reduction costs some 15 µs a
     *     call whatever the size, which a loss judged at every step of a trial paid once a step, on the learner's one
     *     thread. The rounding keeps the value a float32 network's: a sum past the largest float is infinite, as
     *     ND4J's was, and a run whose numbers leave the finite floats is stopped as diverged.
     */
    private double squaredDistance(final INDArray y, final int t)
    {
        if (y.dataType() != DataType.FLOAT || targets[t].dataType() != DataType.FLOAT)
        {
            return y.squaredDistance(targets[t]);
        }
        final float[] values = Floats.of(y);
        if (targetValues[t] == null)
        {
            targetValues[t] = Floats.of(targets[t]);
        }
        final float[] target = targetValues[t];
        if (values.length != target.length)
        {
            throw new IllegalArgumentException("y: " + values.length + " values, target of step " + t + ": " +
                target.length + " (expected: the same)");
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++)
        {
            final double d = values[i] - target[i];
            sum += d * d;
        }
        return (float)sum;
    }

    @Override
    public double[] rowValues(final INDArray[] y)
    {
        final double[] rows = new double[(int)y[0].rows()];
        for (int t = 0; t < targets.length; t++)
        {
            if (stepWeights[t] == 0)
            {
                continue;
            }
            if (kind == LossKind.BERNOULLI)
            {
                final double[] perRow = bernoulliRows(y[t], targets[t]);
                for (int b = 0; b < rows.length; b++)
                {
                    rows[b] += stepWeights[t] * perRow[b];
                }
                continue;
            }
            final INDArray perRow;
            if (kind == LossKind.MSE)
            {
                final INDArray d = y[t].sub(targets[t]);
                perRow = d.muli(d).sum(1).muli(0.5);
            }
            else
            {
                perRow = targets[t].mul(Transforms.log(Transforms.softmax(y[t], true), false)).sum(1).negi();
            }
            for (int b = 0; b < rows.length; b++)
            {
                rows[b] += stepWeights[t] * perRow.getDouble(b);
            }
        }
        return rows;
    }

    @Override
    public boolean judges(final int t)
    {
        return stepWeights[t] != 0;
    }

    /**
     * MSE on float32 arrays in plain Java: {@code (y − target) · (float) w_t}, the same float operations as
     * {@link #error}, so the same bits; cross-entropy (a softmax) and other types through {@link #error}.
     */
    @Override
    public float[] errorValues(final INDArray y, final int t)
    {
        if (kind != LossKind.MSE || y.dataType() != DataType.FLOAT || targets[t].dataType() != DataType.FLOAT)
        {
            return ReadoutLoss.super.errorValues(y, t);
        }
        final float[] values = Floats.of(y);
        if (stepWeights[t] == 0)
        {
            java.util.Arrays.fill(values, 0f);
            return values;
        }
        if (targetValues[t] == null)
        {
            targetValues[t] = Floats.of(targets[t]);
        }
        final float[] target = targetValues[t];
        final float w = (float)stepWeights[t];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = (values[i] - target[i]) * w;
        }
        return values;
    }

    @Override
    public INDArray error(final INDArray y, final int t)
    {
        if (stepWeights[t] == 0)
        {
            return Nd4j.zeros(y.dataType(), y.shape());
        }
        final INDArray err = switch (kind)
        {
            case MSE -> y.sub(targets[t]);
            case CROSS_ENTROPY -> Transforms.softmax(y, true).subi(targets[t]);
            case BERNOULLI -> Transforms.sigmoid(y, true).subi(targets[t]);
        };
        return err.muli(stepWeights[t]);
    }

    /**
     * @return per row, Σ_k softplus(y) − y* y in double, with softplus(y) = max(y, 0) + log1p(e^−|y|) (no overflow
     * for large |y|).
     */
    private static double[] bernoulliRows(final INDArray y, final INDArray target)
    {
        final int rows = (int)y.rows();
        final int cols = (int)y.columns();
        final double[] yv = y.dup('c').data().asDouble();
        final double[] tv = target.dup('c').data().asDouble();
        final double[] out = new double[rows];
        for (int b = 0; b < rows; b++)
        {
            double sum = 0;
            for (int k = b * cols; k < (b + 1) * cols; k++)
            {
                final double v = yv[k];
                sum += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - tv[k] * v;
            }
            out[b] = sum;
        }
        return out;
    }
}
