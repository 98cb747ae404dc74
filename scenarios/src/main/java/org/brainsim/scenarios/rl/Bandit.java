package org.brainsim.scenarios.rl;

import org.brainsim.regions.NodeRandom;

/**
 * A k-armed bandit's world (issue 13): each arm pays 1 with its own probability, else 0. Stationary: the
 * probabilities are drawn once, uniform in [0, 1]. Restless: after every pull each probability takes a Gaussian step
 * of sd {@code drift}, reflected into [0, 1]. Seeded; not thread-safe.
 */
public final class Bandit
{
    private final double[] p;
    private final double drift;
    private final NodeRandom random;

    /**
     * @param arms  k ≥ 2.
     * @param drift the sd of each probability's step per pull (0: stationary).
     */
    public Bandit(final int arms, final double drift, final NodeRandom random)
    {
        if (arms < 2 || !(drift >= 0))
        {
            throw new IllegalArgumentException("arms " + arms + ", drift " + drift + " (expected: arms >= 2, drift >= 0)");
        }
        this.p = new double[arms];
        this.drift = drift;
        this.random = random;
        for (int a = 0; a < arms; a++)
        {
            p[a] = random.nextDouble();
        }
    }

    /** @return the reward of pulling {@code arm} (1 or 0); then the world drifts (restless). */
    public int pull(final int arm)
    {
        if (arm < 0 || arm >= p.length)
        {
            throw new IllegalArgumentException("arm: " + arm + " (expected: 0 … " + (p.length - 1) + ")");
        }
        final int reward = random.nextDouble() < p[arm] ? 1 : 0;
        if (drift > 0)
        {
            for (int a = 0; a < p.length; a++)
            {
                p[a] = reflect(p[a] + drift * random.nextGaussian());
            }
        }
        return reward;
    }

    /** @return arm {@code a}'s reward probability now. */
    public double probability(final int a)
    {
        return p[a];
    }

    /** @return the arm with the highest probability now. */
    public int best()
    {
        int best = 0;
        for (int a = 1; a < p.length; a++)
        {
            best = p[a] > p[best] ? a : best;
        }
        return best;
    }

    /** Reflection into [0, 1] (repeated for steps longer than the interval). */
    public static double reflect(final double value)
    {
        double v = value;
        while (v < 0 || v > 1)
        {
            v = v < 0 ? -v : 2 - v;
        }
        return v;
    }
}
