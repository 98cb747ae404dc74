package org.brainsim.scenarios.report;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ridge decoder: exact solves, a decodable signal decoded, noise at chance. */
class RidgeTest
{
    @Test
    void choleskySolvesASymmetricPositiveDefiniteSystem()
    {
        final double[][] a = {{4, 2, 0.6}, {2, 5, 1}, {0.6, 1, 3}};
        final double[][] x = {{1, -2}, {0.5, 3}, {-1, 0.25}};
        final double[][] b = new double[3][2];
        for (int i = 0; i < 3; i++)
        {
            for (int c = 0; c < 2; c++)
            {
                for (int k = 0; k < 3; k++)
                {
                    b[i][c] += a[i][k] * x[k][c];
                }
            }
        }
        final double[][] solved = Ridge.solve(a, b);
        for (int i = 0; i < 3; i++)
        {
            assertArrayEquals(x[i], solved[i], 1e-12);
        }
    }

    @Test
    void aLinearlyCodedClassIsDecodedAndNoiseIsAtChance()
    {
        final int trials = 10;
        final int rows = 4;
        final int steps = 50;
        final int[][][] labels = new int[trials][rows][steps];
        final double[][][][] signal = new double[trials][rows][steps][6];
        final double[][][][] noise = new double[trials][rows][steps][6];
        final NodeRandom random = NodeRandom.forNode(3, "ridge");
        for (int k = 0; k < trials; k++)
        {
            for (int b = 0; b < rows; b++)
            {
                for (int t = 0; t < steps; t++)
                {
                    labels[k][b][t] = random.nextInt(3);
                    for (int u = 0; u < 6; u++)
                    {
                        noise[k][b][t][u] = random.nextGaussian();
                        // class c raises units 2c and 2c+1, under noise
                        signal[k][b][t][u] = (u / 2 == labels[k][b][t] ? 1 : 0) + 0.3 * random.nextGaussian();
                    }
                }
            }
        }
        final double decoded = Ridge.accuracy(6, 3, labels, rows, 0, 5, 10, (k, b, t, x) ->
            System.arraycopy(signal[k][b][t], 0, x, 0, 6));
        final double chance = Ridge.accuracy(6, 3, labels, rows, 0, 5, 10, (k, b, t, x) ->
            System.arraycopy(noise[k][b][t], 0, x, 0, 6));
        assertTrue(decoded > 0.95, "decoded " + decoded);
        assertEquals(1.0 / 3, chance, 0.06, "noise decodes at chance");
    }
}
