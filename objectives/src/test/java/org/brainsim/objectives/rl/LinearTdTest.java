package org.brainsim.objectives.rl;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TD(λ) on Sutton's 5-state random walk (Sutton & Barto, Example 6.2): states A–E, start in C, a step left or right
 * with probability ½, reward 1 on leaving right of E and 0 on leaving left of A. With one-hot features and step sizes
 * that satisfy Robbins–Monro, V converges to the analytic values 1/6, 2/6, …, 5/6 for every λ (within 1e-3 after
 * 4·10⁶ episodes, where the sampling noise of the last steps is below that: the tolerance); a hand-computed
 * single transition checks the trace and the update.
 */
class LinearTdTest
{
    private static final double[][] ONE_HOT = new double[5][5];

    static
    {
        for (int s = 0; s < 5; s++)
        {
            ONE_HOT[s][s] = 1;
        }
    }

    private static double[] oneHot(final int state)
    {
        return ONE_HOT[state];
    }

    @Test
    void theRandomWalksValuesAreLearnedToTheAnalyticOnes()
    {
        for (final double lambda : new double[] {0, 0.5, 1})
        {
            final LinearTd td = new LinearTd(5, 1.0, lambda);
            final SplittableRandom random = new SplittableRandom(11);
            final int episodes = 4_000_000;
            for (int k = 0; k < episodes; k++)
            {
                final double alpha = 0.1 / (1 + k / 100.0); // Σ α = ∞, Σ α² < ∞
                td.startEpisode();
                int s = 2;
                while (true)
                {
                    final int next = s + (random.nextBoolean() ? 1 : -1);
                    if (next < 0 || next > 4)
                    {
                        td.step(oneHot(s), next > 4 ? 1 : 0, null, alpha);
                        break;
                    }
                    td.step(oneHot(s), 0, oneHot(next), alpha);
                    s = next;
                }
            }
            for (int s = 0; s < 5; s++)
            {
                assertEquals((s + 1) / 6.0, td.value(oneHot(s)), 1e-3, "λ = " + lambda + ", state " + "ABCDE".charAt(s));
            }
        }
    }

    @Test
    void oneTransitionByHand()
    {
        final LinearTd td = new LinearTd(2, 0.9, 0.5);
        td.weights()[0] = 0.2;
        td.weights()[1] = 0.4;
        // δ = 1 + 0.9 · 0.4 − 0.2 = 1.16; e = (1, 0); w = (0.2 + 0.1 · 1.16, 0.4)
        assertEquals(1.16, td.step(new double[] {1, 0}, 1, new double[] {0, 1}, 0.1), 1e-12);
        assertEquals(0.316, td.weights()[0], 1e-12);
        // δ = 0 + 0 − 0.4 (terminal); e = 0.45 · (1, 0) + (0, 1); w += 0.1 · (−0.4) · e
        assertEquals(-0.4, td.step(new double[] {0, 1}, 0, null, 0.1), 1e-12);
        assertEquals(0.316 - 0.04 * 0.45, td.weights()[0], 1e-12);
        assertEquals(0.4 - 0.04, td.weights()[1], 1e-12);
    }
}
