package org.brainsim.regions.rules;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.SpikingNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rate network's fused float backward passes ({@code cpu} backend) against the ND4J passes in double precision —
 * the ones checked against finite differences, RTRL and forward traces — on the same trial: BPTT, truncated BPTT and
 * the adjoint e-prop/RFLO with random feedback, with two input blocks, a sparse recurrent mask and a loss that judges
 * only part of the trial.
 */
class RateCpuBackwardTest
{
    private static final int T = 40;
    private static final int BATCH = 5;

    private static INDArray[] cast(final INDArray[] a, final DataType dtype)
    {
        final INDArray[] c = new INDArray[a.length];
        for (int t = 0; t < a.length; t++)
        {
            c[t] = a[t].castTo(dtype);
        }
        return c;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"bptt, TANH", "truncated, TANH", "eprop, TANH", "bptt, RELU", "eprop, SOFTPLUS"})
    void fusedFloatBackwardMatchesTheDoubleNd4jPass(final String variant, final Activation activation)
    {
        final RateParams p = new RateParams(6, 24, 3, 0.2, activation, 0.1);
        final RateNetwork fused = RateNetwork.random(p, DataType.FLOAT, 1.2, NodeRandom.forNode(1, "net"))
            .withInputBlocks(2, 4).withBackend(Backend.CPU);
        fused.bias().assign(SpikingNetwork.gaussian(NodeRandom.forNode(2, "b"), 1, p.n(), 0.3, DataType.FLOAT));
        final INDArray mask = Nd4j.ones(DataType.FLOAT, p.n(), p.n());
        for (int i = 0; i < p.n(); i++)
        {
            mask.putScalar(i, (i * 7) % p.n(), 0.0);
        }
        fused.withRecurrentMask(mask);
        final RateNetwork exact = new RateNetwork(p, DataType.DOUBLE, fused.wIn(), fused.wRec(), fused.bias(), fused.wOut(),
            fused.bOut()).withInputBlocks(2, 4).withRecurrentMask(mask);

        final INDArray[] x = new INDArray[T];
        final NodeRandom random = NodeRandom.forNode(3, "x");
        for (int t = 0; t < T; t++)
        {
            x[t] = SpikingNetwork.gaussian(random, BATCH, p.nIn(), 1.0, DataType.FLOAT);
        }
        final RateTrajectory f = fused.forward(x);
        // the double pass runs on the float trial, so that only the backward passes differ
        final RateTrajectory d = new RateTrajectory(cast(f.x(), DataType.DOUBLE), f.aInitial().castTo(DataType.DOUBLE),
            cast(f.h(), DataType.DOUBLE), cast(f.a(), DataType.DOUBLE), cast(f.dPhi(), DataType.DOUBLE),
            cast(f.y(), DataType.DOUBLE));
        final INDArray[] targets = SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 5);
        final double[] weights = new double[T];
        for (int t = T / 3; t < T; t++)
        {
            weights[t] = t % 2 == 0 ? 1.0 : 0.5; // the first third is not judged
        }
        final Loss lossD = new Loss(LossKind.MSE, targets, weights);
        final Loss lossF = new Loss(LossKind.MSE, cast(targets, DataType.FLOAT), weights);
        final INDArray b = SpikingNetwork.gaussian(NodeRandom.forNode(6, "B"), p.nOut(), p.n(), 1.0, DataType.DOUBLE);

        final Gradients expected = switch (variant)
        {
            case "bptt" -> RateBptt.gradients(exact, d, lossD, Integer.MAX_VALUE);
            case "truncated" -> RateBptt.gradients(exact, d, lossD, 7);
            default -> Rflo.adjointGradients(exact, d, lossD, b);
        };
        final Gradients actual = switch (variant)
        {
            case "bptt" -> RateBptt.gradients(fused, f, lossF, Integer.MAX_VALUE);
            case "truncated" -> RateBptt.gradients(fused, f, lossF, 7);
            default -> Rflo.adjointGradients(fused, f, lossF, b.castTo(DataType.FLOAT));
        };
        final INDArray[] e = expected.toArray();
        final INDArray[] a = actual.toArray();
        for (int i = 0; i < e.length; i++)
        {
            assertTrue(e[i].norm2Number().doubleValue() > 1e-3, variant + " gradient " + i + " is not trivial");
            final double error = relativeError(a[i].castTo(DataType.DOUBLE), e[i]);
            assertTrue(error < 1e-5, variant + " gradient " + i + ": relative error " + error);
        }
        // the masked synapses get no gradient
        final INDArray rec = actual.rec();
        for (int i = 0; i < p.n(); i++)
        {
            assertTrue(rec.getDouble(i, (i * 7) % p.n()) == 0.0, "masked synapse " + i);
        }
    }
}
