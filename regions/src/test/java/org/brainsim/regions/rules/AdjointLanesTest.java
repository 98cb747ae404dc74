package org.brainsim.regions.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One step of the backward recursion's element-wise part on vector lanes against the scalar loops, value by value:
 * the learning signal (with and without the firing-rate and recurrent terms) and δv/δa (with and without the reset
 * term), on random rows with zeros, negative zeros and values of every sign, bit pattern for bit pattern.
 */
class AdjointLanesTest
{
    private static float[] random(final NodeRandom random, final int length)
    {
        final float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            final double u = random.nextDouble();
            values[i] = u < 0.2 ? 0f : u < 0.25 ? -0f : (float)random.nextGaussian();
        }
        return values;
    }

    @ParameterizedTest(name = "n = {0}, {1} outputs, row {2}")
    @CsvSource({"37, 2, 0", "128, 3, 1", "16, 1, 2", "5, 2, 1"})
    void lanesAndScalarLoopsGiveTheSameBits(final int n, final int nOut, final int rowIndex)
    {
        final NodeRandom random = NodeRandom.forNode(11, "adjoint-" + n);
        final int row = rowIndex * n;
        final int yRow = rowIndex * nOut;
        final float[] dy = random(random, (rowIndex + 1) * nOut);
        final float[] feedback = random(random, nOut * n);
        final float[] reg = random(random, n);
        final float[] recurrent = random(random, (rowIndex + 1) * n);
        final float[] psi = random(random, (rowIndex + 1) * n);
        final float[] dvNext = random(random, (rowIndex + 1) * n);
        final float[] beta = random(random, n);
        for (final boolean withTerms : new boolean[] {false, true})
        {
            final float[] scalarSignal = new float[n];
            final float[] vectorSignal = new float[n];
            AdjointUnits.signal(dy, yRow, nOut, feedback, n, 0.7f, withTerms ? reg : null,
                withTerms ? recurrent : null, row, scalarSignal, 0, n);
            AdjointLanes.signal(dy, yRow, nOut, feedback, n, 0.7f, withTerms ? reg : null,
                withTerms ? recurrent : null, row, vectorSignal);
            assertArrayEquals(scalarSignal, vectorSignal, "signal, terms " + withTerms);
            for (final float reset : new float[] {0f, 0.6f})
            {
                final float[] daScalar = random(NodeRandom.forNode(12, "da"), (rowIndex + 1) * n);
                final float[] daVector = daScalar.clone();
                final float[] dvScalar = new float[(rowIndex + 1) * n];
                final float[] dvVector = new float[(rowIndex + 1) * n];
                AdjointUnits.adjoint(scalarSignal, psi, dvNext, daScalar, dvScalar, beta, 0.95f, 0.999f, reset, row, 0,
                    n);
                AdjointLanes.adjoint(vectorSignal, psi, dvNext, daVector, dvVector, beta, 0.95f, 0.999f, reset, row, n);
                assertArrayEquals(dvScalar, dvVector, "dv, reset " + reset);
                assertArrayEquals(daScalar, daVector, "da, reset " + reset);
            }
        }
    }

    @ParameterizedTest(name = "n = {0}, scale {1}, offsets {2}")
    @CsvSource({"100, 1, 0", "37, 0.5, 3", "16, -2, 1", "5, 1, 7", "128, 3.25, 2"})
    void outerProductRowOnLanesGivesTheScalarLoopsBits(final int n, final float scale, final int offset)
    {
        final NodeRandom random = NodeRandom.forNode(13, "accumulate-" + n);
        final float[] from = random(random, offset + n);
        final double[] scalar = new double[offset + n + 3];
        for (int i = 0; i < scalar.length; i++)
        {
            scalar[i] = random.nextGaussian();
        }
        final double[] vector = scalar.clone();
        for (int round = 0; round < 3; round++) // sums on sums: the same bits each time
        {
            AdjointUnits.accumulate(scale, from, offset, scalar, offset + 1, n);
            AdjointLanes.accumulate(scale, from, offset, vector, offset + 1, n);
            assertArrayEquals(scalar, vector, "round " + round);
        }
    }
}
