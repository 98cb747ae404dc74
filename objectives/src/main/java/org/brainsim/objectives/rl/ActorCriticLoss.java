package org.brainsim.objectives.rl;

/**
 * The actor-critic loss of one step of one batch row (reference learning-rules.md §1.7; A2C as in Wang et al. 2018):
 * a policy head (logits y over the actions, π = softmax(y)) and a value head V,
 * <pre>
 *   L = −A · log π(a) + c_V · ½ (R − V)² − c_H · H(π),     H(π) = −Σ_k π_k log π_k,
 * </pre>
 * with the advantage A and the return R held constant (no gradient flows into them, though both were computed from
 * V). Its derivatives, which a learning rule back-propagates:
 * <pre>
 *   ∂L/∂y_k = A (π_k − 1[k = a]) + c_H π_k (log π_k + H),     ∂L/∂V = c_V (V − R).
 * </pre>
 */
public final class ActorCriticLoss
{
    private final double valueWeight;
    private final double entropyWeight;

    /**
     * @param valueWeight   c_V ≥ 0.
     * @param entropyWeight c_H ≥ 0.
     */
    public ActorCriticLoss(final double valueWeight, final double entropyWeight)
    {
        if (!(valueWeight >= 0) || !(entropyWeight >= 0))
        {
            throw new IllegalArgumentException("value and entropy weights: " + valueWeight + ", " + entropyWeight +
                " (expected: >= 0)");
        }
        this.valueWeight = valueWeight;
        this.entropyWeight = entropyWeight;
    }

    /** @return π = softmax(logits), computed stably. */
    public static double[] policy(final double[] logits)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double y : logits)
        {
            max = Math.max(max, y);
        }
        final double[] p = new double[logits.length];
        double sum = 0;
        for (int k = 0; k < logits.length; k++)
        {
            p[k] = Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++)
        {
            p[k] /= sum;
        }
        return p;
    }

    /** @return H(π) = −Σ π log π (terms with π = 0 count 0). */
    public static double entropy(final double[] pi)
    {
        double h = 0;
        for (final double p : pi)
        {
            h -= p > 0 ? p * Math.log(p) : 0;
        }
        return h;
    }

    /** @return the step's loss. */
    public double value(final double[] logits, final double v, final int action, final double advantage,
                        final double ret)
    {
        if (action < 0 || action >= logits.length)
        {
            throw new IllegalArgumentException("action: " + action + " (expected: 0 … " + (logits.length - 1) + ")");
        }
        final double[] pi = policy(logits);
        final double logPi = logits[action] - logSumExp(logits);
        return -advantage * logPi + valueWeight * 0.5 * (ret - v) * (ret - v) - entropyWeight * entropy(pi);
    }

    /**
     * @param dLogits receives ∂L/∂y (as long as the logits).
     * @return ∂L/∂V.
     */
    public double derivative(final double[] logits, final double v, final int action, final double advantage,
                             final double ret, final double[] dLogits)
    {
        if (action < 0 || action >= logits.length)
        {
            throw new IllegalArgumentException("action: " + action + " (expected: 0 … " + (logits.length - 1) + ")");
        }
        final double[] pi = policy(logits);
        final double h = entropy(pi);
        for (int k = 0; k < logits.length; k++)
        {
            final double logP = pi[k] > 0 ? Math.log(pi[k]) : 0;
            dLogits[k] = advantage * (pi[k] - (k == action ? 1 : 0)) + entropyWeight * pi[k] * (logP + h);
        }
        return valueWeight * (v - ret);
    }

    private static double logSumExp(final double[] y)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : y)
        {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (final double v : y)
        {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
