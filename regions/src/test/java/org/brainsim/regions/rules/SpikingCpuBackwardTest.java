package org.brainsim.regions.rules;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused float backward pass against the ND4J pass in double precision — the one checked against autograd
 * and against e-prop's forward traces to 1e-10 — on the same trial: BPTT, truncated BPTT and e-prop with random
 * feedback and a firing-rate term, with a loss that judges only part of the trial.
 */
class SpikingCpuBackwardTest
{
    private static final int T = 60;
    private static final int BATCH = 3;

    private static INDArray[] toDouble(final INDArray[] a)
    {
        final INDArray[] d = new INDArray[a.length];
        for (int t = 0; t < a.length; t++)
        {
            d[t] = a[t].castTo(DataType.DOUBLE);
        }
        return d;
    }

    private static INDArray[] toFloat(final INDArray[] a)
    {
        final INDArray[] f = new INDArray[a.length];
        for (int t = 0; t < a.length; t++)
        {
            f[t] = a[t].castTo(DataType.FLOAT);
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bptt", "truncated", "eprop"})
    void fusedFloatBackwardMatchesTheDoubleNd4jPass(final String variant)
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork exact = SpikingFixtures.network(p, 3, 1.2, 0.6);
        final SpikingNetwork fused = new SpikingNetwork(p, DataType.FLOAT, exact.wIn(), exact.wRec(), exact.wOut(),
            exact.bOut(), Nd4j.ones(DataType.FLOAT, p.n(), p.n())).withBackend(Backend.CPU);
        final INDArray[] x = SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 4);
        final SpikingTrajectory f = fused.forward(x);
        assertTrue(SpikingFixtures.spikes(f) > 40, "the network spikes: " + SpikingFixtures.spikes(f));
        // the double pass runs on the float trial, so that only the backward passes differ
        final SpikingTrajectory d = new SpikingTrajectory(toDouble(f.x()), toDouble(f.v()), toDouble(f.a()),
            toDouble(f.z()), toDouble(f.psi()), toDouble(f.y()));

        final INDArray[] targets = SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 5);
        final double[] weights = new double[T];
        for (int t = T / 3; t < T; t++)
        {
            weights[t] = t % 2 == 0 ? 1.0 : 0.5; // the first third is not judged
        }
        final Loss lossD = new Loss(LossKind.MSE, targets, weights);
        final Loss lossF = new Loss(LossKind.MSE, toFloat(targets), weights);
        final FiringRate reg = new FiringRate(0.5, 10);
        final INDArray b = SpikingNetwork.gaussian(org.brainsim.regions.NodeRandom.forNode(6, "b"), p.nOut(), p.n(),
            1.0, DataType.DOUBLE);
        final SpikingBptt.Options optionsD = switch (variant)
        {
            case "bptt" -> SpikingBptt.Options.FULL;
            case "truncated" -> new SpikingBptt.Options(7, false, false, reg);
            default -> new SpikingBptt.Options(Integer.MAX_VALUE, true, true, reg, b);
        };
        final SpikingBptt.Options optionsF = new SpikingBptt.Options(optionsD.windowSteps(), optionsD.detachRecurrent(),
            optionsD.detachReset(), optionsD.activity(), optionsD.feedback() == null ? null : b.castTo(DataType.FLOAT));

        final INDArray[] expected = SpikingBptt.gradients(exact, d, lossD, optionsD).gradients().toArray();
        final INDArray[] actual = SpikingBptt.gradients(fused, f, lossF, optionsF).gradients().toArray();
        for (int i = 0; i < expected.length; i++)
        {
            final double error = relativeError(actual[i].castTo(DataType.DOUBLE), expected[i]);
            assertTrue(expected[i].norm2Number().doubleValue() > 1e-3, variant + " gradient " + i + " is not trivial");
            assertTrue(error < 1e-5, variant + " gradient " + i + ": relative error " + error);
        }
    }
}
