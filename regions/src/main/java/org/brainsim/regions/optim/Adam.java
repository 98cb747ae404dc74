package org.brainsim.regions.optim;

import org.brainsim.objectives.Floats;
import org.nd4j.linalg.api.buffer.DataType;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam, TensorFlow convention (ε̂ held constant; reference §1.8):
 * <pre>
 *   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
 *   lr_t = lr · sqrt(1 − β2^t) / (1 − β1^t),   θ ← θ − lr_t · m / (sqrt(v) + ε̂)
 * </pre>
 * A gated step (scale 0) changes neither parameters nor moments nor t.
 */
public final class Adam implements Optimizer
{
    /** Defaults of the TensorFlow convention (reference §1.8). */
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-7;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private INDArray[] m;
    private INDArray[] v;
    private long t;

    /** Adam with the default β1, β2 and ε̂. */
    public Adam(final double learningRate)
    {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public Adam(final double learningRate, final double beta1, final double beta2, final double epsilon)
    {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** @return steps taken. */
    public long steps()
    {
        return t;
    }

    @Override
    public void step(final INDArray[] params, final INDArray[] grads, final double scale)
    {
        if (scale == 0)
        {
            return;
        }
        if (m == null)
        {
            m = new INDArray[params.length];
            v = new INDArray[params.length];
            for (int i = 0; i < params.length; i++)
            {
                m[i] = params[i].ulike().assign(0);
                v[i] = params[i].ulike().assign(0);
            }
        }
        t++;
        final double lrT = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        for (int i = 0; i < params.length; i++)
        {
            if (dense(params[i]) && dense(grads[i]) && dense(m[i]) && dense(v[i]))
            {
                stepFloats(i, params[i], grads[i], lrT * scale);
                continue;
            }
            m[i].muli(beta1).addi(grads[i].mul(1 - beta1));
            v[i].muli(beta2).addi(grads[i].mul(grads[i]).muli(1 - beta2));
            params[i].subi(m[i].div(Transforms.sqrt(v[i], true).addi(epsilon)).muli(lrT * scale));
        }
    }

    private static boolean dense(final INDArray a)
    {
        return a.dataType() == DataType.FLOAT && Floats.rowMajorDense(a);
    }

    /**
     * The step of one float32 parameter in plain Java: the ND4J path's operations one by one, each in float with its
     * scalar rounded to float as ND4J rounds it, in the same order (so the same bits; the golden arrays did not move),
     * without its dozen native calls and temporaries per parameter. Square roots are correctly rounded in both.
     */
    private void stepFloats(final int i, final INDArray param, final INDArray grad, final double rate)
    {
        final float[] p = Floats.of(param);
        final float[] g = Floats.of(grad);
        final float[] mi = Floats.of(m[i]);
        final float[] vi = Floats.of(v[i]);
        final float b1 = (float)beta1;
        final float oneMinusB1 = (float)(1 - beta1);
        final float b2 = (float)beta2;
        final float oneMinusB2 = (float)(1 - beta2);
        final float eps = (float)epsilon;
        final float lr = (float)rate;
        for (int k = 0; k < p.length; k++)
        {
            final float gk = g[k];
            mi[k] = mi[k] * b1 + gk * oneMinusB1;
            vi[k] = vi[k] * b2 + gk * gk * oneMinusB2;
            p[k] = p[k] - mi[k] / ((float)Math.sqrt(vi[k]) + eps) * lr;
        }
        Floats.write(mi, m[i]);
        Floats.write(vi, v[i]);
        Floats.write(p, param);
    }

    @Override
    public double learningRate()
    {
        return learningRate;
    }
}
