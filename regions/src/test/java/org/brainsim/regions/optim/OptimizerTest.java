package org.brainsim.regions.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
