package org.brainsim.objectives;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The predictive objective: its Bernoulli loss against central finite differences in double precision, the
 * per-step prediction error it emits (the readout of h steps before against what arrives now), the trial loss it
 * hands the rule (each step's readout against what arrived h steps later), and its block of a region's readout
 * beside a supervised term.
 */
class PredictiveTest
{
    private static final int BATCH = 2;

    /** A step as a region hands it over: readout, own activity and one inbound link. */
    private record Step(float[] readout, float[] activity, float[] link, float[] target) implements ObjectiveInputs
    {
        @Override
        public float[] inbound(final int l)
        {
            if (l != 0)
            {
                throw new AssertionError("link " + l);
            }
            return link;
        }

        @Override
        public double window()
        {
            return 1;
        }
    }

    private static float[] random(final Random r, final int n, final boolean spikes)
    {
        final float[] v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = spikes ? (r.nextDouble() < 0.3 ? 1f : 0f) : (float)r.nextGaussian();
        }
        return v;
    }

    @Test
    void theBernoulliErrorIsTheDerivativeOfItsLoss()
    {
        Nd4j.getRandom().setSeed(3);
        final int steps = 4;
        final INDArray[] y = new INDArray[steps];
        final INDArray[] x = new INDArray[steps];
        final Random r = new Random(5);
        for (int t = 0; t < steps; t++)
        {
            y[t] = Nd4j.randn(DataType.DOUBLE, BATCH, 3).muli(3); // logits far from 0 too
            x[t] = Nd4j.create(random(r, BATCH * 3, true), new long[] {BATCH, 3}).castTo(DataType.DOUBLE);
        }
        final Loss loss = new Loss(LossKind.BERNOULLI, x, new double[] {0.5, 1, 0, 2});
        ObjectiveTermsTest.assertErrorIsTheDerivative(loss, y, 1e-8);
        double rows = 0;
        for (final double v : loss.rowValues(y))
        {
            rows += v;
        }
        assertEquals(loss.value(y), rows, 1e-12, "the rows add up to the whole");
        // a confident, right prediction costs almost nothing; a confident, wrong one costs its logit
        final Loss one = Loss.everyStep(LossKind.BERNOULLI, new INDArray[] {Nd4j.ones(DataType.DOUBLE, 1, 1)});
        assertEquals(0, one.value(new INDArray[] {Nd4j.valueArrayOf(new long[] {1, 1}, 40.0)}), 1e-15);
        assertEquals(40, one.value(new INDArray[] {Nd4j.valueArrayOf(new long[] {1, 1}, -40.0)}), 1e-12);
    }

    @ParameterizedTest(name = "horizon {0}, {1}")
    @CsvSource({"1, MSE", "3, MSE", "1, BERNOULLI", "3, BERNOULLI"})
    void itEmitsTheErrorOfThePredictionMadeHorizonStepsBefore(final int horizon, final LossKind kind)
    {
        final int width = 3;
        final int steps = 9;
        final boolean spikes = kind == LossKind.BERNOULLI;
        final ObjectiveContext context = new ObjectiveContext(BATCH, 5, width, false, 1.0, steps, LossKind.MSE,
            new Prediction(0, width, spikes, horizon));
        final Predictive p = new Predictive(context.prediction(), kind, Supervised.Reduction.SUM, 0.5, context);
        final Random r = new Random(horizon);
        final float[][] y = new float[steps][];
        final float[][] x = new float[steps][];
        p.startTrial();
        for (int k = 0; k < steps; k++)
        {
            y[k] = random(r, BATCH * width, false);
            x[k] = random(r, BATCH * width, spikes);
            p.step(k, new Step(y[k], new float[BATCH * 5], x[k], null));
            final float[] expected = new float[BATCH * width];
            if (k >= horizon)
            {
                for (int i = 0; i < expected.length; i++)
                {
                    final float prediction = spikes ? (float)(1 / (1 + Math.exp(-y[k - horizon][i]))) : y[k - horizon][i];
                    expected[i] = prediction - x[k][i];
                }
            }
            assertArrayEquals(expected, p.signal(), "step " + k);
        }
        // between trials it emits nothing
        p.step(-1, new Step(y[0], new float[BATCH * 5], x[0], null));
        assertArrayEquals(new float[BATCH * width], p.signal());

        // the trial's loss: the readout at t against what arrived at t + h, for t < T − h
        final TrialTerm term = p.endTrial(steps);
        final INDArray[] yt = new INDArray[steps];
        double expected = 0;
        for (int t = 0; t < steps; t++)
        {
            yt[t] = Nd4j.create(y[t], new long[] {BATCH, width});
            if (t + horizon < steps)
            {
                for (int i = 0; i < BATCH * width; i++)
                {
                    final double v = y[t][i];
                    final double target = x[t + horizon][i];
                    expected += 0.5 * (spikes ? Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - target * v :
                        0.5 * (v - target) * (v - target));
                }
            }
        }
        assertEquals(expected, term.value(yt, null, 1.0), 1e-5);
        for (int t = 0; t < steps; t++)
        {
            final float[] err = term.readout().error(yt[t], t).data().asFloat();
            for (int i = 0; i < err.length; i++)
            {
                final double want = t + horizon < steps ? 0.5 * ((spikes ? 1 / (1 + Math.exp(-y[t][i])) : y[t][i]) -
                    x[t + horizon][i]) : 0;
                assertEquals(want, err[i], 1e-6, "error, step " + t);
            }
        }
    }

    @Test
    void itPredictsTheRegionsOwnActivityWithSelf()
    {
        final ObjectiveContext context = new ObjectiveContext(1, 2, 2, true, 1.0, 4, LossKind.MSE,
            new Prediction(Prediction.SELF, 2, true, 1));
        final Objective p = Predictive.TYPE.create(context, org.brainsim.settings.ParamValues.defaults(
            Predictive.TYPE.params()), 1.0);
        p.startTrial();
        p.step(0, new Step(new float[] {0, 0}, new float[] {1, 0}, null, null));
        p.step(1, new Step(new float[] {0, 0}, new float[] {0, 1}, null, null));
        assertArrayEquals(new float[] {0.5f, -0.5f}, p.signal(), "σ(0) − z_1");
    }

    @Test
    void aSupervisedAndAPredictiveTermShareTheReadoutInBlocks()
    {
        final int outputs = 2;
        final int width = 3;
        final int steps = 5;
        final ObjectiveContext context = new ObjectiveContext(BATCH, 4, outputs + width, false, 1.0, steps,
            LossKind.MSE);
        final Supervised supervised = new Supervised(LossKind.MSE, Supervised.Reduction.SUM, 1.0,
            context.forTerm(outputs, null));
        final Prediction what = new Prediction(0, width, false, 2);
        final Predictive predictive = new Predictive(what, LossKind.MSE, Supervised.Reduction.SUM, 1.0,
            context.forTerm(width, what));
        final RegionObjectives region = new RegionObjectives(List.of(supervised, predictive),
            List.of(new RegionObjectives.Block(0, outputs), new RegionObjectives.Block(outputs, width)),
            outputs + width, BATCH);
        assertEquals(outputs + width, region.signalWidth(), "the errors side by side");
        final Random r = new Random(9);
        final float[][] y = new float[steps][];
        final float[][] x = new float[steps][];
        final float[][] target = new float[steps][];
        region.startTrial();
        for (int k = 0; k < steps; k++)
        {
            y[k] = random(r, BATCH * (outputs + width), false);
            x[k] = random(r, BATCH * width, false);
            target[k] = random(r, BATCH * outputs, false);
            region.step(k, new Step(y[k], new float[BATCH * 4], x[k], target[k]));
            final float[] signal = region.signal();
            for (int b = 0; b < BATCH; b++)
            {
                for (int j = 0; j < outputs; j++)
                {
                    assertEquals(y[k][b * 5 + j] - target[k][b * outputs + j], signal[b * 5 + j], 0f, "supervised");
                }
                for (int j = 0; j < width; j++)
                {
                    final float want = k >= 2 ? y[k - 2][b * 5 + outputs + j] - x[k][b * width + j] : 0f;
                    assertEquals(want, signal[b * 5 + outputs + j], 0f, "predictive");
                }
            }
        }
        final TrialLoss loss = region.endTrial(steps);
        final INDArray[] yt = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            yt[t] = Nd4j.create(y[t], new long[] {BATCH, outputs + width});
        }
        final INDArray err = loss.error(yt[1], 1);
        for (int b = 0; b < BATCH; b++)
        {
            for (int j = 0; j < outputs; j++)
            {
                assertEquals(y[1][b * 5 + j] - target[1][b * outputs + j], err.getFloat(b, j), 1e-6f);
            }
            for (int j = 0; j < width; j++)
            {
                assertEquals(y[1][b * 5 + outputs + j] - x[3][b * width + j], err.getFloat(b, outputs + j), 1e-6f);
            }
        }
        final TrialScores scores = region.score(yt, new INDArray[0], 1.0);
        assertEquals(2, scores.terms().length);
        assertEquals(scores.terms()[0] + scores.terms()[1], scores.loss(), 1e-12);
        assertEquals(loss.readout().value(yt), scores.loss(), 1e-9, "the rule and the scores see one loss");
    }

    @Test
    void itRefusesAReadoutBlockThatDoesNotFitWhatItPredicts()
    {
        final ObjectiveContext context = new ObjectiveContext(1, 2, 4, false, 1.0, 4, LossKind.MSE,
            new Prediction(0, 3, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new Predictive(context.prediction(), LossKind.MSE,
            Supervised.Reduction.SUM, 1, context));
        assertThrows(IllegalArgumentException.class, () -> new Prediction(0, 3, false, 0), "horizon 0");
    }
}
