package org.brainsim.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The fused backward passes read a step's error as Java floats ({@link Loss#errorValues}): the same bits as the
 * ND4J error, judged steps and weights included, for each loss kind.
 */
class LossTest
{
    private static INDArray randomArray(final SplittableRandom random, final int rows, final int cols)
    {
        final float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++)
        {
            v[i] = (float)(random.nextDouble() * 4 - 2);
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void errorValuesAreTheErrorsBits(final LossKind kind)
    {
        final SplittableRandom random = new SplittableRandom(3);
        final int steps = 12;
        final INDArray[] targets = new INDArray[steps];
        final double[] weights = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            targets[t] = randomArray(random, 5, 3);
            weights[t] = t < 4 ? 0 : 0.3 + 0.1 * t; // not judged, then weights that are not powers of two
        }
        final Loss loss = new Loss(kind, targets, weights);
        for (int t = 0; t < steps; t++)
        {
            final INDArray y = randomArray(random, 5, 3);
            assertArrayEquals(Floats.of(loss.error(y, t)), loss.errorValues(y, t), 0f, kind + " at step " + t);
            assertArrayEquals(Floats.of(loss.error(y, t)), loss.errorValues(y, t), 0f, kind + " again (cached target)");
        }
        final INDArray[] doubles = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            doubles[t] = targets[t].castTo(DataType.DOUBLE);
        }
        final Loss inDouble = new Loss(kind, doubles, weights);
        final INDArray y = randomArray(random, 5, 3).castTo(DataType.DOUBLE);
        assertArrayEquals(Floats.of(inDouble.error(y, 7).castTo(DataType.FLOAT)), inDouble.errorValues(y, 7), 0f,
            "a double loss goes through ND4J");
    }

    /**
     * The MSE value of float32 arrays is summed in plain Java: ½ Σ_t w_t Σ (y − target)², each difference in float,
     * each step's sum in double and rounded to float, checked against that sum written out here and against ND4J's
     * float reduction to float rounding; a double loss keeps ND4J's (the same sum in double). A step's sum past the
     * largest float is infinite, as ND4J's was: a diverging float32 run must not look finite.
     */
    @Test
    void mseValueIsTheWeightedSumOfSquaredDifferences()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final int steps = 9;
        final INDArray[] targets = new INDArray[steps];
        final INDArray[] y = new INDArray[steps];
        final double[] weights = new double[steps];
        double expected = 0;
        double nd4j = 0;
        for (int t = 0; t < steps; t++)
        {
            targets[t] = randomArray(random, 7, 3);
            // the prediction a column view of a wider array (strided), as a readout slice may be
            y[t] = randomArray(random, 7, 5).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4));
            weights[t] = t % 3 == 0 ? 0 : 0.25 * t;
            final float[] target = Floats.of(targets[t]);
            final float[] values = Floats.of(y[t]);
            double sum = 0;
            for (int i = 0; i < values.length; i++)
            {
                final float d = values[i] - target[i];
                sum += (double)d * d;
            }
            expected += 0.5 * weights[t] * (float)sum;
            nd4j += 0.5 * weights[t] * y[t].squaredDistance(targets[t]);
        }
        final Loss loss = new Loss(LossKind.MSE, targets, weights);
        assertEquals(expected, loss.value(y), 0.0, "float32: the double sum of float differences, bit for bit");
        assertEquals(nd4j, loss.value(y), 1e-5 * nd4j, "float32: ND4J's float reduction, to float rounding");
        assertEquals(expected, loss.value(y), 0.0, "again, from the cached targets");

        final INDArray[] doubleTargets = new INDArray[steps];
        final INDArray[] doubleY = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            doubleTargets[t] = targets[t].castTo(DataType.DOUBLE);
            doubleY[t] = y[t].castTo(DataType.DOUBLE);
        }
        assertEquals(expected, new Loss(LossKind.MSE, doubleTargets, weights).value(doubleY), 1e-6 * expected,
            "float64 through ND4J (differences in double: the same to float rounding)");

        final INDArray[] huge = y.clone();
        huge[2] = y[2].mul(1e19f); // squares near 1e38: finite in double, their sum past the largest float
        assertEquals(Double.POSITIVE_INFINITY, loss.value(huge), "a sum past the largest float is infinite");

        final INDArray[] wrong = y.clone();
        wrong[1] = randomArray(random, 7, 2);
        assertThrows(IllegalArgumentException.class, () -> loss.value(wrong), "a prediction of another size");
    }
}
