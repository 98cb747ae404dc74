package org.brainsim.objectives.rl;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The planner against answers computed another way: Daw's model-based values of the two-step task, value iteration
 * written out here (to convergence on a world with cycles, and step for step at a small depth), and the variance of
 * its per-level noise.
 */
class PlannerTest
{
    /** The two-step task: state 0 is the first stage, 1 and 2 the second; 3 outcomes + the end. */
    private static double[][][] twoStep()
    {
        final double[][][] p = new double[3][2][4];
        p[0][0][1] = 0.7;
        p[0][0][2] = 0.3;
        p[0][1][1] = 0.3;
        p[0][1][2] = 0.7;
        for (int s = 1; s <= 2; s++)
        {
            p[s][0][3] = 1;
            p[s][1][3] = 1;
        }
        return p;
    }

    @Test
    void twoLevelsOverTheTwoStepTaskGiveDawsModelBasedValues()
    {
        final double[][] r = {{0, 0}, {0.6, 0.3}, {0.2, 0.8}};
        final double[] q = new double[2];
        final double[] var = new double[2];
        new Planner(3, 2, 1, 2, 0, null).plan(twoStep(), r, 0, q, var);
        // Q_MB(a) = Σ_s P(s|a) max_a' R(s, a'): 0.7 · 0.6 + 0.3 · 0.8 and 0.3 · 0.6 + 0.7 · 0.8
        assertArrayEquals(new double[] {0.66, 0.74}, q, 1e-12);
        assertArrayEquals(new double[] {0, 0}, var, 0);
        // the model's uncertainty about each reward is carried back like the values: the first stage's own, plus
        // P² times the best second-stage choice's
        final double[][] rVar = {{0.01, 0.02}, {0.1, 0.5}, {0.3, 0.2}};
        new Planner(3, 2, 1, 2, 0, null).plan(twoStep(), r, rVar, 0, q, var);
        assertArrayEquals(new double[] {0.66, 0.74}, q, 1e-12);
        assertArrayEquals(new double[] {0.01 + 0.49 * 0.1 + 0.09 * 0.2, 0.02 + 0.09 * 0.1 + 0.49 * 0.2}, var, 1e-12);
        // one level sees only the first stage's own rewards
        new Planner(3, 2, 1, 1, 0, null).plan(twoStep(), r, 0, q, var);
        assertArrayEquals(new double[] {0, 0}, q, 0);
    }

    @Test
    void equalsValueIterationOnAWorldWithCycles()
    {
        final int states = 5;
        final int actions = 3;
        final double gamma = 0.9;
        final SplittableRandom random = new SplittableRandom(7);
        final double[][][] p = new double[states][actions][states + 1];
        final double[][] r = new double[states][actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                double sum = 0;
                for (int o = 0; o <= states; o++)
                {
                    p[s][a][o] = random.nextDouble() * (o == states ? 0.2 : 1);
                    sum += p[s][a][o];
                }
                for (int o = 0; o <= states; o++)
                {
                    p[s][a][o] /= sum;
                }
                r[s][a] = random.nextDouble() * 2 - 1;
            }
        }
        for (final int depth : new int[] {3, 400})
        {
            // value iteration, written separately: V ← max_a [R + γ P V], depth sweeps from V = 0
            double[] v = new double[states];
            double[][] qv = new double[states][actions];
            for (int sweep = 0; sweep < depth; sweep++)
            {
                final double[] next = new double[states];
                qv = new double[states][actions];
                for (int s = 0; s < states; s++)
                {
                    next[s] = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < actions; a++)
                    {
                        double backed = 0;
                        for (int o = 0; o < states; o++)
                        {
                            backed += p[s][a][o] * v[o];
                        }
                        qv[s][a] = r[s][a] + gamma * backed;
                        next[s] = Math.max(next[s], qv[s][a]);
                    }
                }
                v = next;
            }
            final Planner planner = new Planner(states, actions, gamma, depth, 0, null);
            for (int s = 0; s < states; s++)
            {
                final double[] q = new double[actions];
                planner.plan(p, r, s, q, new double[actions]);
                assertArrayEquals(qv[s], q, 1e-12, "depth " + depth + ", state " + s);
            }
        }
    }

    @Test
    void eachLevelAddsItsNoiseAndSaysSo()
    {
        final double sigma = 0.3;
        final SplittableRandom random = new SplittableRandom(11);
        final Planner planner = new Planner(3, 2, 1, 1, sigma, random::nextDouble);
        final double[][] r = {{0.5, -0.5}, {0, 0}, {0, 0}};
        final int n = 40_000;
        double sum = 0;
        double squares = 0;
        final double[] q = new double[2];
        final double[] var = new double[2];
        for (int i = 0; i < n; i++)
        {
            planner.plan(twoStep(), r, 0, q, var);
            sum += q[0];
            squares += q[0] * q[0];
        }
        final double mean = sum / n;
        assertEquals(0.5, mean, 4 * sigma / Math.sqrt(n));
        assertEquals(sigma * sigma, squares / n - mean * mean, 0.05 * sigma * sigma);
        assertEquals(sigma * sigma, var[0], 1e-15);
        // two levels: the first stage's values carry the second's noise through P: σ² + Σ P² σ²
        final Planner deep = new Planner(3, 2, 1, 2, sigma, random::nextDouble);
        deep.plan(twoStep(), r, 0, q, var);
        assertEquals(sigma * sigma * (1 + 0.49 + 0.09), var[0], 1e-12);
    }
}
