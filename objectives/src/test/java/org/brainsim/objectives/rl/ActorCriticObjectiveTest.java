package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ReadoutLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The actor-critic objective in a region: decisions found where the reward link answers them, feedbackSteps later;
 * advantages and returns of a hand-computed trial; its readout error against central finite differences of its loss
 * in double precision; and actions drawn from the policy with the region's stream.
 */
class ActorCriticObjectiveTest
{
    private static final int ACTED = ActorCritic.Feedback.ACTED;
    private static final int END = ActorCritic.Feedback.EPISODE_END;

    private static ActorCritic objective(
        final int batch, final int actions, final int feedback, final int steps, final double gamma,
        final double lambda, final ActorCriticLoss loss, final ActorCritic.Policy policy, final DoubleSupplier draws)
    {
        final ObjectiveContext context = new ObjectiveContext(batch, 4, actions + 1, false, 1.0, steps, LossKind.MSE,
            null).acting(feedback, 0, draws);
        return new ActorCritic(context, gamma, lambda, loss, policy, 1.0);
    }

    @Test
    void advantagesAndReturnsOfAHandComputedTrialLandOnTheDecisionSteps()
    {
        // One row, two actions, outcomes 2 steps after the step they answer. Decisions at steps 0 and 2 (answered at 2
        // and 4); rewards 0 then 1, the episode ends with the second. V(0) = 0.2, V(2) = 0.6; γ = 0.5, λ = 1:
        // A(2) = 1 − 0.6 = 0.4, R(2) = 1; A(0) = 0 + 0.5 · 0.6 − 0.2 + 0.5 · 0.4 = 0.3, R(0) = 0.5.
        final ActorCriticLoss loss = new ActorCriticLoss(0.5, 0);
        final ActorCritic ac = objective(1, 2, 2, 6, 0.5, 1, loss, ActorCritic.Policy.GREEDY, () -> 0.0);
        final float[][] y = {{1, 0, 0.2f}, {0, 0, 0.9f}, {0, 2, 0.6f}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        final float[][] r = {{0, 0}, {0, 0}, {0, ACTED}, {0, 0}, {1, ACTED | END}, {0, 0}};
        ac.startTrial();
        for (int t = 0; t < 6; t++)
        {
            ac.step(t, new StepInputs(y[t], r[t]));
        }
        final ReadoutLoss readout = ac.endTrial(6).readout();
        final INDArray[] ys = new INDArray[6];
        for (int t = 0; t < 6; t++)
        {
            ys[t] = Nd4j.create(new double[][] {Arrays.copyOf(toDouble(y[t]), 3)});
        }
        assertTrue(readout.judges(0) && readout.judges(2));
        assertFalse(readout.judges(1) || readout.judges(3) || readout.judges(4) || readout.judges(5));
        // greedy: step 0 chose action 0 (logit 1), step 2 action 1 (logit 2)
        final double[] expected0 = new double[2];
        final double dV0 = loss.derivative(new double[] {1, 0}, 0.2f, 0, 0.3, 0.5, expected0);
        final double[] expected2 = new double[2];
        final double dV2 = loss.derivative(new double[] {0, 2}, 0.6f, 1, 0.4, 1.0, expected2);
        assertArrayEquals(new double[] {expected0[0], expected0[1], dV0}, readout.error(ys[0], 0).toDoubleVector(),
            1e-7);
        assertArrayEquals(new double[] {expected2[0], expected2[1], dV2}, readout.error(ys[2], 2).toDoubleVector(),
            1e-7);
        assertArrayEquals(new double[3], readout.error(ys[1], 1).toDoubleVector(), 0);
        final double value = loss.value(new double[] {1, 0}, 0.2f, 0, 0.3, 0.5) +
            loss.value(new double[] {0, 2}, 0.6f, 1, 0.4, 1.0);
        assertEquals(value, readout.value(ys), 1e-7);
    }

    @Test
    void itsReadoutErrorIsTheGradientOfItsLoss()
    {
        final int batch = 3;
        final int actions = 3;
        final int steps = 7;
        final int feedback = 1;
        final SplittableRandom random = new SplittableRandom(5);
        final ActorCritic ac = objective(batch, actions, feedback, steps, 0.9, 0.7, new ActorCriticLoss(0.3, 0.2),
            ActorCritic.Policy.SAMPLE, random::nextDouble);
        final double[][][] y = new double[steps][batch][actions + 1];
        ac.startTrial();
        for (int t = 0; t < steps; t++)
        {
            final float[] readout = new float[batch * (actions + 1)];
            final float[] reward = new float[batch * 2];
            for (int b = 0; b < batch; b++)
            {
                for (int k = 0; k <= actions; k++)
                {
                    y[t][b][k] = (float)random.nextGaussian();
                    readout[b * (actions + 1) + k] = (float)y[t][b][k];
                }
                if (t >= feedback && random.nextDouble() < 0.6)
                {
                    reward[b * 2] = (float)random.nextGaussian();
                    reward[b * 2 + 1] = ACTED | (random.nextDouble() < 0.3 ? END : 0);
                }
            }
            ac.step(t, new StepInputs(readout, reward));
        }
        final ReadoutLoss loss = ac.endTrial(steps).readout();
        final INDArray[] ys = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            ys[t] = Nd4j.create(y[t]).castTo(DataType.DOUBLE);
        }
        final double h = 1e-6;
        int judged = 0;
        for (int t = 0; t < steps; t++)
        {
            final double[] analytic = loss.error(ys[t], t).ravel().toDoubleVector();
            judged += loss.judges(t) ? 1 : 0;
            for (int b = 0; b < batch; b++)
            {
                for (int k = 0; k <= actions; k++)
                {
                    final double keep = ys[t].getDouble(b, k);
                    ys[t].putScalar(b, k, keep + h);
                    final double up = loss.value(ys);
                    ys[t].putScalar(b, k, keep - h);
                    final double down = loss.value(ys);
                    ys[t].putScalar(b, k, keep);
                    assertEquals((up - down) / (2 * h), analytic[b * (actions + 1) + k], 1e-7,
                        "step " + t + " row " + b + " unit " + k);
                }
            }
        }
        assertTrue(judged >= 3, "decisions were found: " + judged);
    }

