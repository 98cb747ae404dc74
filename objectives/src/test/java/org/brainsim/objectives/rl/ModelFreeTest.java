package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ReadoutLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model-free (habit) objective: SARSA(λ) targets of a hand-computed two-step episode equal Daw's updates, the
 * error reaches the chosen action's value only and matches finite differences of the loss, and actions follow
 * softmax(β·Q).
 */
class ModelFreeTest
{
    private static final int ACTED = PolicyObjective.Feedback.ACTED;
    private static final int END = PolicyObjective.Feedback.EPISODE_END;

    private static ModelFree objective(final int feedback, final int steps, final double gamma, final double lambda,
                                       final double beta, final PolicyObjective.Policy policy, final DoubleSupplier u)
    {
        final ObjectiveContext context = new ObjectiveContext(1, 4, 2, false, 1.0, steps, LossKind.MSE, null)
            .acting(feedback, 0, u);
        return new ModelFree(context, gamma, lambda, beta, policy, 1.0);
    }

    @Test
    void twoDecisionsOfAnEpisodeLearnDawsSarsaLambdaTargets()
    {
        // decisions at steps 0 (stage 1) and 1 (stage 2), answered 1 step later; reward 1 at the second, which ends the
        // episode. Greedy: stage 1 picks action 1 (Q 0.3), stage 2 action 0 (Q 0.8). γ = 1, λ = 0.6:
        // G(stage 2) = r = 1; G(stage 1) = 0 + (1 − λ) · 0.8 + λ · 1 = 0.32 + 0.6 = 0.92 (Daw: (1 − λ) Q2 + λ r).
        final ModelFree mf = objective(1, 4, 1, 0.6, 5, PolicyObjective.Policy.GREEDY, () -> 0.0);
        final float[][] y = {{0.1f, 0.3f}, {0.8f, 0.2f}, {0, 0}, {0, 0}};
        final float[][] r = {{0, 0}, {0, ACTED}, {1, ACTED | END}, {0, 0}};
        mf.startTrial();
        for (int t = 0; t < 4; t++)
        {
            mf.step(t, new StepInputs(y[t], r[t]));
        }
        final double[][] g = mf.targets(4, new int[4][1]);
        assertEquals(0.92, g[0][0], 1e-6);
        assertEquals(1.0, g[1][0], 1e-12);
        assertTrue(Double.isNaN(g[2][0]) && Double.isNaN(g[3][0]));
        final ReadoutLoss loss = mf.endTrial(4).readout();
        assertTrue(loss.judges(0) && loss.judges(1));
        assertFalse(loss.judges(2) || loss.judges(3));
        // error on the chosen value only: Q − G
        assertArrayEquals(new double[] {0, 0.3f - 0.92}, loss.error(row(y[0]), 0).toDoubleVector(), 1e-7);
        assertArrayEquals(new double[] {0.8f - 1.0, 0}, loss.error(row(y[1]), 1).toDoubleVector(), 1e-7);
        // against central differences of the loss in double precision
        final INDArray[] ys = new INDArray[4];
        for (int t = 0; t < 4; t++)
        {
            ys[t] = row(y[t]);
        }
        for (final int t : new int[] {0, 1})
        {
            final double[] analytic = loss.error(ys[t], t).toDoubleVector();
            for (int a = 0; a < 2; a++)
            {
                final double h = 1e-6;
                final double x = ys[t].getDouble(0, a);
                ys[t].putScalar(0, a, x + h);
                final double up = loss.value(ys);
                ys[t].putScalar(0, a, x - h);
                final double down = loss.value(ys);
                ys[t].putScalar(0, a, x);
                assertEquals((up - down) / (2 * h), analytic[a], 1e-8, "step " + t + ", action " + a);
            }
        }
        // the sampled stream's errors are bitwise those the ND4J path gives
        assertArrayEquals(loss.error(ys[0], 0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector(),
            loss.errorValues(ys[0], 0));
    }

    @Test
    void learnsTheActionTheAnswerSaysWasTakenWhenAnotherChose()
    {
        // greedy, it would take action 1 (Q 0.3) at step 0; the answer says 0 was taken (an arbiter chose): the value
        // learned is Q(0) = 0.1, towards the reward 1, which ends the episode
        final ModelFree mf = objective(1, 3, 1, 0.6, 5, PolicyObjective.Policy.GREEDY, () -> 0.0);
        final float[][] y = {{0.1f, 0.3f}, {0, 0}, {0, 0}};
        final float[][] r = {{0, 0}, {1, ACTED | END | (0 + 1) << PolicyObjective.Feedback.TAKEN_SHIFT}, {0, 0}};
        mf.startTrial();
        for (int t = 0; t < 3; t++)
        {
            mf.step(t, new StepInputs(y[t], r[t]));
        }
        final ReadoutLoss loss = mf.endTrial(3).readout();
        assertArrayEquals(new double[] {0.1f - 1.0, 0}, loss.error(row(y[0]), 0).toDoubleVector(), 1e-7);
    }

    @Test
    void actionsFollowTheSoftmaxOfBetaQ()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final ModelFree mf = objective(1, 1, 1, 0.6, 2, PolicyObjective.Policy.SAMPLE, random::nextDouble);
        final int n = 20_000;
        int ones = 0;
        for (int i = 0; i < n; i++)
        {
            mf.startTrial();
            mf.step(0, new StepInputs(new float[] {0.2f, 0.7f}, new float[] {0, 0}));
            ones += mf.action()[1] == 1f ? 1 : 0;
        }
        final double expected = 1 / (1 + Math.exp(-2 * (0.7 - 0.2))); // σ(β ΔQ)
        assertEquals(expected, ones / (double)n, 4 * Math.sqrt(expected * (1 - expected) / n));
    }

    private static INDArray row(final float[] y)
    {
        return Nd4j.create(new double[][] {{y[0], y[1]}});
    }
}
