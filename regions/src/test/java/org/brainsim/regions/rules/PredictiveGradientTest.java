package org.brainsim.regions.rules;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Predictive;
import org.brainsim.objectives.Supervised;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.Supplier;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictive objective's gradient against central finite differences in double precision: a network whose
 * readout predicts its own input {@code horizon} steps ahead (MSE on rates, Bernoulli cross-entropy on spikes).
 * Rate networks: every parameter through BPTT. ALIF networks: the readout weights and bias, where the loss is
 * smooth (their input and recurrent gradients pass the spikes' pseudo-derivative, which no finite difference
 * sees; SpikingGradientTest checks those against exact factorisations).
 */
class PredictiveGradientTest
{
    private static final int T = 16;
    private static final int BATCH = 2;

    private static INDArray numeric(final INDArray weights, final Supplier<Double> loss)
    {
        final INDArray numeric = Nd4j.zeros(DataType.DOUBLE, weights.shape());
        for (long i = 0; i < weights.length(); i++)
        {
            final double w = weights.getDouble(i);
            final double h = 1e-6;
            weights.putScalar(i, w + h);
            final double up = loss.get();
            weights.putScalar(i, w - h);
            final double down = loss.get();
            weights.putScalar(i, w);
            numeric.putScalar(i, (up - down) / (2 * h));
        }
        return numeric;
    }

    @ParameterizedTest(name = "{0}, horizon {1}")
    @CsvSource({"MSE, 1", "MSE, 3", "BERNOULLI, 2"})
    void rateBpttOfThePredictionLossMatchesFiniteDifferences(final LossKind kind, final int horizon)
    {
        final RateParams p = new RateParams(3, 5, 3, 0.4, Activation.TANH, 0.1);
        final RateNetwork net = RateNetwork.random(p, DataType.DOUBLE, 1.3, NodeRandom.forNode(1, "fd"));
        final INDArray[] x = kind == LossKind.BERNOULLI ? SpikingFixtures.poissonInputs(T, BATCH, 3, 0.3, 2) :
            SpikingFixtures.gaussianTargets(T, BATCH, 3, 2);
        final Loss loss = Predictive.loss(kind, x, T, horizon, 0.7, Supervised.Reduction.MEAN);

        final Gradients g = RateBptt.gradients(net, net.forward(x), loss, Integer.MAX_VALUE);

        for (final INDArray[] pair : List.of(new INDArray[] {net.wRec(), g.rec()}, new INDArray[] {net.wIn(), g.in()},
            new INDArray[] {net.bias(), g.bias()}, new INDArray[] {net.wOut(), g.out()},
            new INDArray[] {net.bOut(), g.outBias()}))
        {
            final INDArray numeric = numeric(pair[0], () -> loss.value(net.forward(x).y()));
            assertTrue(numeric.norm2Number().doubleValue() > 1e-6, "the loss depends on these weights");
            assertTrue(relativeError(pair[1], numeric) < 1e-7, "relative error " + relativeError(pair[1], numeric));
        }
    }

    @Test
    void alifReadoutGradientOfThePredictionLossMatchesFiniteDifferences()
    {
        final double kappa = Math.exp(-1.0 / 20);
        final SpikingParams p = new SpikingParams(3, 4, 4, 3, 1, 20, 500, 0.07, 0.62, 1, 0.3, 2, 20, 1 - kappa);
        final SpikingNetwork net = SpikingFixtures.network(p, 7, 1.2, 0.6);
        final INDArray[] x = SpikingFixtures.poissonInputs(T, BATCH, 3, 0.2, 8);
        final Loss loss = Predictive.loss(LossKind.BERNOULLI, x, T, 2, 1.0, Supervised.Reduction.SUM);
        final SpikingTrajectory tr = net.forward(x);
        assertTrue(SpikingFixtures.spikes(tr) > 0, "the network spikes");

        final Gradients g = SpikingBptt.gradients(net, tr, loss, SpikingBptt.Options.FULL).gradients();

        for (final INDArray[] pair : List.of(new INDArray[] {net.wOut(), g.out()},
            new INDArray[] {net.bOut(), g.outBias()}))
        {
            final INDArray numeric = numeric(pair[0], () -> loss.value(net.forward(x).y()));
            assertTrue(relativeError(pair[1], numeric) < 1e-7, "relative error " + relativeError(pair[1], numeric));
        }
    }
}
