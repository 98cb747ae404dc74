package org.brainsim.objectives.rl;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code objective = reward}: each row's loss is minus its weighted summed reward over the trial (steps between
 * trials left out, every trial starting from zero), and it asks nothing of the readout step by step.
 */
class TrialRewardTest
{
    @Test
    void lossIsMinusTheWeightedSumOfTheTrialsRewardsPerRowAndTheReadoutGetsNoError()
    {
        final TrialReward objective = new TrialReward(new ObjectiveContext(2, 4, 1, false, 1.0, 5, LossKind.MSE), 0.5);
        final float[][] rewards = {{1, 1, 0, 0}, {0, 0, -2, 1}, {0.5f, 3, 0, 0}};
        for (int trial = 0; trial < 2; trial++)
        {
            objective.startTrial();
            for (int k = 0; k < rewards.length; k++)
            {
                objective.step(k, new StepInputs(new float[] {0.1f, 0.2f}, rewards[k]));
            }
            objective.step(-1, new StepInputs(new float[2], new float[] {100, 0, 100, 0})); // between trials: ignored
            final TrialTerm term = objective.endTrial(3);
            final ReadoutLoss loss = term.readout();
            final INDArray[] y = {Nd4j.ones(DataType.FLOAT, 2, 1), Nd4j.ones(DataType.FLOAT, 2, 1),
                Nd4j.ones(DataType.FLOAT, 2, 1)};
            assertArrayEquals(new double[] {-0.5 * 1.5, -0.5 * -2.0}, loss.rowValues(y), 1e-12, "trial " + trial);
            assertEquals(-0.5 * -0.5, term.value(y, null, 1.0), 1e-12);
            for (int t = 0; t < 3; t++)
            {
                assertFalse(loss.judges(t));
                assertArrayEquals(new double[2], loss.error(y[t], t).castTo(DataType.DOUBLE).ravel().toDoubleVector(), 0);
            }
        }
    }
}
