package org.brainsim.objectives;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisedTest
{
    private static INDArray row2(final double a, final double b, final double c, final double d)
    {
        return Nd4j.create(new double[] {a, b, c, d}, new long[] {2, 2}, DataType.DOUBLE);
    }

    /** Cross-entropy with MEAN reduction equals the hand-computed mean over rows and window steps. */
    @Test
    void meanCrossEntropyOverTheWindowOnly()
    {
        final INDArray[] y = {row2(5, -5, 5, -5), row2(1, 0, 0, 2), row2(0.5, 0.25, -1, 1)};
        final INDArray[] target = {row2(0, 1, 0, 1), row2(1, 0, 0, 1), row2(1, 0, 0, 1)};
        final double[] window = {0, 1, 1};
        final Loss loss = new Supervised(LossKind.CROSS_ENTROPY, Supervised.Reduction.MEAN).loss(target, window);
        double expected = 0;
        final double[][][] ys = {{{1, 0}, {0, 2}}, {{0.5, 0.25}, {-1, 1}}};
        final int[][] labels = {{0, 1}, {0, 1}};
        for (int t = 0; t < 2; t++)
        {
            for (int b = 0; b < 2; b++)
            {
                final double[] v = ys[t][b];
                final double logZ = Math.log(Math.exp(v[0]) + Math.exp(v[1]));
                expected += -(v[labels[t][b]] - logZ);
            }
        }
        expected /= 4;
        assertEquals(expected, loss.value(y), 1e-12);
        // The learning signal is zero outside the window and (softmax − target)/(B·W) inside.
        assertEquals(0, loss.error(y[0], 0).norm2Number().doubleValue(), 0);
        final double p0 = Math.exp(1) / (Math.exp(1) + 1);
        assertEquals((p0 - 1) / 4, loss.error(y[1], 1).getDouble(0, 0), 1e-12);
    }

    /** The learning signal is the derivative of the loss: a central difference in double precision. */
    @Test
    void learningSignalIsTheLossDerivative()
    {
        final INDArray[] y = {row2(0.3, -0.2, 0.1, 0.7), row2(-0.4, 0.9, 0.2, 0.2)};
        final INDArray[] target = {row2(1, 0, 0, 1), row2(0, 1, 1, 0)};
        for (final LossKind kind : LossKind.values())
        {
            for (final Supervised.Reduction r : Supervised.Reduction.values())
            {
                final Loss loss = new Supervised(kind, r).loss(target, new double[] {0.5, 1});
                for (int t = 0; t < 2; t++)
                {
                    final INDArray err = loss.error(y[t], t);
                    for (int i = 0; i < 4; i++)
                    {
                        final double h = 1e-6;
                        final double keep = y[t].getDouble(i);
                        y[t].putScalar(i, keep + h);
                        final double up = loss.value(y);
                        y[t].putScalar(i, keep - h);
                        final double down = loss.value(y);
                        y[t].putScalar(i, keep);
                        assertEquals((up - down) / (2 * h), err.getDouble(i), 1e-8, kind + " " + r + " t=" + t + " i=" + i);
                    }
                }
            }
        }
    }

    /** Accuracy takes the arg-max of the window-averaged readout, not of the last step. */
    @Test
    void accuracyUsesTheWindowAverage()
    {
        // Row 0: class 0 wins on average although the last step prefers class 1; row 1: class 1 wins.
        final INDArray[] y = {row2(9, 9, 9, 9), row2(3, 0, 0, 1), row2(0, 1, 0, 1)};
        final INDArray[] target = {row2(0, 1, 1, 0), row2(1, 0, 1, 0), row2(1, 0, 1, 0)};
        final double[] correct = Supervised.correct(y, target, new double[] {0, 1, 1});
        assertArrayEquals(new double[] {1, 0}, correct);
        assertTrue(Double.isNaN(Supervised.correct(y, target, new double[] {0, 0, 0})[0]));
    }
}
