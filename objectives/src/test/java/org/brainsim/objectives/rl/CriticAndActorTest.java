package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ReadoutLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The critic's TD errors as it sends them, step by step, and the λ-returns it learns from, against a hand-computed
 * trial; the actor's advantages from TD errors that arrive a modulator delay late, against the same trial; both losses'
 * readout errors against central finite differences.
 */
class CriticAndActorTest
{
    private static final int ACTED = PolicyObjective.Feedback.ACTED;
    private static final int END = PolicyObjective.Feedback.EPISODE_END;

    private static ObjectiveContext context(final int outputs, final int steps, final int feedback, final int modulator)
    {
        return new ObjectiveContext(1, 4, outputs, false, 1.0, steps, LossKind.MSE, null).acting(feedback, modulator,
            () -> 0.5);
    }

    @Test
    void theCriticSendsItsTdErrorAsSoonAsTheRewardArrivesAndLearnsTheLambdaReturn()
    {
        // V = 0.1, 0.2, 0.4, 0.3; reward 1 arrives at step 2 and ends the episode; γ = 0.5.
        // δ_0 = 0; δ_1 = 0 + 0.5 · 0.2 − 0.1 = 0; δ_2 = 1 − 0.2 = 0.8 (no bootstrap past the end); δ_3 = 0.5 · 0.3 − 0.4
        final TdCritic critic = new TdCritic(context(1, 4, 2, 0), 0.5, 0, 1.0);
        final float[] v = {0.1f, 0.2f, 0.4f, 0.3f};
        final float[][] r = {{0, 0}, {0, 0}, {1, ACTED | END}, {0, 0}};
        final double[] sent = new double[4];
        critic.startTrial();
        for (int k = 0; k < 4; k++)
        {
            critic.step(k, new StepInputs(new float[] {v[k]}, r[k], null));
            sent[k] = critic.modulator()[0];
        }
        assertArrayEquals(new double[] {0, 0.5 * 0.2f - 0.1f, 1 - 0.2f, 0.5 * 0.3f - 0.4f}, sent, 1e-6);
        critic.step(-1, new StepInputs(new float[] {9}, new float[2], null));
        assertEquals(0, critic.modulator()[0], "between trials: nothing");
        // TD(0) targets: G_0 = 0.5 V_1, G_1 = 1 (the episode ends), G_2 = 0.5 V_3, G_3 = 0 (the trial's end)
        final ReadoutLoss loss = critic.endTrial(4).readout();
        final double[] g = {0.5 * 0.2f, 1, 0.5 * 0.3f, 0};
        for (int k = 0; k < 4; k++)
        {
            final INDArray y = Nd4j.create(new double[][] {{v[k]}});
            assertEquals(v[k] - g[k], loss.error(y, k).getDouble(0), 1e-6, "step " + k);
        }
        finiteDifferences(loss, new double[][][] {{{v[0]}}, {{v[1]}}, {{v[2]}}, {{v[3]}}});
    }

