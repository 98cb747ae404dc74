package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ReadoutLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model-based (goal-directed) objective: it plans over the model its readout holds (Daw's first-stage values of a
 * two-step model it is handed), learns each decision's outcome and reward on that decision's block at every step (against
 * finite differences of its loss), and refuses an observation that is not one state.
 */
class ModelBasedTest
{
    private static final int ACTED = PolicyObjective.Feedback.ACTED;
    private static final int END = PolicyObjective.Feedback.EPISODE_END;
    private static final int STATES = 3;
    private static final int WIDTH = ModelBased.blockWidth(2, STATES); // 30

    /** One step: the readout, the observation (link 0) and the reward link's row. */
    private record Inputs(float[] readout, float[] observation, float[] reward) implements ObjectiveInputs
    {
        @Override
        public float[] activity()
        {
            return new float[0];
        }

        @Override
        public float[] target()
        {
            return null;
        }

        @Override
        public float[] inbound(final int link)
        {
            assertEquals(0, link);
            return observation;
        }

        @Override
        public double window()
        {
            return 1;
        }
    }

    private static ModelBased objective(final int feedback, final int steps)
    {
        final ObjectiveContext context = new ObjectiveContext(1, 4, WIDTH, false, 1.0, steps, LossKind.MSE, null)
            .acting(feedback, 0, () -> 0.0).observing(0);
        return new ModelBased(context, STATES, 1, 2, 0, 5, PolicyObjective.Policy.GREEDY, 1.0);
    }

    /** A readout holding the two-step model: transitions 0.7/0.3 from state 0, the end from 1 and 2, rewards r. */
    private static float[] twoStepReadout(final double[][] r)
    {
        final float[] y = new float[WIDTH];
        for (int s = 0; s < STATES; s++)
        {
            for (int a = 0; a < 2; a++)
            {
                final int at = (s * 2 + a) * (STATES + 2);
                final double[] p = new double[STATES + 1];
                if (s == 0)
                {
                    p[1] = a == 0 ? 0.7 : 0.3;
                    p[2] = 1 - p[1];
                }
                else
                {
                    p[STATES] = 1;
                }
                for (int o = 0; o <= STATES; o++)
                {
                    y[at + o] = (float)Math.log(Math.max(p[o], 1e-30));
                }
                y[at + STATES + 1] = (float)r[s][a];
            }
        }
        return y;
    }

    private static float[] state(final int s)
    {
        final float[] obs = new float[8];
        if (s >= 0)
        {
            obs[s] = 1;
        }
        return obs;
    }

    @Test
    void plansOverTheModelItsReadoutHolds()
    {
        final ModelBased mb = objective(1, 2);
        // Q_MB = (0.7 · 0.6 + 0.3 · 0.8, 0.3 · 0.6 + 0.7 · 0.8) = (0.66, 0.74): greedy takes 1
        mb.startTrial();
        mb.step(0, new Inputs(twoStepReadout(new double[][] {{0, 0}, {0.6, 0.3}, {0.2, 0.8}}), state(0),
            new float[] {0, 0}));
        assertArrayEquals(new float[] {0, 1}, mb.action());
        assertEquals(0.7, mb.transitions()[0][0][1], 1e-6);
        // the second state pays more on its own choice 0 now: 0.7 · 0.9 + 0.3 · 0.8 > 0.3 · 0.9 + 0.7 · 0.8
        mb.step(1, new Inputs(twoStepReadout(new double[][] {{0, 0}, {0.9, 0.3}, {0.2, 0.8}}), state(0),
            new float[] {0, 0}));
        assertArrayEquals(new float[] {1, 0}, mb.action());
    }

