package org.brainsim.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

/**
 * The firing-rate regulariser counts spikes on vector lanes, in place in each step's buffer (views at an offset
 * included), or in a scalar loop over a copy: the same counts, so the same value and derivative, both equal to the
 * formula worked out here in double.
 */
@Isolated // it turns the vector loops off for a moment, JVM-wide
class FiringRateTest
{
    @ParameterizedTest(name = "{0} units, batch {1}")
    @CsvSource({"37, 5", "64, 3", "129, 4"})
    void lanesAndScalarCountsGiveTheFormulasValueAndDerivative(final int n, final int batch)
    {
        final int steps = 30;
        final double dtMs = 1.0;
        final SplittableRandom random = new SplittableRandom(n);
        // every step a view into one array, at an offset (the first step is not at the buffer's start)
        final INDArray all = Nd4j.create(DataType.FLOAT, steps + 1, batch, n);
        final INDArray[] z = new INDArray[steps];
        final double[] counts = new double[n];
        for (int t = 0; t < steps; t++)
        {
            z[t] = all.get(NDArrayIndex.point(t + 1), NDArrayIndex.all(), NDArrayIndex.all());
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (random.nextDouble() < 0.1 + 0.3 * j / n)
                    {
                        z[t].putScalar(b, j, 1f);
                        counts[j]++;
                    }
                }
            }
        }
        final FiringRate reg = new FiringRate(0.7, 12);
        final double scale = 1000.0 / (dtMs * steps * batch);
        double value = 0;
        final float[] derivative = new float[n];
        float largest = 0;
        for (int j = 0; j < n; j++)
        {
            final double deviation = counts[j] * scale - 12.0;
            value += 0.7 * deviation * deviation;
            derivative[j] = (float)(deviation * 2 * 0.7 * scale);
            largest = Math.max(largest, Math.abs(derivative[j]));
        }
        assertTrue(Simd.enabled(), "the tests run with the vector module");
        final double lanesValue = reg.value(z, dtMs);
        final float[] lanesDerivative = Floats.of(reg.derivative(z, dtMs));
        final double scalarValue;
        final float[] scalarDerivative;
        System.setProperty(Simd.PROPERTY, "false");
        try
        {
            scalarValue = reg.value(z, dtMs);
            scalarDerivative = Floats.of(reg.derivative(z, dtMs));
        }
        finally
        {
            System.clearProperty(Simd.PROPERTY);
        }
        assertEquals(scalarValue, lanesValue, 0.0, "lanes and scalar: the same value");
        assertArrayEquals(scalarDerivative, lanesDerivative, "lanes and scalar: the same derivative");
        assertEquals(value, lanesValue, 1e-5 * value, "the formula's value");
        assertArrayEquals(derivative, lanesDerivative, 1e-5f * largest, "the formula's derivative");
    }
}
