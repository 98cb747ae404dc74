package org.brainsim.regions.network;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.rules.SpikingFixtures;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DaleTest
{
    private static void assertRowsKeepTheirSigns(final INDArray w, final int excitatory)
    {
        for (int i = 0; i < w.rows(); i++)
        {
            for (int j = 0; j < w.columns(); j++)
            {
                final double v = w.getDouble(i, j);
                assertTrue(i < excitatory ? v >= 0 : v <= 0, "row " + i + " col " + j + ": " + v);
            }
        }
    }

    @Test
    void learningKeepsEveryUnitExcitatoryOrInhibitory()
    {
        final RateParams p = new RateParams(3, 10, 2, 0.2, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.FLOAT, 1.2, NodeRandom.forNode(3, "dale")).withDale(0.8);
        final Learner learner = Learner.of(net, BpttRule.TYPE, BpttRule.TYPE.defaults(), new Adam(0.05),
            GradientPenalties.NONE, NodeRandom.forNode(3, "l"));
        final INDArray[] x = new INDArray[20];
        final INDArray[] y = new INDArray[20];
        for (int t = 0; t < 20; t++)
        {
            x[t] = Nd4j.rand(DataType.FLOAT, 4, 3);
            y[t] = Nd4j.valueArrayOf(new long[] {4, 2}, Math.sin(t), DataType.FLOAT);
        }
        assertRowsKeepTheirSigns(net.wRec(), 8);
        final INDArray before = net.wRec().dup();
        for (int i = 0; i < 30; i++)
        {
            learner.trainTrial(x, TrialLoss.of(Loss.everyStep(LossKind.MSE, y)));
        }
        assertRowsKeepTheirSigns(net.wRec(), 8);
        assertTrue(net.wRec().sub(before).norm2Number().doubleValue() > 1e-2, "the weights did learn");
        assertTrue(net.wRec().eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue() > 0,
            "some weights were held at zero instead of changing sign");
    }

    @Test
    void spikingNetworksKeepDaleToo()
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 5, 1.5, 0.8).withDale(0.5);
        final Learner learner = Learner.of(net, EpropRule.TYPE, EpropRule.TYPE.defaults(), new Adam(0.05),
            GradientPenalties.NONE, NodeRandom.forNode(5, "l"));
        final INDArray[] x = SpikingFixtures.poissonInputs(40, 2, p.nIn(), 0.2, 6);
        final TrialLoss loss = TrialLoss.of(Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(40, 2, p.nOut(), 7)));
        for (int i = 0; i < 20; i++)
        {
            learner.trainTrial(x, loss);
        }
        assertRowsKeepTheirSigns(net.wRec(), 4);
    }
}
