package org.brainsim.regions.rules;

import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.SpikingNetwork;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate-network gradients against central finite differences and against each other (reference §2.5), in
 * double precision.
 */
class RateGradientTest
{
    private static final int T = 20;
    private static final int BATCH = 2;

    private static INDArray[] gaussianInputs(final int steps, final int nIn, final long seed)
    {
        final NodeRandom random = NodeRandom.forNode(seed, "x");
        final INDArray[] x = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            x[t] = SpikingNetwork.gaussian(random, BATCH, nIn, 1.0, DataType.DOUBLE);
        }
        return x;
    }

    private static Loss loss(final LossKind kind, final int nOut, final long seed)
    {
        final INDArray[] targets = SpikingFixtures.gaussianTargets(T, BATCH, nOut, seed);
        if (kind == LossKind.CROSS_ENTROPY)
        {
            for (int t = 0; t < T; t++)
            {
                final INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, BATCH, nOut);
                for (int b = 0; b < BATCH; b++)
                {
                    oneHot.putScalar(b, (t + b) % nOut, 1.0);
                }
                targets[t] = oneHot;
            }
        }
        final double[] weights = new double[T];
        for (int t = 0; t < T; t++)
        {
            weights[t] = t >= T / 2 ? 1 : 0; // an evaluation window: the second half
        }
        return new Loss(kind, targets, weights);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"TANH, MSE", "SOFTPLUS, CROSS_ENTROPY", "TANH, CROSS_ENTROPY"})
    void bpttMatchesCentralFiniteDifferences(final Activation activation, final LossKind kind)
    {
        final RateParams p = new RateParams(3, 5, 3, 0.4, activation, 0.1);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.3, NodeRandom.forNode(1, "fd"));
        net.bias().assign(SpikingNetwork.gaussian(NodeRandom.forNode(2, "b"), 1, 5, 0.3, DataType.DOUBLE));
        final INDArray[] x = gaussianInputs(T, 3, 3);
        final Loss loss = loss(kind, 3, 4);

        final Gradients g = RateBptt.gradients(net, net.forward(x), loss, Integer.MAX_VALUE);

        for (final INDArray[] pair : List.of(new INDArray[] {net.wRec(), g.rec()}, new INDArray[] {net.wIn(), g.in()},
            new INDArray[] {net.bias(), g.bias()}, new INDArray[] {net.wOut(), g.out()},
            new INDArray[] {net.bOut(), g.outBias()}))
        {
            final INDArray weights = pair[0];
            final INDArray numeric = Nd4j.zeros(DataType.DOUBLE, weights.shape());
            for (long i = 0; i < weights.length(); i++)
            {
                final double w = weights.getDouble(i);
                final double h = 1e-6;
                weights.putScalar(i, w + h);
                final double up = loss.value(net.forward(x).y());
                weights.putScalar(i, w - h);
                final double down = loss.value(net.forward(x).y());
                weights.putScalar(i, w);
                numeric.putScalar(i, (up - down) / (2 * h));
            }
            assertTrue(relativeError(pair[1], numeric) < 1e-7, "relative error " + relativeError(pair[1], numeric));
        }
    }

    @Test
    void rtrlEqualsBptt()
    {
        final RateParams p = new RateParams(2, 4, 2, 0.5, Activation.TANH, 0.1);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.5, NodeRandom.forNode(5, "rtrl"));
        final RateTrajectory tr = net.forward(gaussianInputs(T, 2, 6));
        final Loss loss = loss(LossKind.MSE, 2, 7);

        final Gradients rtrl = Rtrl.gradients(net, tr, loss, Rtrl.DEFAULT_MAX_INFLUENCE_BYTES);
        final Gradients bptt = RateBptt.gradients(net, tr, loss, Integer.MAX_VALUE);

        assertTrue(relativeError(rtrl.rec(), bptt.rec()) < 1e-10, "rec " + relativeError(rtrl.rec(), bptt.rec()));
        assertTrue(relativeError(rtrl.in(), bptt.in()) < 1e-10, "in " + relativeError(rtrl.in(), bptt.in()));
        assertTrue(relativeError(rtrl.bias(), bptt.bias()) < 1e-10, "bias");
    }

    @Test
    void rfloEqualsRtrlWithoutRecurrenceAndWithSymmetricFeedback()
    {
        final RateParams p = new RateParams(3, 4, 2, 0.3, Activation.TANH, 0.1);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.5, NodeRandom.forNode(8, "rflo"));
        net.wRec().assign(0);
        final RateTrajectory tr = net.forward(gaussianInputs(T, 3, 9));
        final Loss loss = loss(LossKind.MSE, 2, 10);

        final Gradients rflo = Rflo.gradients(net, tr, loss, net.wOut().transpose());
        final Gradients rtrl = Rtrl.gradients(net, tr, loss, Rtrl.DEFAULT_MAX_INFLUENCE_BYTES);

        assertTrue(relativeError(rflo.in(), rtrl.in()) < 1e-12, "in " + relativeError(rflo.in(), rtrl.in()));
        assertTrue(relativeError(rflo.rec(), rtrl.rec()) < 1e-12, "rec " + relativeError(rflo.rec(), rtrl.rec()));

        final RateNetwork recurrent = RateNetwork.random(p, DataType.DOUBLE, 1.5, NodeRandom.forNode(8, "rflo"));
        final RateTrajectory tr2 = recurrent.forward(gaussianInputs(T, 3, 9));
        assertTrue(relativeError(Rflo.gradients(recurrent, tr2, loss, recurrent.wOut().transpose()).rec(),
            Rtrl.gradients(recurrent, tr2, loss, Rtrl.DEFAULT_MAX_INFLUENCE_BYTES).rec()) > 1e-3,
            "with recurrence RFLO is an approximation");
    }

    @Test
    void truncatedBpttWithTheTrialAsWindowIsFullBptt()
    {
        final RateParams p = new RateParams(2, 4, 2, 0.5, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.5, NodeRandom.forNode(11, "tb"));
        final RateTrajectory tr = net.forward(gaussianInputs(T, 2, 12));
        final Loss loss = loss(LossKind.MSE, 2, 13);

        assertArrayEquals(RateBptt.gradients(net, tr, loss, Integer.MAX_VALUE).rec().dup().data().asDouble(),
            RateBptt.gradients(net, tr, loss, T).rec().dup().data().asDouble(), 0.0);
        assertTrue(relativeError(RateBptt.gradients(net, tr, loss, 3).rec(),
            RateBptt.gradients(net, tr, loss, T).rec()) > 1e-3);
    }

    @Test
    void rtrlRefusesNetworksWhoseInfluenceTensorWouldNotFit()
    {
        final RateParams p = new RateParams(2, 600, 2, 0.5, Activation.TANH, 0.0);
        final RateNetwork net = RateNetwork.random(p, DataType.FLOAT, 1.0, NodeRandom.forNode(1, "big"));
        final RateTrajectory tr = net.forward(new INDArray[] {Nd4j.zeros(DataType.FLOAT, 4, 2)});
        final Loss loss = Loss.everyStep(LossKind.MSE, new INDArray[] {Nd4j.zeros(DataType.FLOAT, 4, 2)});

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Rtrl.gradients(net, tr, loss, Rtrl.DEFAULT_MAX_INFLUENCE_BYTES));
        assertTrue(ex.getMessage().contains("RTRL influence tensor") && ex.getMessage().contains("MiB"), ex.getMessage());
    }
}
