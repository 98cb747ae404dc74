package org.brainsim.regions.rules;

import org.brainsim.objectives.FiringRate;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast backward forms of e-prop and RFLO that the learners use equal the forward-trace definitions.
 */
class AdjointFormTest
{
    @Test
    void backwardEpropEqualsForwardTracesForRandomFeedbackAndRegularisation()
    {
        final SpikingParams p = SpikingFixtures.tiny(3, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 51, 1.2, 0.6);
        final SpikingTrajectory tr = net.forward(SpikingFixtures.poissonInputs(60, 3, p.nIn(), 0.1, 52));
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(60, 3, p.nOut(), 53));
        final INDArray feedback = SpikingNetwork.gaussian(NodeRandom.forNode(1, "B"), p.nOut(), p.n(), 1.0,
            DataType.DOUBLE);
        final FiringRate reg = new FiringRate(0.3, 10);

        final Gradients traces = SpikingEprop.gradients(net, tr, loss, feedback, reg);
        final Gradients adjoint = SpikingEprop.adjointGradients(net, tr, loss, feedback, reg);

        assertTrue(relativeError(adjoint.rec(), traces.rec()) < 1e-10, "rec " + relativeError(adjoint.rec(), traces.rec()));
        assertTrue(relativeError(adjoint.in(), traces.in()) < 1e-10, "in " + relativeError(adjoint.in(), traces.in()));
        assertTrue(relativeError(adjoint.out(), traces.out()) < 1e-12);
        assertTrue(relativeError(adjoint.outBias(), traces.outBias()) < 1e-12);
    }

    @Test
    void backwardRfloEqualsForwardTraces()
    {
        final RateParams p = new RateParams(3, 6, 2, 0.3, Activation.SOFTPLUS, 0.1);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.4, NodeRandom.forNode(61, "rflo"));
        final INDArray[] x = new INDArray[25];
        final NodeRandom random = NodeRandom.forNode(62, "x");
        for (int t = 0; t < x.length; t++)
        {
            x[t] = SpikingNetwork.gaussian(random, 2, 3, 1.0, DataType.DOUBLE);
        }
        final RateTrajectory tr = net.forward(x);
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(25, 2, 2, 63));
        final INDArray feedback = SpikingNetwork.gaussian(NodeRandom.forNode(2, "B"), 2, 6, 1.0, DataType.DOUBLE);

        final Gradients traces = Rflo.gradients(net, tr, loss, feedback);
        final Gradients adjoint = Rflo.adjointGradients(net, tr, loss, feedback);

        assertTrue(relativeError(adjoint.rec(), traces.rec()) < 1e-10, "rec " + relativeError(adjoint.rec(), traces.rec()));
        assertTrue(relativeError(adjoint.in(), traces.in()) < 1e-10);
        assertTrue(relativeError(adjoint.bias(), traces.bias()) < 1e-10);
    }
}
