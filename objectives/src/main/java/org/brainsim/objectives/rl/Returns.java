package org.brainsim.objectives.rl;

/**
 * The return arithmetic of reinforcement learning over one sequence of steps (reference learning-rules.md §1.7,
 * tasks.md §4.2): discounted returns bootstrapped from a value at the end, TD errors, and generalised advantage
 * estimates. An episode may end inside the sequence ({@code done[t]}: nothing flows back across the end of step t,
 * the next state's value counts 0); the sequence's last step bootstraps from {@code bootstrap} unless it ends an
 * episode. Plain double arithmetic, one sequence at a time (a batch row).
 */
public final class Returns
{
    private Returns()
    {
    }

    /**
     * @return G_t = r_t + γ G_{t+1}, with G_T = {@code bootstrap} (0 after a step that ends an episode).
     */
    public static double[] discounted(final double[] reward, final boolean[] done, final double gamma,
                                      final double bootstrap)
    {
        check(reward, null, done, gamma);
        final double[] g = new double[reward.length];
        double next = bootstrap;
        for (int t = reward.length - 1; t >= 0; t--)
        {
            next = reward[t] + (done[t] ? 0 : gamma * next);
            g[t] = next;
        }
        return g;
    }

    /** @return δ_t = r_t + γ V_{t+1} − V_t, with V_T = {@code bootstrap} (0 after a step that ends an episode). */
    public static double[] tdErrors(final double[] reward, final double[] value, final boolean[] done,
                                    final double gamma, final double bootstrap)
    {
        check(reward, value, done, gamma);
        final double[] delta = new double[reward.length];
        for (int t = 0; t < reward.length; t++)
        {
            final double next = done[t] ? 0 : t + 1 < reward.length ? value[t + 1] : bootstrap;
            delta[t] = reward[t] + gamma * next - value[t];
        }
        return delta;
    }

    /**
     * @return the generalised advantage A_t = Σ_k (γλ)^k δ_{t+k}, stopping at the end of an episode; λ = 1 gives
     *         G_t − V_t (the bootstrapped return less the value), λ = 0 the TD error.
     */
    public static double[] advantages(final double[] reward, final double[] value, final boolean[] done,
                                      final double gamma, final double lambda, final double bootstrap)
    {
        if (!(lambda >= 0 && lambda <= 1))
        {
            throw new IllegalArgumentException("lambda: " + lambda + " (expected: 0 … 1)");
        }
        final double[] delta = tdErrors(reward, value, done, gamma, bootstrap);
        final double[] a = new double[reward.length];
        double next = 0;
        for (int t = reward.length - 1; t >= 0; t--)
        {
            next = delta[t] + (done[t] ? 0 : gamma * lambda * next);
            a[t] = next;
        }
        return a;
    }

    private static void check(final double[] reward, final double[] value, final boolean[] done, final double gamma)
    {
        if (!(gamma >= 0 && gamma <= 1))
        {
            throw new IllegalArgumentException("gamma: " + gamma + " (expected: 0 … 1)");
        }
        if (done.length != reward.length || value != null && value.length != reward.length)
        {
            throw new IllegalArgumentException("lengths: reward " + reward.length + ", done " + done.length +
                (value == null ? "" : ", value " + value.length) + " (expected: the same)");
        }
    }
}
