package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;

/**
 * A hidden Markov process with S states and K symbols: initial distribution π, transitions {@code A[s][s']} =
 * P(s_{t+1} = s' | s_t = s), emissions {@code E[s][k]} = P(o_t = k | s_t = s). It samples sequences and, by the
 * forward algorithm, gives the Bayes-optimal prediction of a symbol {@code h} steps ahead from the symbols seen so
 * far — so the best loss any predictor can reach on a sequence is computed exactly.
 *
 * <p>Immutable: the arrays are copied in and never handed out.
 */
public final class HiddenMarkov
{
    private final double[] initial;
    private final double[][] transition;
    private final double[][] emission;

    /**
     * @param initial    π, length S, a distribution.
     * @param transition S × S, rows are distributions.
     * @param emission   S × K, rows are distributions.
     */
    public HiddenMarkov(final double[] initial, final double[][] transition, final double[][] emission)
    {
        final int s = initial.length;
        if (s < 1 || transition.length != s || emission.length != s)
        {
            throw new IllegalArgumentException("states: initial " + initial.length + ", transition " +
                transition.length + ", emission " + emission.length + " rows (expected: the same, >= 1)");
        }
        this.initial = distribution("initial", initial);
        this.transition = new double[s][];
        this.emission = new double[s][];
        for (int i = 0; i < s; i++)
        {
            if (transition[i].length != s)
            {
                throw new IllegalArgumentException("transition row " + i + ": " + transition[i].length + " values " +
                    "(expected: " + s + ")");
            }
            if (emission[i].length != emission[0].length)
            {
                throw new IllegalArgumentException("emission row " + i + ": " + emission[i].length + " values " +
                    "(expected: " + emission[0].length + ")");
            }
            this.transition[i] = distribution("transition row " + i, transition[i]);
            this.emission[i] = distribution("emission row " + i, emission[i]);
        }
    }

