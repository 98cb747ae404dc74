package org.brainsim.objectives;

import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The objective terms against central finite differences in double precision (their learning signals are the
 * derivatives of their losses), and a region's weighted terms summed as its rule sees them.
 */
class ObjectiveTermsTest
{
    private static INDArray[] sequence(final int steps, final long seed)
    {
        Nd4j.getRandom().setSeed(seed);
        final INDArray[] y = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            y[t] = Nd4j.randn(DataType.DOUBLE, 3, 2);
        }
        return y;
    }

    /**
     * Asserts that {@code loss.error} is the derivative of {@code loss.value} at every entry of {@code y} (central
     * differences, step 1e-6), to {@code tolerance}.
     */
    static void assertErrorIsTheDerivative(final ReadoutLoss loss, final INDArray[] y, final double tolerance)
    {
        for (int t = 0; t < y.length; t++)
        {
            final INDArray err = loss.error(y[t], t);
            for (long i = 0; i < y[t].length(); i++)
            {
                final double v = y[t].getDouble(i);
                final double h = 1e-6;
                y[t].putScalar(i, v + h);
                final double up = loss.value(y);
                y[t].putScalar(i, v - h);
                final double down = loss.value(y);
                y[t].putScalar(i, v);
                assertEquals((up - down) / (2 * h), err.getDouble(i), tolerance, "step " + t + " entry " + i);
            }
        }
    }

    @Test
    void theReadoutL2SignalIsItsDerivative()
    {
        final ReadoutL2 l2 = new ReadoutL2(0.3);
        final INDArray[] y = sequence(4, 1);
        assertErrorIsTheDerivative(l2, y, 1e-7);
        double sum = 0;
        for (final double r : l2.rowValues(y))
        {
            sum += r;
        }
        assertEquals(l2.value(y), sum, 1e-12, "the rows add up to the whole");
    }

    @Test
    void weightedTermsAddUpAsTheRuleSeesThem()
    {
        final INDArray[] y = sequence(5, 2);
        final INDArray[] targets = sequence(5, 3);
        final double[] window = {0, 1, 1, 0, 1};
        final ObjectiveContext context = new ObjectiveContext(3, 10, 2, false, 1.0, 5, LossKind.MSE);
        final Supervised supervised = new Supervised(LossKind.MSE, Supervised.Reduction.SUM, 0.5, context);
        final Objective l2 = ReadoutL2.TYPE.create(context, ParamValues.EMPTY, 0.2);
        final RegionObjectives region = new RegionObjectives(List.of(supervised, l2));
        region.startTrial();
        final float[][] rows = new float[5][];
        for (int t = 0; t < 5; t++)
        {
            final int step = t;
            rows[t] = targets[t].castTo(DataType.FLOAT).data().asFloat();
            region.step(t, new ObjectiveInputs()
            {
                @Override
                public float[] readout()
                {
                    return y[step].castTo(DataType.FLOAT).data().asFloat();
                }

                @Override
                public float[] activity()
                {
                    return new float[30];
                }

                @Override
                public float[] target()
                {
                    return rows[step];
                }

                @Override
                public float[] inbound(final int link)
                {
                    throw new AssertionError("no inbound link is read");
                }

                @Override
                public double window()
                {
                    return window[step];
                }
            });
        }
        final TrialLoss loss = region.endTrial(5);
        assertNull(loss.activity(), "no activity term");
        final double expectedValue = 0.5 * new Supervised(LossKind.MSE, Supervised.Reduction.SUM)
            .loss(castAll(targets), window).value(castAll(y)) + new ReadoutL2(0.2).value(castAll(y));
        assertEquals(expectedValue, loss.readout().value(castAll(y)), 1e-5);
        final TrialScores scores = region.score(castAll(y), new INDArray[0], 1.0);
        assertEquals(2, scores.terms().length);
        assertEquals(scores.terms()[0], scores.loss(), 0.0, "the task loss leaves the regulariser out");
        assertTrue(scores.terms()[1] > 0);
        // the summed signal is the sum of the terms' signals
        final INDArray yt = castAll(y)[2];
        assertArrayEquals(yt.sub(castAll(targets)[2]).muli(0.5).addi(yt.mul(0.2)).data().asFloat(),
            loss.error(yt, 2).data().asFloat(), 1e-6f);
    }

    private static INDArray[] castAll(final INDArray[] a)
    {
        final INDArray[] out = new INDArray[a.length];
        for (int t = 0; t < a.length; t++)
        {
            out[t] = a[t].castTo(DataType.FLOAT);
        }
        return out;
    }

    @Test
    void floatSpikesAreCountedAsTheDoublePathCountsThem()
    {
        Nd4j.getRandom().setSeed(3);
        final INDArray all = Nd4j.rand(DataType.FLOAT, 40, 5, 7).lt(0.3).castTo(DataType.FLOAT);
        final INDArray[] zFloat = new INDArray[40];
        final INDArray[] zDouble = new INDArray[40];
        for (int t = 0; t < 40; t++)
        {
            zFloat[t] = all.get(org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
            zDouble[t] = zFloat[t].castTo(DataType.DOUBLE);
        }
        final FiringRate reg = new FiringRate(0.7, 12);
        assertEquals(reg.value(zDouble, 1.0), reg.value(zFloat, 1.0), 1e-6 * reg.value(zDouble, 1.0));
        assertArrayEquals(reg.derivative(zDouble, 1.0).data().asDouble(),
            reg.derivative(zFloat, 1.0).castTo(DataType.DOUBLE).data().asDouble(), 1e-6);
    }

    @Test
    void aLossJudgesOnlyTheStepsItWeighs()
    {
        final INDArray[] y = sequence(4, 11);
        final Loss loss = new Loss(LossKind.MSE, sequence(4, 12), new double[] {0, 1, 0, 0.5});
        for (int t = 0; t < 4; t++)
        {
            assertEquals(loss.weight(t) != 0, loss.judges(t), "step " + t);
            if (!loss.judges(t))
            {
                assertEquals(0.0, loss.error(y[t], t).norm2Number().doubleValue(), "an unjudged step has no error");
            }
        }
        assertTrue(ReadoutLoss.sum(loss, ReadoutLoss.NONE).judges(1));
        assertTrue(!ReadoutLoss.NONE.judges(0));
    }
}
