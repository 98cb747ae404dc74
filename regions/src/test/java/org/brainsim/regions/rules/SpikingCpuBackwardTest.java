package org.brainsim.regions.rules;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brainsim.objectives.Floats;

import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.Lanes;
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

    /**
     * A long trial judged only at its end, with one input active only at its start. Going backwards from the judged
     * steps, δy decays as κ^k: about 1300 steps back it is near 1e−29, tiny but a normal float, and about 1700 steps
     * back it turns subnormal (below 2^−126), where the fused pass flushes it to zero. That input's gradient row,
     * made only of those tiny normal values, must still match the double pass: the flush takes nothing larger than a
     * subnormal. So must the whole gradient, with no firing-rate term to hide a difference.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bptt", "eprop"})
    void flushingSubnormalReadoutErrorsKeepsEveryNormalContribution(final String variant)
    {
        final int steps = 2150;
        final int judgedFrom = steps - 40;
        final int earlyInputSteps = 800; // input 0 is silent from here on
        final SpikingParams p = SpikingFixtures.tiny(2, 0); // LIF: no slow adaptation adjoint to carry the error back
        assertTrue(Math.pow(p.kappa(), judgedFrom) < Float.MIN_VALUE, "the errors pass through every subnormal value");
        final SpikingNetwork exact = SpikingFixtures.network(p, 3, 1.2, 0.6);
        final SpikingNetwork fused = new SpikingNetwork(p, DataType.FLOAT, exact.wIn(), exact.wRec(), exact.wOut(),
            exact.bOut(), Nd4j.ones(DataType.FLOAT, p.n(), p.n())).withBackend(Backend.CPU);
        final INDArray[] x = SpikingFixtures.poissonInputs(steps, BATCH, p.nIn(), 0.1, 4);
        for (int t = earlyInputSteps; t < steps; t++)
        {
            x[t].getColumn(0).assign(0);
        }
        final SpikingTrajectory f = fused.forward(x);
        final SpikingTrajectory d = new SpikingTrajectory(toDouble(f.x()), toDouble(f.v()), toDouble(f.a()),
            toDouble(f.z()), toDouble(f.psi()), toDouble(f.y()));
        final INDArray[] targets = SpikingFixtures.gaussianTargets(steps, BATCH, p.nOut(), 5);
        final double[] weights = new double[steps];
        java.util.Arrays.fill(weights, judgedFrom, steps, 1.0);
        final INDArray b = SpikingNetwork.gaussian(org.brainsim.regions.NodeRandom.forNode(6, "b"), p.nOut(), p.n(),
            1.0, DataType.DOUBLE);
        final boolean eprop = variant.equals("eprop");
        final SpikingBptt.Options optionsD = new SpikingBptt.Options(Integer.MAX_VALUE, eprop, eprop, null,
            eprop ? b : null);
        final SpikingBptt.Options optionsF = new SpikingBptt.Options(Integer.MAX_VALUE, eprop, eprop, null,
            eprop ? b.castTo(DataType.FLOAT) : null);
        final INDArray[] expected = SpikingBptt.gradients(exact, d, new Loss(LossKind.MSE, targets, weights), optionsD)
            .gradients().toArray();
        final INDArray[] actual = SpikingBptt.gradients(fused, f, new Loss(LossKind.MSE, toFloat(targets), weights),
            optionsF).gradients().toArray();
        for (int i = 0; i < expected.length; i++)
        {
            final double error = relativeError(actual[i].castTo(DataType.DOUBLE), expected[i]);
            assertTrue(expected[i].norm2Number().doubleValue() > 1e-3, variant + " gradient " + i + " is not trivial");
            assertTrue(error < 1e-5, variant + " gradient " + i + ": relative error " + error);
        }
        // dW_in's row of the early input (gradient 0 is dW_in)
        final INDArray early = expected[0].getRow(0);
        final double size = early.norm2Number().doubleValue();
        assertTrue(size > 0 && size < 1e-20, variant + ": the early input's gradient is tiny: " + size);
        final double error = relativeError(actual[0].getRow(0).castTo(DataType.DOUBLE), early);
        assertTrue(error < 1e-4, variant + " early input's gradient: relative error " + error);
    }

    /**
     * A batch of 40 rows is three chunks (16, 16, 8): on one, two or three threads the trial (replayed and stepped
     * live) and every gradient are the same bits, and the chunked sums still match the double pass.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bptt", "eprop"})
    void chunkedBatchGivesTheSameBitsOnAnyNumberOfThreads(final String variant)
    {
        final int batch = 40;
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork exact = SpikingFixtures.network(p, 3, 1.2, 0.6);
        final INDArray[] x = SpikingFixtures.poissonInputs(T, batch, p.nIn(), 0.1, 4);
        final INDArray[] targets = SpikingFixtures.gaussianTargets(T, batch, p.nOut(), 5);
        final Loss lossF = new Loss(LossKind.MSE, toFloat(targets), judgedFromAThird());
        final FiringRate reg = new FiringRate(0.5, 10);
        final INDArray b = SpikingNetwork.gaussian(org.brainsim.regions.NodeRandom.forNode(6, "b"), p.nOut(), p.n(),
            1.0, DataType.FLOAT);
        final SpikingBptt.Options options = variant.equals("bptt") ? new SpikingBptt.Options(Integer.MAX_VALUE, false,
            false, reg) : new SpikingBptt.Options(Integer.MAX_VALUE, true, true, reg, b);

        SpikingTrajectory first = null;
        INDArray[] firstGradients = null;
        for (final int threads : new int[] {1, 2, 3})
        {
            final SpikingNetwork fused = new SpikingNetwork(p, DataType.FLOAT, exact.wIn(), exact.wRec(), exact.wOut(),
                exact.bOut(), Nd4j.ones(DataType.FLOAT, p.n(), p.n())).withBackend(Backend.CPU).withThreads(threads);
            final SpikingTrajectory f = fused.forward(x);
            final INDArray[] g = SpikingBptt.gradients(fused, f, lossF, options).gradients().toArray();
            final float[][] live = liveSpikes(fused, x);
            if (first == null)
            {
                first = f;
                firstGradients = g;
                assertTrue(SpikingFixtures.spikes(f) > 400, "the network spikes: " + SpikingFixtures.spikes(f));
            }
            for (int t = 0; t < T; t++)
            {
                assertArrayEquals(Floats.of(first.v()[t]), Floats.of(f.v()[t]), 0f, threads + " threads: v at " + t);
                assertArrayEquals(Floats.of(first.z()[t]), Floats.of(f.z()[t]), 0f, threads + " threads: z at " + t);
                assertArrayEquals(Floats.of(first.psi()[t]), Floats.of(f.psi()[t]), 0f, threads + " threads: psi at " + t);
                assertArrayEquals(Floats.of(first.y()[t]), Floats.of(f.y()[t]), 0f, threads + " threads: y at " + t);
                assertArrayEquals(Floats.of(first.z()[t]), live[t], 0f, threads + " threads, stepped live: z at " + t);
            }
            for (int i = 0; i < g.length; i++)
            {
                assertArrayEquals(Floats.of(firstGradients[i]), Floats.of(g[i]), 0f, threads + " threads: gradient " + i);
            }
        }

        // the chunked sums are still the gradient: against the double pass on the same trial
        final SpikingTrajectory d = new SpikingTrajectory(toDouble(first.x()), toDouble(first.v()), toDouble(first.a()),
            toDouble(first.z()), toDouble(first.psi()), toDouble(first.y()));
        final SpikingBptt.Options optionsD = new SpikingBptt.Options(options.windowSteps(), options.detachRecurrent(),
            options.detachReset(), reg, options.feedback() == null ? null : b.castTo(DataType.DOUBLE));
        final Loss lossD = new Loss(LossKind.MSE, targets, judgedFromAThird());
        final INDArray[] expected = SpikingBptt.gradients(exact, d, lossD, optionsD).gradients().toArray();
        for (int i = 0; i < expected.length; i++)
        {
            final double error = relativeError(firstGradients[i].castTo(DataType.DOUBLE), expected[i]);
            assertTrue(error < 1e-5, variant + " gradient " + i + ": relative error " + error);
        }
    }

    /**
     * The recursion's loops on vector lanes give the same gradients, bit for bit, as the scalar loops: full BPTT (the
     * reset and recurrent terms), truncated BPTT and e-prop with random feedback and a firing-rate term, on a network
     * of 37 units (not a multiple of the lane count).
     */
    @ParameterizedTest
    @ValueSource(strings = {"bptt", "truncated", "eprop"})
    void vectorAndScalarRecursionsAreBitIdentical(final String variant)
    {
        assertTrue(Lanes.available(), "the tests run with --add-modules jdk.incubator.vector (pom.xml)");
        final SpikingParams base = SpikingFixtures.tiny(2, 0.07);
        final SpikingParams p = new SpikingParams(base.nIn(), 20, 17, base.nOut(), base.dtMs(), base.tauMMs(),
            base.tauAMs(), base.beta(), base.vTh(), base.zeta(), base.gammaPd(), base.nRef(), base.tauOutMs(),
            base.zetaOut());
        final SpikingNetwork net = SpikingFixtures.network(p, 3, 1.2, 0.6);
        final SpikingNetwork fused = new SpikingNetwork(p, DataType.FLOAT, net.wIn(), net.wRec(), net.wOut(),
            net.bOut(), Nd4j.ones(DataType.FLOAT, p.n(), p.n())).withBackend(Backend.CPU);
        final int batch = 20;
        final SpikingTrajectory f = fused.forward(SpikingFixtures.poissonInputs(T, batch, p.nIn(), 0.1, 4));
        assertTrue(SpikingFixtures.spikes(f) > 200, "the network spikes: " + SpikingFixtures.spikes(f));
        final Loss loss = new Loss(LossKind.MSE, toFloat(SpikingFixtures.gaussianTargets(T, batch, p.nOut(), 5)),
            judgedFromAThird());
        final FiringRate reg = new FiringRate(0.5, 10);
        final INDArray b = SpikingNetwork.gaussian(org.brainsim.regions.NodeRandom.forNode(6, "b"), p.nOut(), p.n(),
            1.0, DataType.FLOAT);
        final int window = variant.equals("truncated") ? 7 : Integer.MAX_VALUE;
        final boolean eprop = variant.equals("eprop");
        final INDArray[] vector = SpikingCpuBackward.run(fused, f, loss, window, eprop, eprop, eprop ? reg : null,
            eprop ? b : null, true).toArray();
        final INDArray[] scalar = SpikingCpuBackward.run(fused, f, loss, window, eprop, eprop, eprop ? reg : null,
            eprop ? b : null, false).toArray();
        for (int i = 0; i < scalar.length; i++)
        {
            assertTrue(scalar[i].norm2Number().doubleValue() > 1e-3, variant + " gradient " + i + " is not trivial");
            // bit patterns (no tolerance). The gradients are double sums rounded to float: AdjointLanesTest also
            // compares the recursion's float values themselves, before any rounding could hide a difference
            assertArrayEquals(Floats.of(scalar[i]), Floats.of(vector[i]), variant + " gradient " + i);
        }
    }

    private static double[] judgedFromAThird()
    {
        final double[] weights = new double[T];
        java.util.Arrays.fill(weights, T / 3, T, 1.0);
        return weights;
    }

    /** @return z per step of the trial stepped live, one step at a time, as a region steps it. */
    private static float[][] liveSpikes(final SpikingNetwork net, final INDArray[] x)
    {
        final int batch = (int)x[0].rows();
        net.resetState(batch);
        final float[][] z = new float[x.length][batch * net.params().n()];
        final float[] readout = new float[batch * net.params().nOut()];
        for (int t = 0; t < x.length; t++)
        {
            net.step(Floats.of(x[t].castTo(DataType.FLOAT)), z[t], readout);
        }
        return z;
    }
}