    private static double[] distribution(final String what, final double[] p)
    {
        double sum = 0;
        for (final double v : p)
        {
            if (!(v >= 0))
            {
                throw new IllegalArgumentException(what + ": " + v + " (expected: probabilities >= 0)");
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9)
        {
            throw new IllegalArgumentException(what + ": sums to " + sum + " (expected: 1)");
        }
        return p.clone();
    }

    /**
     * Structured matrices: a state stays with probability {@code stay}, else moves to the next state (cyclic) or to
     * any other state uniformly; state s emits symbol {@code s mod K} with probability {@code accuracy}, else any other
     * symbol uniformly. π is uniform.
     */
    public static HiddenMarkov structured(
        final int states, final int symbols, final double stay, final boolean cyclic, final double accuracy)
    {
        final double[][] a = new double[states][states];
        final double[][] e = new double[states][symbols];
        for (int s = 0; s < states; s++)
        {
            for (int n = 0; n < states; n++)
            {
                a[s][n] = n == s ? (states == 1 ? 1 : stay) : cyclic ? (n == (s + 1) % states ? 1 - stay : 0) :
                    (1 - stay) / (states - 1);
            }
            for (int k = 0; k < symbols; k++)
            {
                e[s][k] = k == s % symbols ? (symbols == 1 ? 1 : accuracy) : (1 - accuracy) / (symbols - 1);
            }
        }
        return new HiddenMarkov(uniform(states), a, e);
    }

    /** Random matrices: every row of A and E drawn from a symmetric Dirichlet(α) (normalised Gamma draws); π uniform. */
    public static HiddenMarkov random(final int states, final int symbols, final double alpha, final NodeRandom random)
    {
        final double[][] a = new double[states][];
        final double[][] e = new double[states][];
        for (int s = 0; s < states; s++)
        {
            a[s] = dirichlet(states, alpha, random);
        }
        for (int s = 0; s < states; s++)
        {
            e[s] = dirichlet(symbols, alpha, random);
        }
        return new HiddenMarkov(uniform(states), a, e);
    }

    private static double[] uniform(final int n)
    {
        final double[] p = new double[n];
        java.util.Arrays.fill(p, 1.0 / n);
        return p;
    }

    private static double[] dirichlet(final int n, final double alpha, final NodeRandom random)
    {
        final double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] = gamma(alpha, random);
            sum += p[i];
        }
        for (int i = 0; i < n; i++)
        {
            p[i] /= sum;
        }
        p[n - 1] = Math.max(0, 1 - sumOf(p, n - 1)); // rows sum to 1 to the last bit
        return p;
    }

    private static double sumOf(final double[] p, final int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += p[i];
        }
        return s;
    }

    /** Gamma(α, 1) by Marsaglia and Tsang (α < 1 via the boost U^(1/α)). */
    private static double gamma(final double alpha, final NodeRandom random)
    {
        if (alpha < 1)
        {
            return gamma(alpha + 1, random) * Math.pow(random.nextDouble(), 1 / alpha);
        }
        final double d = alpha - 1.0 / 3;
        final double c = 1 / Math.sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = random.nextGaussian();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            final double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v))
            {
                return d * v;
            }
        }
    }

    public int states()
    {
        return initial.length;
    }

    public int symbols()
    {
        return emission[0].length;
    }

    /** @return a copy of A. */
    public double[][] transition()
    {
        return copy(transition);
    }

    /** @return a copy of E. */
    public double[][] emission()
    {
        return copy(emission);
    }

    private static double[][] copy(final double[][] m)
    {
        final double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++)
        {
            c[i] = m[i].clone();
        }
        return c;
    }

    /**
     * Samples one sequence: s_0 ~ π, o_t ~ E[s_t], s_{t+1} ~ A[s_t], drawing in that order at each step.
     *
     * @param states  receives s_t.
     * @param symbols receives o_t (as long as {@code states}).
     */
    public void sample(final NodeRandom random, final int[] states, final int[] symbols)
    {
        int s = draw(initial, random);
        for (int t = 0; t < states.length; t++)
        {
            states[t] = s;
            symbols[t] = draw(emission[s], random);
            s = draw(transition[s], random);
        }
    }

    private static int draw(final double[] p, final NodeRandom random)
    {
        final double u = random.nextDouble();
        double c = 0;
        for (int i = 0; i < p.length - 1; i++)
        {
            c += p[i];
            if (u < c)
            {
                return i;
            }
        }
        return p.length - 1;
    }

    /**
     * @return per step t, P(s_t | o_0 … o_t): the filtered state distribution of the forward algorithm, {@code [T][S]}.
     */
    public double[][] filter(final int[] symbols)
    {
        final int n = states();
        final double[][] alpha = new double[symbols.length][n];
        double[] prior = initial;
        for (int t = 0; t < symbols.length; t++)
        {
            double z = 0;
            for (int s = 0; s < n; s++)
            {
                alpha[t][s] = prior[s] * emission[s][symbols[t]];
                z += alpha[t][s];
            }
            for (int s = 0; s < n; s++)
            {
                alpha[t][s] /= z;
            }
            prior = step(alpha[t], 1);
        }
        return alpha;
    }

    /** @return the state distribution h steps after {@code p}: p A^h. */
    private double[] step(final double[] p, final int h)
    {
        double[] q = p;
        for (int i = 0; i < h; i++)
        {
            final double[] next = new double[q.length];
            for (int s = 0; s < q.length; s++)
            {
                for (int n = 0; n < q.length; n++)
                {
                    next[n] += q[s] * transition[s][n];
                }
            }
            q = next;
        }
        return q;
    }

    /**
     * @return per step t, P(o_{t+h} = k | o_0 … o_t), {@code [T][K]} (rows for t + h beyond the sequence included).
     */
    public double[][] predict(final int[] symbols, final int h)
    {
        if (h < 1)
        {
            throw new IllegalArgumentException("h: " + h + " (expected: >= 1)");
        }
        final double[][] alpha = filter(symbols);
        final double[][] p = new double[symbols.length][];
        for (int t = 0; t < symbols.length; t++)
        {
            p[t] = emit(step(alpha[t], h));
        }
        return p;
    }

    /** @return P(o = k) for a state distribution q: q E. */
    private double[] emit(final double[] q)
    {
        final double[] p = new double[symbols()];
        for (int s = 0; s < q.length; s++)
        {
            for (int k = 0; k < p.length; k++)
            {
                p[k] += q[s] * emission[s][k];
            }
        }
        return p;
    }

    /**
     * The least loss of any predictor of the one-hot symbol h steps ahead, judged as the predictive objective judges a
     * trial: Σ over t &lt; T − h of the Bernoulli cross-entropy of each symbol unit, Σ_k −[x log p + (1 − x) log(1 − p)]
     * with x = onehot(o_{t+h}) and p = P(o_{t+h} = k | o_0 … o_t) (each unit's best probability is its posterior).
     */
    public double optimalBernoulliLoss(final int[] symbols, final int h)
    {
        final double[][] p = predict(symbols, h);
        double loss = 0;
        for (int t = 0; t + h < symbols.length; t++)
        {
            for (int k = 0; k < p[t].length; k++)
            {
                final double q = p[t][k];
                loss -= k == symbols[t + h] ? Math.log(q) : Math.log1p(-q);
            }
        }
        return loss;
    }

    /**
     * @return the least squared loss of any predictor of the one-hot symbol h steps ahead, as the predictive objective
     * judges it with MSE: Σ over t &lt; T − h of ½ Σ_k (p_k − x_k)², p the posterior (the conditional mean).
     */
    public double optimalSquaredLoss(final int[] symbols, final int h)
    {
        final double[][] p = predict(symbols, h);
        double loss = 0;
        for (int t = 0; t + h < symbols.length; t++)
        {
            for (int k = 0; k < p[t].length; k++)
            {
                final double d = p[t][k] - (k == symbols[t + h] ? 1 : 0);
                loss += 0.5 * d * d;
            }
        }
        return loss;
    }

    /** @return per step, the state the filter finds most probable, arg-max P(s_t | o_0 … o_t). */
    public int[] decode(final int[] symbols)
    {
        final double[][] alpha = filter(symbols);
        final int[] best = new int[symbols.length];
        for (int t = 0; t < symbols.length; t++)
        {
            for (int s = 1; s < alpha[t].length; s++)
            {
                if (alpha[t][s] > alpha[t][best[t]])
                {
                    best[t] = s;
                }
            }
        }
        return best;
    }

    /** @return Σ over t &lt; T − h of −log P(o_{t+h} | o_0 … o_t): the least categorical cross-entropy. */
    public double optimalLogLoss(final int[] symbols, final int h)
    {
        final double[][] p = predict(symbols, h);
        double loss = 0;
        for (int t = 0; t + h < symbols.length; t++)
        {
            loss -= Math.log(p[t][symbols[t + h]]);
        }
        return loss;
    }
}
