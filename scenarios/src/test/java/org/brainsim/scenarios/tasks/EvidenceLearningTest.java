package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Supervised;
import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.EpropRule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short evidence-accumulation run lowers the loss: random e-prop on 20 LIF + ALIF units, a shortened trial
 * (165 steps) and a few iterations; the cross-entropy on a fixed held-out batch drops. Seeds are fixed.
 */
class EvidenceLearningTest
{
    private static final int BATCH = 32;
    private static final int N_IN = 40;

    private static final class Batch
    {
        final INDArray[] x;
        final INDArray[] y;
        final double[] window;

        Batch(final Task task, final long index, final NodeRandom random)
        {
            final Task.Trial trial = task.next(index, random);
            x = new INDArray[trial.steps()];
            y = new INDArray[trial.steps()];
            window = new double[trial.steps()];
            final float[] obs = new float[BATCH * N_IN];
            final float[] target = new float[BATCH * 2];
            for (int t = 0; t < trial.steps(); t++)
            {
                trial.observation(t, obs);
                trial.target(t, target);
                x[t] = Nd4j.create(obs.clone(), new long[] {BATCH, N_IN}, DataType.FLOAT);
                y[t] = Nd4j.create(target.clone(), new long[] {BATCH, 2}, DataType.FLOAT);
                window[t] = trial.window(t);
            }
        }
    }

    @Test
    void aFewIterationsOfRandomEpropLowerTheHeldOutLoss()
    {
        final EvidenceAccumulation task = new EvidenceAccumulation(BATCH, 10, 7, 10, 15, 50, 10, 0.2, 0.02, 0.3);
        final SpikingParams base = SpikingParams.evidenceAccumulation(N_IN, 10, 10, 2);
        final SpikingParams params = new SpikingParams(N_IN, 10, 10, 2, 1, 20, 200, base.beta(), 0.6, 1, 0.3, 5, 20,
            base.zetaOut());
        final NodeRandom random = NodeRandom.forNode(3, "ctx");
        final SpikingNetwork net = new SpikingNetwork(params, DataType.FLOAT, random);
        final Learner learner = Learner.of(net, EpropRule.TYPE, EpropRule.TYPE.defaults().with(EpropRule.FEEDBACK_STD,
            1.0), new Adam(0.01), new GradientPenalties(0, Double.POSITIVE_INFINITY), random.derive("learning"));
        final FiringRate regularizer = new FiringRate(1e-6, 10);
        final Supervised objective = new Supervised(LossKind.CROSS_ENTROPY, Supervised.Reduction.MEAN);
        final Batch heldOut = new Batch(task, 0, NodeRandom.forNode(99, "held-out"));
        final TrialLoss heldOutLoss = TrialLoss.of(objective.loss(heldOut.y, heldOut.window));
        final double before = learner.evaluate(heldOut.x, heldOutLoss);
        final NodeRandom trials = NodeRandom.forNode(3, "task");
        for (int k = 0; k < 40; k++)
        {
            final Batch b = new Batch(task, k, trials);
            learner.trainTrial(b.x, new TrialLoss(objective.loss(b.y, b.window), regularizer));
        }
        final double after = learner.evaluate(heldOut.x, heldOutLoss);
        assertTrue(after < before - 0.05, "held-out cross-entropy " + before + " -> " + after);
    }
}