    @Test
    void theActorCreditsEachDecisionWithTheTdErrorsThatArriveAboutIt()
    {
        // Two actions, feedback 2, modulator delay 3. Decision at step 0, answered at 2 (episode end). The critic's
        // δ of its step 2 arrives here at step 5; δ's arriving at 3 and 4 are about earlier critic steps and do not
        // count; the one arriving at 6 belongs to the next episode. γλ = 0.5.
        final Actor actor = new Actor(context(2, 8, 2, 3), 1, 0.5, new ActorCriticLoss(0, 0),
            PolicyObjective.Policy.GREEDY, 1.0);
        final float[][] r = {{0, 0}, {0, 0}, {1, ACTED | END}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}};
        final float[] delta = {0, 0, 0, 7, 7, 0.6f, 7, 0};
        actor.startTrial();
        for (int k = 0; k < 8; k++)
        {
            actor.step(k, new StepInputs(new float[] {0.3f, -0.2f}, r[k], new float[] {delta[k]}));
            assertArrayEquals(new float[] {1, 0}, actor.action(), "greedy: the larger logit");
        }
        final ReadoutLoss loss = actor.endTrial(8).readout();
        assertTrue(loss.judges(0));
        for (int k = 1; k < 8; k++)
        {
            assertFalse(loss.judges(k), "step " + k);
        }
        final double[] expected = new double[2];
        new ActorCriticLoss(0, 0).derivative(new double[] {0.3f, -0.2f}, 0, 0, 0.6f, 0, expected);
        assertArrayEquals(expected, loss.error(Nd4j.create(new double[][] {{0.3f, -0.2f}}), 0).ravel().toDoubleVector(),
            1e-7);
    }

    @Test
    void aDecisionWhoseEpisodeRunsOnSumsTheDecayedTdErrorsUntilItEnds()
    {
        // Decisions at 0 and 1 (answered at 1 and 2), the episode ends at 2; modulator delay 1, γλ = 0.5.
        // δ's of critic steps 1, 2, 3 arrive at 2, 3, 4: A_0 = δ_1 + 0.5 δ_2 (stops at the end), A_1 = δ_2.
        final Actor actor = new Actor(context(2, 5, 1, 1), 0.5, 1, new ActorCriticLoss(0, 0),
            PolicyObjective.Policy.GREEDY, 1.0);
        final float[][] r = {{0, 0}, {0, ACTED}, {1, ACTED | END}, {0, 0}, {0, 0}};
        final float[] delta = {0, 0, 0.2f, 0.4f, 9};
        final double[][][] y = new double[5][1][];
        actor.startTrial();
        for (int k = 0; k < 5; k++)
        {
            final float[] logits = {0.1f * k, -0.1f * k};
            y[k][0] = new double[] {logits[0], logits[1]};
            actor.step(k, new StepInputs(logits, r[k], new float[] {delta[k]}));
        }
        final ReadoutLoss loss = actor.endTrial(5).readout();
        final ActorCriticLoss plain = new ActorCriticLoss(0, 0);
        final double[] d0 = new double[2];
        plain.derivative(y[0][0], 0, 0, 0.2f + 0.5 * 0.4f, 0, d0);
        final double[] d1 = new double[2];
        plain.derivative(y[1][0], 0, 0, 0.4f, 0, d1);
        assertArrayEquals(d0, loss.error(Nd4j.create(y[0]), 0).ravel().toDoubleVector(), 1e-7);
        assertArrayEquals(d1, loss.error(Nd4j.create(y[1]), 1).ravel().toDoubleVector(), 1e-7);
        finiteDifferences(loss, y);
    }

    @Test
    void aFadingEligibilityWeighsEachTdErrorByTheTimeFromTheDecisionToItsArrival()
    {
        // As above, with τ_e = 4 ms at dt = 1 ms: δ's of critic steps 1 and 2 reach the decision of step 0 at steps 2
        // and 3, the decision of step 1 at 3: A_0 = e^(−2/4) δ_1 + 0.5 e^(−3/4) δ_2, A_1 = e^(−2/4) δ_2.
        final Actor actor = new Actor(context(2, 5, 1, 1), 0.5, 1, new ActorCriticLoss(0, 0),
            PolicyObjective.Policy.GREEDY, 1.0).fading(4.0);
        final float[][] r = {{0, 0}, {0, ACTED}, {1, ACTED | END}, {0, 0}, {0, 0}};
        final float[] delta = {0, 0, 0.2f, 0.4f, 9};
        final double[][][] y = new double[5][1][];
        actor.startTrial();
        for (int k = 0; k < 5; k++)
        {
            final float[] logits = {0.1f * k, -0.1f * k};
            y[k][0] = new double[] {logits[0], logits[1]};
            actor.step(k, new StepInputs(logits, r[k], new float[] {delta[k]}));
        }
        final ReadoutLoss loss = actor.endTrial(5).readout();
        final ActorCriticLoss plain = new ActorCriticLoss(0, 0);
        final double[] d0 = new double[2];
        plain.derivative(y[0][0], 0, 0, Math.exp(-0.5) * 0.2f + 0.5 * Math.exp(-0.75) * 0.4f, 0, d0);
        final double[] d1 = new double[2];
        plain.derivative(y[1][0], 0, 0, Math.exp(-0.5) * 0.4f, 0, d1);
        assertArrayEquals(d0, loss.error(Nd4j.create(y[0]), 0).ravel().toDoubleVector(), 1e-7);
        assertArrayEquals(d1, loss.error(Nd4j.create(y[1]), 1).ravel().toDoubleVector(), 1e-7);
        finiteDifferences(loss, y);
    }

    private static void finiteDifferences(final ReadoutLoss loss, final double[][][] y)
    {
        final INDArray[] ys = Arrays.stream(y).map(Nd4j::create).toArray(INDArray[]::new);
        final double h = 1e-6;
        for (int t = 0; t < ys.length; t++)
        {
            final double[] analytic = loss.error(ys[t], t).ravel().toDoubleVector();
            for (int k = 0; k < analytic.length; k++)
            {
                final double keep = ys[t].getDouble(0, k);
                ys[t].putScalar(0, k, keep + h);
                final double up = loss.value(ys);
                ys[t].putScalar(0, k, keep - h);
                final double down = loss.value(ys);
                ys[t].putScalar(0, k, keep);
                assertEquals((up - down) / (2 * h), analytic[k], 1e-7, "step " + t + " unit " + k);
            }
        }
    }
}
