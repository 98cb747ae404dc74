package org.brainsim.regions.optim;

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
            m[i].muli(beta1).addi(grads[i].mul(1 - beta1));
            v[i].muli(beta2).addi(grads[i].mul(grads[i]).muli(1 - beta2));
            params[i].subi(m[i].div(Transforms.sqrt(v[i], true).addi(epsilon)).muli(lrT * scale));
        }
    }

    @Override
    public double learningRate()
    {
        return learningRate;
    }
}
