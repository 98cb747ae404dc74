package org.brainsim.objectives.rl;

import java.util.function.DoubleSupplier;

/**
 * Depth-limited planning over a model of a discrete world (issue 14; Daw, Niv &amp; Dayan 2005's tree-search
 * controller): states 0 … S − 1, a terminal outcome S, for each state and action the probability of each next outcome
 * P(s' | s, a) and the expected reward R(s, a). {@code depth} sweeps of value iteration back values up from the leaves
 * (V_0 = 0; terminal counts 0):
 * <pre>
 *   Q_k(s, a) = R(s, a) + γ Σ_{s' < S} P(s' | s, a) V_{k−1}(s') + ε_k(s, a),     V_k(s) = max_a Q_k(s, a)
 * </pre>
 * a depth-d plan is exactly value iteration's d-step answer. Each level adds computational noise ε ~ N(0, σ²) drawn
 * from the given stream (σ = 0: none), so deeper plans are noisier; the variance of Q_k follows it (and the model's own
 * uncertainty about each reward, when given), var Q_k(s, a) = var R(s, a) + σ² + γ² Σ_{s'} P(s' | s, a)² var V_{k−1}(s'),
 * var V taken at the arg-max. Not thread-safe: one per region.
 */
public final class Planner
{
    private final int states;
    private final int actions;
    private final double gamma;
    private final int depth;
    private final double noise;
    private final DoubleSupplier uniform;
    private final double[][] v;     // [level parity][state]
    private final double[][] var;
    private final double[][] q;     // [state][action] of the level being computed
    private final double[][] qVar;

    /**
     * @param noise   σ, the sd of each level's computational noise (≥ 0).
     * @param uniform uniform draws in [0, 1) for the noise (unused when σ = 0; may then be null).
     */
    public Planner(final int states, final int actions, final double gamma, final int depth, final double noise,
                   final DoubleSupplier uniform)
    {
        if (states < 1 || actions < 1 || depth < 1 || !(gamma >= 0 && gamma <= 1) || !(noise >= 0) ||
            noise > 0 && uniform == null)
        {
            throw new IllegalArgumentException("states, actions, depth, gamma, noise: " + states + ", " + actions +
                ", " + depth + ", " + gamma + ", " + noise + " (expected: >= 1, >= 1, >= 1, 0 … 1, >= 0 with a stream)");
        }
        this.states = states;
        this.actions = actions;
        this.gamma = gamma;
        this.depth = depth;
        this.noise = noise;
        this.uniform = uniform;
        this.v = new double[2][states];
        this.var = new double[2][states];
        this.q = new double[states][actions];
        this.qVar = new double[states][actions];
    }

    /**
     * Plans from {@code state}.
     *
     * @param p        P(s' | s, a) as {@code p[s][a][s']}, s' = 0 … S (S: terminal).
     * @param r        R(s, a) as {@code r[s][a]}.
     * @param values   out: Q_depth(state, a) per action.
     * @param variance out: its variance per action.
     */
    public void plan(final double[][][] p, final double[][] r, final int state, final double[] values,
                     final double[] variance)
    {
        plan(p, r, null, state, values, variance);
    }

    /**
     * Plans from {@code state}, with the model's own uncertainty about each reward: var Q_k(s, a) = var R(s, a) + σ² +
     * γ² Σ_{s'} P(s' | s, a)² var V_{k−1}(s').
     *
     * @param rVar var R(s, a) as {@code rVar[s][a]}, or null (0).
     */
    public void plan(final double[][][] p, final double[][] r, final double[][] rVar, final int state,
                     final double[] values, final double[] variance)
    {
        java.util.Arrays.fill(v[0], 0);
        java.util.Arrays.fill(var[0], 0);
        int from = 0;
        for (int level = 1; level <= depth; level++)
        {
            final int to = 1 - from;
            for (int s = 0; s < states; s++)
            {
                int best = 0;
                for (int a = 0; a < actions; a++)
                {
                    double next = 0;
                    double nextVar = 0;
                    for (int s2 = 0; s2 < states; s2++)
                    {
                        next += p[s][a][s2] * v[from][s2];
                        nextVar += p[s][a][s2] * p[s][a][s2] * var[from][s2];
                    }
                    q[s][a] = r[s][a] + gamma * next + (noise > 0 ? noise * gaussian() : 0);
                    qVar[s][a] = (rVar == null ? 0 : rVar[s][a]) + noise * noise + gamma * gamma * nextVar;
                    best = q[s][a] > q[s][best] ? a : best;
                }
                v[to][s] = q[s][best];
                var[to][s] = qVar[s][best];
            }
            from = to;
        }
        System.arraycopy(q[state], 0, values, 0, actions);
        System.arraycopy(qVar[state], 0, variance, 0, actions);
    }

    /** A standard normal draw (Box-Muller) from two uniforms of the stream. */
    private double gaussian()
    {
        final double u1 = 1 - uniform.getAsDouble(); // in (0, 1]
        final double u2 = uniform.getAsDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