    @Test
    void learnsEachDecisionsOutcomeAndRewardAtEveryStep()
    {
        // decisions at 0 (state 0, answered at 1) and 2 (state 2, answered at 3 with reward 1 and the end)
        final ModelBased mb = objective(1, 5);
        final float[] y = twoStepReadout(new double[][] {{0, 0}, {0.6, 0.3}, {0.2, 0.8}});
        final int[] states = {0, 0, 2, 2, -1};
        final float[][] answers = {{0, 0}, {0, ACTED}, {0, 0}, {1, ACTED | END}, {0, 0}};
        mb.startTrial();
        for (int t = 0; t < 5; t++)
        {
            mb.step(t, new Inputs(y, state(states[t]), answers[t]));
        }
        // greedy: 1 in state 0 (0.74 > 0.66), 1 in state 2 (0.8 > 0.2)
        final List<ModelBased.Lesson> lessons = mb.lessons(5).get(0);
        assertEquals(List.of(new ModelBased.Lesson(0, 1, 2, 0), new ModelBased.Lesson(2, 1, STATES, 1)), lessons);
        final ReadoutLoss loss = mb.endTrial(5).readout();
        final INDArray[] ys = new INDArray[5];
        for (int t = 0; t < 5; t++)
        {
            final double[][] row = new double[1][WIDTH];
            for (int i = 0; i < WIDTH; i++)
            {
                row[0][i] = y[i] + 0.01 * ((i * 7 + t) % 5 - 2); // a different readout at every step
            }
            ys[t] = Nd4j.create(row);
        }
        for (int t = 0; t < 5; t++)
        {
            assertTrue(loss.judges(t), "every step of the trial learns the model");
            final double[] analytic = loss.error(ys[t], t).toDoubleVector();
            for (int i = 0; i < WIDTH; i++)
            {
                final double h = 1e-6;
                final double x = ys[t].getDouble(0, i);
                ys[t].putScalar(0, i, x + h);
                final double up = loss.value(ys);
                ys[t].putScalar(0, i, x - h);
                final double down = loss.value(ys);
                ys[t].putScalar(0, i, x);
                assertEquals((up - down) / (2 * h), analytic[i], 1e-7, "step " + t + ", unit " + i);
            }
            // only the two decisions' blocks: (0, 1) and (2, 1)
            for (int i = 0; i < WIDTH; i++)
            {
                final int block = i / (STATES + 2);
                if (block != 1 && block != 5)
                {
                    assertEquals(0, analytic[i], 0, "unit " + i);
                }
            }
        }
    }

    @Test
    void learnsTheActionTheAnswerSaysWasTakenAndOffersItsValues()
    {
        // greedy, it would take 1 in state 0 (0.74 > 0.66); the answer says an arbiter took 0
        final ModelBased mb = objective(1, 3);
        final float[] y = twoStepReadout(new double[][] {{0, 0}, {0.6, 0.3}, {0.2, 0.8}});
        mb.startTrial();
        mb.step(0, new Inputs(y, state(0), new float[] {0, 0}));
        assertArrayEquals(new float[] {0, 1}, mb.action());
        // its values: Daw's Q_MB; their variances: the prior 1 of every reward, carried through the model
        assertArrayEquals(new float[] {0.66f, 0.74f, 1 + 0.58f, 1 + 0.58f}, mb.values(), 1e-6f);
        mb.step(1, new Inputs(y, state(1), new float[] {0, ACTED | (0 + 1) << PolicyObjective.Feedback.TAKEN_SHIFT}));
        mb.step(2, new Inputs(y, state(-1), new float[] {0, 0}));
        // the taken action's lesson; no later decision in the trial says where it led, so only its reward is learned
        assertEquals(List.of(new ModelBased.Lesson(0, 0, -1, 0)), mb.lessons(3).get(0));
    }

    @Test
    void refusesAnObservationOfTwoStates()
    {
        final ModelBased mb = objective(1, 2);
        final float[] obs = state(0);
        obs[2] = 1;
        mb.startTrial();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> mb.step(0, new Inputs(new float[WIDTH], obs, new float[] {0, 0})));
        assertTrue(ex.getMessage().contains("history = false"), ex.getMessage());
    }
}
