package org.brainsim.objectives.rl;

import java.util.Arrays;

/**
 * A linear value function learned online by TD(λ) with accumulating eligibility traces (Sutton & Barto, §12.2): the
 * rule a TD critic's value readout follows, V(s) = w · φ(s),
 * <pre>
 *   δ_t = r_{t+1} + γ V(s_{t+1}) − V(s_t)       (V of a terminal state is 0)
 *   e_t = γ λ e_{t−1} + φ(s_t),                 w ← w + α δ_t e_t
 * </pre>
 * with the traces cleared at the start of every episode. Plain double arithmetic; not thread-safe.
 */
public final class LinearTd
{
    private final double[] w;
    private final double[] e;
    private final double gamma;
    private final double lambda;

    /**
     * @param features the length of φ.
     * @param gamma    discount γ in [0, 1].
     * @param lambda   trace decay λ in [0, 1].
     */
    public LinearTd(final int features, final double gamma, final double lambda)
    {
        if (features < 1 || !(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1))
        {
            throw new IllegalArgumentException("features " + features + ", gamma " + gamma + ", lambda " + lambda +
                " (expected: features >= 1, gamma and lambda in [0, 1])");
        }
        this.w = new double[features];
        this.e = new double[features];
        this.gamma = gamma;
        this.lambda = lambda;
    }

    /** Clears the traces: a new episode begins. */
    public void startEpisode()
    {
        Arrays.fill(e, 0);
    }

    /** @return V(s) = w · φ. */
    public double value(final double[] phi)
    {
        double v = 0;
        for (int i = 0; i < w.length; i++)
        {
            v += w[i] * phi[i];
        }
        return v;
    }

    /**
     * One transition s → s' with reward r, learned at step size α.
     *
     * @param next φ(s'), or {@code null} when s' is terminal.
     * @return the TD error δ.
     */
    public double step(final double[] phi, final double reward, final double[] next, final double alpha)
    {
        final double delta = reward + (next == null ? 0 : gamma * value(next)) - value(phi);
        for (int i = 0; i < w.length; i++)
        {
            e[i] = gamma * lambda * e[i] + phi[i];
            w[i] += alpha * delta * e[i];
        }
        return delta;
    }

    /** @return the weights, live. */
    public double[] weights()
    {
        return w;
    }
}
