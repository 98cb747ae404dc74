package org.brainsim.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
