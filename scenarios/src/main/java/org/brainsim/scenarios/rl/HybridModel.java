package org.brainsim.scenarios.rl;

import java.util.List;

/**
 * Daw et al. 2011's hybrid model of two-step choices (reference tasks.md §4.1), as a likelihood: 7 parameters
 * (α1, α2, λ, β1, β2, p, w). Per agent, from zero values:
 * <pre>
 *   Q_MB(a)  = P_c · max_a' Q2(a, a') + (1 − P_c) · max_a' Q2(1 − a, a')      (choice a leads to state a when common)
 *   P(a1)    ∝ exp(β1 [w Q_MB(a1) + (1 − w) Q_MF(a1)] + p · 1[a1 = previous a1])
 *   P(a2|s)  ∝ exp(β2 Q2(s, a2))
 *   δ1 = Q2(s, a2) − Q_MF(a1);  δ2 = r − Q2(s, a2)
 *   Q_MF(a1) += α1 δ1 + α1 λ δ2;  Q2(s, a2) += α2 δ2
 * </pre>
 * (the stage-1 update is Q ← Q + α1[(1 − λ) Q2 + λ r − Q], SARSA(λ) with the eligibility trace of Daw's model). The
 * likelihood is that of both stages' choices. Stateless; {@link #logLikelihood} is what {@link HybridFit} maximises.
 */
public final class HybridModel
{
    /** The parameters, in this order everywhere. */
    public static final List<String> PARAMETERS = List.of("alpha1", "alpha2", "lambda", "beta1", "beta2", "p", "w");
    /** Bounds of the fit. */
    static final double[] LOWER = {0, 0, 0, 0, 0, -5, 0};
    static final double[] UPPER = {1, 1, 1, 20, 20, 5, 1};

    private HybridModel()
    {
    }

    /**
     * One agent's two-step trials.
     *
     * @param first  first-stage choices, 0 or 1.
     * @param state  the second-stage state reached, 0 or 1 (the common state of choice a is a).
     * @param second second-stage choices, 0 or 1.
     * @param reward the reward of each trial.
     */
    public record Choices(int[] first, int[] state, int[] second, double[] reward)
    {
        public Choices
        {
            if (state.length != first.length || second.length != first.length || reward.length != first.length)
            {
                throw new IllegalArgumentException("first, state, second, reward: " + first.length + ", " +
                    state.length + ", " + second.length + ", " + reward.length + " trials (expected: the same)");
            }
        }

        public int trials()
        {
            return first.length;
        }
    }

    /**
     * @param theta  (α1, α2, λ, β1, β2, p, w).
     * @param common the common transition's probability P_c (0.7 in Daw 2011, 0.8 in Wang 2018).
     * @return the log-likelihood of both stages' choices.
     */
    public static double logLikelihood(final double[] theta, final double common, final Choices c)
    {
        final double alpha1 = theta[0];
        final double alpha2 = theta[1];
        final double lambda = theta[2];
        final double beta1 = theta[3];
        final double beta2 = theta[4];
        final double p = theta[5];
        final double w = theta[6];
        final double[] mf = new double[2];
        final double[][] q2 = new double[2][2];
        int previous = -1;
        double ll = 0;
        for (int t = 0; t < c.trials(); t++)
        {
            final int a1 = c.first[t];
            final int s = c.state[t];
            final int a2 = c.second[t];
            final double best0 = Math.max(q2[0][0], q2[0][1]);
            final double best1 = Math.max(q2[1][0], q2[1][1]);
            final double mb0 = common * best0 + (1 - common) * best1;
            final double mb1 = common * best1 + (1 - common) * best0;
            final double u0 = beta1 * (w * mb0 + (1 - w) * mf[0]) + (previous == 0 ? p : 0);
            final double u1 = beta1 * (w * mb1 + (1 - w) * mf[1]) + (previous == 1 ? p : 0);
            ll += logSoftmax(a1 == 0 ? u0 : u1, a1 == 0 ? u1 : u0);
            final double v0 = beta2 * q2[s][0];
            final double v1 = beta2 * q2[s][1];
            ll += logSoftmax(a2 == 0 ? v0 : v1, a2 == 0 ? v1 : v0);
            final double delta1 = q2[s][a2] - mf[a1];
            final double delta2 = c.reward[t] - q2[s][a2];
            mf[a1] += alpha1 * delta1 + alpha1 * lambda * delta2;
            q2[s][a2] += alpha2 * delta2;
            previous = a1;
        }
        return ll;
    }

    /** @return log(e^chosen / (e^chosen + e^other)), stable. */
    static double logSoftmax(final double chosen, final double other)
    {
        final double d = other - chosen;
        return d > 0 ? -d - Math.log1p(Math.exp(-d)) : -Math.log1p(Math.exp(d));
    }
}
