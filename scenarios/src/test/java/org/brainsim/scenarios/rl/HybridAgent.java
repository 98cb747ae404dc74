package org.brainsim.scenarios.rl;

import org.brainsim.regions.NodeRandom;

/**
 * A scripted two-step agent, Daw et al. 2011's hybrid model (reference tasks.md §4.1): model-free values by SARSA(λ)
 * (stage 1: Q ← Q + α1[(1 − λ)V2 + λr − Q]; stage 2: V ← V + α2(r − V)), model-based values
 * Q_MB(a) = Σ_s P(s|a) max_a' V(s, a'), choices by softmax of w·Q_MB + (1 − w)·Q_MF (β1, plus p for repeating the
 * last first-stage choice) and of V (β2). w = 0 is purely model-free, w = 1 purely model-based. Seeded. It is the
 * generative model whose likelihood {@link HybridModel} computes, written out separately.
 */
final class HybridAgent
{
    private final double alpha1;
    private final double alpha2;
    private final double lambda;
    private final double beta1;
    private final double beta2;
    private final double w;
    private final double p;
    private int previous = -1;
    private final double common;
    private final NodeRandom random;
    private final double[] q1 = new double[2];
    private final double[][] v = new double[2][2];

    HybridAgent(final double w, final double common, final NodeRandom random)
    {
        this(0.5, 0.5, 1.0, 5.0, 5.0, 0, w, common, random);
    }

    HybridAgent(final double alpha1, final double alpha2, final double lambda, final double beta1, final double beta2,
                final double p, final double w, final double common, final NodeRandom random)
    {
        this.p = p;
        this.alpha1 = alpha1;
        this.alpha2 = alpha2;
        this.lambda = lambda;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.w = w;
        this.common = common;
        this.random = random;
    }

    int first()
    {
        final double[] net = new double[2];
        for (int a = 0; a < 2; a++)
        {
            final double mb = common * best(a) + (1 - common) * best(1 - a); // choice a leads to state a when common
            net[a] = beta1 * (w * mb + (1 - w) * q1[a]) + (a == previous ? p : 0);
        }
        previous = softmax(net, 1);
        return previous;
    }

    int second(final int state)
    {
        return softmax(v[state], beta2);
    }

    void learn(final int first, final int state, final int second, final boolean rewarded)
    {
        final double r = rewarded ? 1 : 0;
        q1[first] += alpha1 * ((1 - lambda) * v[state][second] + lambda * r - q1[first]);
        v[state][second] += alpha2 * (r - v[state][second]);
    }

    private double best(final int state)
    {
        return Math.max(v[state][0], v[state][1]);
    }

    private int softmax(final double[] values, final double beta)
    {
        final double p1 = 1 / (1 + Math.exp(-beta * (values[1] - values[0])));
        return random.nextDouble() < p1 ? 1 : 0;
    }
}
