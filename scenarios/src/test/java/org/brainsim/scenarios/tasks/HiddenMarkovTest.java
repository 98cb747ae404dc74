package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward algorithm's predictions and the optimal losses against brute-force enumeration of every hidden path,
 * and sampling against the matrices' frequencies.
 */
class HiddenMarkovTest
{
    private static HiddenMarkov threeStates()
    {
        return HiddenMarkov.random(3, 4, 1.0, NodeRandom.forNode(1, "hmm"));
    }

    /** @return P(o_0 … o_{n−1}) summed over every path of hidden states (S^n of them). */
    private static double joint(final HiddenMarkov m, final int[] o, final int n)
    {
        final double[][] a = m.transition();
        final double[][] e = m.emission();
        final int s = m.states();
        double total = 0;
        final int[] path = new int[n];
        for (long code = 0; code < Math.round(Math.pow(s, n)); code++)
        {
            long c = code;
            for (int t = 0; t < n; t++)
            {
                path[t] = (int)(c % s);
                c /= s;
            }
            double p = 1.0 / s; // π uniform
            for (int t = 0; t < n; t++)
            {
                p *= e[path[t]][o[t]];
                if (t + 1 < n)
                {
                    p *= a[path[t]][path[t + 1]];
                }
            }
            total += p;
        }
        return total;
    }

    @ParameterizedTest(name = "horizon {0}")
    @ValueSource(ints = {1, 2})
    void theForwardPredictionIsTheRatioOfBruteForceJoints(final int h)
    {
        final HiddenMarkov m = threeStates();
        final int[] o = {2, 0, 3, 1};
        final double[][] p = m.predict(o, h);
        double optimal = 0;
        for (int t = 0; t + h < o.length; t++)
        {
            // P(o_{t+h} = k | o_0..o_t) = Σ over the symbols between of P(o_0..o_t, …, k) / P(o_0..o_t)
            final double seen = joint(m, o, t + 1);
            for (int k = 0; k < m.symbols(); k++)
            {
                double num = 0;
                final int between = h - 1;
                for (int code = 0; code < Math.pow(m.symbols(), between); code++)
                {
                    final int[] seq = new int[t + 1 + h];
                    System.arraycopy(o, 0, seq, 0, t + 1);
                    int c = code;
                    for (int i = 0; i < between; i++)
                    {
                        seq[t + 1 + i] = c % m.symbols();
                        c /= m.symbols();
                    }
                    seq[t + h] = k;
                    num += joint(m, seq, seq.length);
                }
                assertEquals(num / seen, p[t][k], 1e-12, "t " + t + ", symbol " + k);
                final double x = k == o[t + h] ? 1 : 0;
                optimal -= x * Math.log(num / seen) + (1 - x) * Math.log(1 - num / seen);
            }
        }
        assertEquals(optimal, m.optimalBernoulliLoss(o, h), 1e-10);
    }

    @Test
    void theFilterIsThePosteriorOfBruteForcePaths()
    {
        final HiddenMarkov m = threeStates();
        final int[] o = {1, 1, 0, 2};
        final double[][] alpha = m.filter(o);
        final double[][] a = m.transition();
        final double[][] e = m.emission();
        for (int t = 0; t < o.length; t++)
        {
            final double[] post = new double[3];
            final int n = t + 1;
            for (int code = 0; code < Math.pow(3, n); code++)
            {
                int c = code;
                final int[] path = new int[n];
                for (int i = 0; i < n; i++)
                {
                    path[i] = c % 3;
                    c /= 3;
                }
                double p = 1.0 / 3;
                for (int i = 0; i < n; i++)
                {
                    p *= e[path[i]][o[i]] * (i + 1 < n ? a[path[i]][path[i + 1]] : 1);
                }
                post[path[n - 1]] += p;
            }
            final double z = post[0] + post[1] + post[2];
            for (int s = 0; s < 3; s++)
            {
                assertEquals(post[s] / z, alpha[t][s], 1e-12, "t " + t + ", state " + s);
            }
        }
    }

    @Test
    void samplesFollowTheMatrices()
    {
        final HiddenMarkov m = HiddenMarkov.structured(3, 3, 0.8, true, 0.9);
        final int n = 200_000;
        final int[] s = new int[n];
        final int[] o = new int[n];
        m.sample(NodeRandom.forNode(2, "sample"), s, o);
        int stays = 0;
        int advances = 0;
        int right = 0;
        for (int t = 0; t < n; t++)
        {
            right += o[t] == s[t] ? 1 : 0;
            if (t + 1 < n)
            {
                stays += s[t + 1] == s[t] ? 1 : 0;
                advances += s[t + 1] == (s[t] + 1) % 3 ? 1 : 0;
            }
        }
        assertEquals(0.8, stays / (double)(n - 1), 0.005);
        assertEquals(0.2, advances / (double)(n - 1), 0.005, "a cyclic chain only stays or advances");
        assertEquals(0.9, right / (double)n, 0.005);
        // the optimal predictor beats the best constant guess (the symbols' frequencies) on a long sequence
        final int[] shortO = java.util.Arrays.copyOf(o, 2000);
        final double constant = 2000 * (-(1.0 / 3) * Math.log(1.0 / 3) - (2.0 / 3) * Math.log(2.0 / 3)) * 3;
        assertTrue(m.optimalBernoulliLoss(shortO, 1) < 0.8 * constant, m.optimalBernoulliLoss(shortO, 1) + " vs " +
            constant);
    }

    @Test
    void rowsThatAreNotDistributionsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new HiddenMarkov(new double[] {1},
            new double[][] {{0.5}}, new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> new HiddenMarkov(new double[] {0.5, 0.5},
            new double[][] {{0.5, 0.5}, {1, 0}}, new double[][] {{1, 0}, {0, -1, 2}}));
    }
}