    @Test
    void errorValuesAreItsErrorRoundedOnceToFloatWhateverTheLayoutOfTheReadout()
    {
        final int batch = 4;
        final int actions = 2;
        final int steps = 9;
        final int width = actions + 1;
        final SplittableRandom random = new SplittableRandom(8);
        final ActorCritic ac = objective(batch, actions, 1, steps, 0.9, 0.8, new ActorCriticLoss(0.5, 0.05),
            ActorCritic.Policy.SAMPLE, random::nextDouble);
        final float[][] y = new float[steps][batch * width];
        ac.startTrial();
        for (int t = 0; t < steps; t++)
        {
            final float[] reward = new float[batch * 2];
            for (int i = 0; i < y[t].length; i++)
            {
                y[t][i] = (float)random.nextGaussian();
            }
            for (int b = 0; t >= 1 && b < batch; b++)
            {
                reward[b * 2] = random.nextDouble() < 0.5 ? 1 : 0;
                reward[b * 2 + 1] = random.nextDouble() < 0.7 ? ACTED : 0;
            }
            ac.step(t, new StepInputs(y[t], reward));
        }
        final ReadoutLoss loss = ac.endTrial(steps).readout();
        int judged = 0;
        for (int t = 0; t < steps; t++)
        {
            final INDArray dense = Nd4j.create(y[t], new long[] {batch, width}, 'c');
            // the same values as columns 1 … width of a wider array: a view that is not dense row-major
            final INDArray wide = Nd4j.zeros(DataType.FLOAT, batch, width + 2);
            wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, width + 1)).assign(dense);
            final INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, width + 1));
            final float[] values = loss.errorValues(dense, t);
            final float[] viaError = org.brainsim.objectives.Floats.of(loss.error(dense, t));
            final float[] viaDouble = org.brainsim.objectives.Floats.of(
                loss.error(dense.castTo(DataType.DOUBLE), t).castTo(DataType.FLOAT));
            for (int i = 0; i < values.length; i++)
            {
                final String at = "step " + t + " element " + i;
                assertEquals(Float.floatToRawIntBits(viaError[i]), Float.floatToRawIntBits(values[i]), at);
                assertEquals(Float.floatToRawIntBits(viaDouble[i]), Float.floatToRawIntBits(values[i]), at);
                assertEquals(Float.floatToRawIntBits(loss.errorValues(view, t)[i]), Float.floatToRawIntBits(values[i]),
                    at);
            }
            judged += loss.judges(t) ? 1 : 0;
            if (!loss.judges(t))
            {
                assertArrayEquals(new float[batch * width], values, "step " + t);
            }
        }
        assertTrue(judged >= 4, "decisions were found: " + judged);
        final INDArray narrow = Nd4j.zeros(DataType.FLOAT, batch, width - 1);
        final int decision = java.util.stream.IntStream.range(0, steps).filter(loss::judges).findFirst().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> loss.errorValues(narrow, decision),
            "a readout of another width");
    }

    @Test
    void actionsAreDrawnFromThePolicyWithTheRegionsStream()
    {
        final int steps = 20_000;
        final float[] logits = {(float)Math.log(0.2), (float)Math.log(0.8), 0};
        final int[] counts = new int[2];
        final int[][] runs = new int[2][steps];
        for (int run = 0; run < 2; run++)
        {
            final ActorCritic ac = objective(1, 2, 1, steps, 0.9, 1, new ActorCriticLoss(0, 0),
                ActorCritic.Policy.SAMPLE, new SplittableRandom(11)::nextDouble);
            ac.startTrial();
            for (int t = 0; t < steps; t++)
            {
                ac.step(t, new StepInputs(logits, new float[2]));
                final float[] a = ac.action();
                assertEquals(1f, a[0] + a[1], "one-hot");
                runs[run][t] = a[1] == 1f ? 1 : 0;
                counts[runs[run][t]] += run == 0 ? 1 : 0;
            }
        }
        assertArrayEquals(runs[0], runs[1], "the same stream, the same actions");
        // 0.8 ± 4 standard errors (sd of the share: sqrt(0.16 / 20000) = 0.0028)
        assertEquals(0.8, counts[1] / (double)steps, 0.012);
        final ActorCritic greedy = objective(1, 2, 1, 1, 0.9, 1, new ActorCriticLoss(0, 0), ActorCritic.Policy.GREEDY,
            () -> { throw new AssertionError("greedy draws nothing"); });
        greedy.startTrial();
        greedy.step(0, new StepInputs(logits, new float[2]));
        assertArrayEquals(new float[] {0, 1}, greedy.action());
        greedy.step(-1, new StepInputs(logits, new float[2]));
        assertArrayEquals(new float[] {0, 0}, greedy.action(), "between trials: no action");
    }

    private static double[] toDouble(final float[] v)
    {
        final double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++)
        {
            d[i] = v[i];
        }
        return d;
    }
}
