package org.brainsim.regions.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class OptimizerTest
{
    @Test
    void adamFollowsTheTensorFlowConvention()
    {
        final INDArray theta = Nd4j.create(new double[] {1.0, -2.0});
        final Adam adam = new Adam(0.1, 0.9, 0.999, 1e-7);
        final double[] g1 = {0.5, -1.0};
        final double[] g2 = {0.2, 0.3};

        adam.step(new INDArray[] {theta}, new INDArray[] {Nd4j.create(g1)}, 1.0);
        adam.step(new INDArray[] {theta}, new INDArray[] {Nd4j.create(g2)}, 1.0);

        for (int i = 0; i < 2; i++)
        {
            double m = 0;
            double v = 0;
            double x = i == 0 ? 1.0 : -2.0;
            final double[][] gs = {g1, g2};
            for (int t = 1; t <= 2; t++)
            {
                final double g = gs[t - 1][i];
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                final double lrT = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                x -= lrT * m / (Math.sqrt(v) + 1e-7);
            }
            assertEquals(x, theta.getDouble(i), 1e-12);
        }
        assertEquals(2, adam.steps());
    }

    @Test
    void aClosedGateLeavesAdamsStateUntouched()
    {
        final INDArray theta = Nd4j.create(new double[] {1.0});
        final Adam adam = new Adam(0.1, 0.9, 0.999, 1e-7);
        adam.step(new INDArray[] {theta}, new INDArray[] {Nd4j.create(new double[] {1.0})}, 0.0);
        assertEquals(0, adam.steps());
        assertEquals(1.0, theta.getDouble(0));
    }

    @Test
    void clippingScalesTheGlobalNormAndL2AddsLambdaTheta()
    {
        final INDArray[] params = {Nd4j.create(new double[] {2.0}), Nd4j.create(new double[] {0.0, 0.0})};
        final INDArray[] grads = {Nd4j.create(new double[] {3.0}), Nd4j.create(new double[] {0.0, 4.0})};

        final double norm = new GradientPenalties(0.5, 1.0).apply(params, grads);

        // L2 first: g0 = 3 + 0.5·2 = 4; norm of (4, 0, 4) = √32; clipped to 1.
        assertEquals(Math.sqrt(32), norm, 1e-12);
        assertEquals(4 / Math.sqrt(32), grads[0].getDouble(0), 1e-12);
        assertEquals(4 / Math.sqrt(32), grads[1].getDouble(1), 1e-12);
    }

    @Test
    void sgdStepsAgainstTheGradient()
    {
        final INDArray theta = Nd4j.create(new double[] {1.0}).castTo(DataType.FLOAT);
        new Sgd(0.5).step(new INDArray[] {theta}, new INDArray[] {Nd4j.create(new float[] {2.0f})}, 0.5);
        assertEquals(0.5, theta.getDouble(0), 1e-7);
    }

    /**
     * Float32 row-major parameters take Adam's plain-Java step; anything else (here the same values in column-major
     * arrays) takes ND4J's operations. The two must give the same bits, step after step, gated or not.
     */
    @Test
    void adamsJavaStepOnFloatsGivesNd4jsBits()
    {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        final int rows = 7;
        final int cols = 13;
        final INDArray[] java = new INDArray[2];
        final INDArray[] nd4j = new INDArray[2];
        for (int i = 0; i < 2; i++)
        {
            java[i] = Nd4j.create(randomFloats(random, rows * cols, 1.0), new long[] {rows, cols}, 'c');
            nd4j[i] = java[i].dup('f');
        }
        assertFalse(org.brainsim.objectives.Floats.rowMajorDense(nd4j[0]), "the reference must take ND4J's path");
        final Adam fast = new Adam(0.01, 0.9, 0.999, 1e-7);
        final Adam slow = new Adam(0.01, 0.9, 0.999, 1e-7);
        final double[] gates = {1.0, 0.37, 1.0, 2.5, 1.0, 0.0, 1.0};
        for (final double gate : gates)
        {
            final INDArray[] g = new INDArray[2];
            final INDArray[] gF = new INDArray[2];
            for (int i = 0; i < 2; i++)
            {
                // gradients over many scales, tiny ones included (g² underflows there)
                g[i] = Nd4j.create(randomFloats(random, rows * cols, Math.pow(10, -random.nextInt(25))),
                    new long[] {rows, cols}, 'c');
                gF[i] = g[i].dup('f');
            }
            fast.step(java, g, gate);
            slow.step(nd4j, gF, gate);
            for (int i = 0; i < 2; i++)
            {
                assertArrayEquals(org.brainsim.objectives.Floats.of(nd4j[i]), org.brainsim.objectives.Floats.of(java[i]),
                    "parameter " + i + " after a step gated " + gate);
            }
        }
        assertEquals(6, fast.steps());
    }

    private static float[] randomFloats(final java.util.SplittableRandom random, final int length, final double scale)
    {
        final float[] values = new float[length];
        for (int k = 0; k < length; k++)
        {
            values[k] = (float)((random.nextDouble() * 2 - 1) * scale);
        }
        return values;
    }
}
