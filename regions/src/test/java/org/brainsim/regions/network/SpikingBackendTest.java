package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brainsim.regions.NodeRandom;
import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused CPU step computes what the ND4J step computes: the same spikes, and the same potentials, adaptation,
 * pseudo-derivatives and readouts up to float rounding, over whole trials of an ALIF network that fires.
 */
class SpikingBackendTest
{
    private static final int BATCH = 4;
    private static final int STEPS = 120;

    private static SpikingNetwork network(final Backend backend)
    {
        // the evidence-accumulation units with a lower threshold and strong inputs, so that they fire often
        final SpikingParams base = SpikingParams.evidenceAccumulation(10, 12, 12, 3);
        final SpikingParams p = new SpikingParams(base.nIn(), base.nLif(), base.nAlif(), base.nOut(), base.dtMs(),
            base.tauMMs(), 200, 0.2, 0.3, base.zeta(), base.gammaPd(), 3, base.tauOutMs(), base.zetaOut());
        return new SpikingNetwork(p, DataType.FLOAT, NodeRandom.forNode(5, "net")).withBackend(backend);
    }

    static INDArray[] inputs(final int nIn, final int steps)
    {
        final NodeRandom random = NodeRandom.forNode(9, "x");
        final INDArray[] x = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            final float[] v = new float[BATCH * nIn];
            for (int i = 0; i < v.length; i++)
            {
                // spikes, and a few graded values, so that both input paths run
                v[i] = random.nextDouble() < 0.15 ? 1f : random.nextDouble() < 0.05 ? (float)random.nextGaussian() : 0f;
            }
            x[t] = Nd4j.create(v, new long[] {BATCH, nIn}, 'c');
        }
        return x;
    }

    private static void assertClose(final INDArray[] expected, final INDArray[] actual, final double tolerance,
        final String what)
    {
        for (int t = 0; t < expected.length; t++)
        {
            final float[] e = Floats.of(expected[t]);
            final float[] a = Floats.of(actual[t]);
            for (int i = 0; i < e.length; i++)
            {
                assertEquals(e[i], a[i], tolerance * Math.max(1, Math.abs(e[i])), what + " at step " + t + ", element " + i);
            }
        }
    }

    @Test
    void cpuTrialMatchesTheNd4jTrial()
    {
        final INDArray[] x = inputs(10, STEPS);
        final SpikingTrajectory nd4j = network(Backend.ND4J).forward(x);
        final SpikingTrajectory cpu = network(Backend.CPU).forward(x);
        double spikes = 0;
        for (int t = 0; t < STEPS; t++)
        {
            assertArrayEquals(Floats.of(nd4j.z()[t]), Floats.of(cpu.z()[t]), 0f, "spikes at step " + t);
            spikes += nd4j.z()[t].sumNumber().doubleValue();
        }
        assertTrue(spikes > 0.05 * STEPS * BATCH * 24, "the network must fire for this test to mean much: " + spikes);
        assertClose(nd4j.v(), cpu.v(), 1e-5, "v");
        assertClose(nd4j.a(), cpu.a(), 1e-5, "a");
        assertClose(nd4j.psi(), cpu.psi(), 1e-5, "psi");
        assertClose(nd4j.y(), cpu.y(), 1e-5, "y");
    }

    @Test
    void cpuLiveStepsKeepTheirTrialAndSeeUpdatedWeights()
    {
        final INDArray[] x = inputs(10, STEPS);
        final SpikingNetwork net = network(Backend.CPU);
        net.recordLive(STEPS);
        final float[] activity = new float[BATCH * net.units()];
        final float[] readout = new float[BATCH * net.readoutWidth()];
        for (int trial = 0; trial < 2; trial++)
        {
            net.resetState(BATCH);
            for (int t = 0; t < STEPS; t++)
            {
                net.step(Floats.of(x[t]), activity, readout);
                assertArrayEquals(Floats.of(net.liveStep().z()), activity, 0f, "liveStep at " + t);
            }
            final SpikingTrajectory kept = net.liveTrajectory();
            final SpikingTrajectory replay = net.forward(x);
            for (int t = 0; t < STEPS; t++)
            {
                assertArrayEquals(Floats.of(replay.v()[t]), Floats.of(kept.v()[t]), 0f, "v at " + t);
                assertArrayEquals(Floats.of(replay.y()[t]), Floats.of(kept.y()[t]), 0f, "y at " + t);
                assertArrayEquals(Floats.of(x[t]), Floats.of(kept.x()[t]), 0f, "x at " + t);
            }
            // an update between trials, as a learner makes it: the next trial must compute with it
            net.wRec().muli(1.5);
            net.constrain();
        }
    }

    /**
     * The readout gradients of the cpu backend (filtered spikes in float, sums in double over the judged steps) against
     * the ND4J loop run in double precision on the same trial, for a mean-squared error that judges two thirds of the
     * trial and a cross-entropy that judges its last steps.
     */
    @ParameterizedTest
    @EnumSource(LossKind.class)
    void cpuReadoutGradientsMatchTheDoubleNd4jLoop(final LossKind kind)
    {
        final INDArray[] x = inputs(10, STEPS);
        final SpikingNetwork cpu = network(Backend.CPU);
        final SpikingTrajectory f = cpu.forward(x);
        final SpikingNetwork exact = new SpikingNetwork(cpu.params(), DataType.DOUBLE,
            cpu.wIn().castTo(DataType.DOUBLE), cpu.wRec().castTo(DataType.DOUBLE), cpu.wOut().castTo(DataType.DOUBLE),
            cpu.bOut().castTo(DataType.DOUBLE), Nd4j.ones(DataType.DOUBLE, cpu.units(), cpu.units()));
        final INDArray[] zd = new INDArray[STEPS];
        final INDArray[] yd = new INDArray[STEPS];
        final INDArray[] targets = new INDArray[STEPS];
        final double[] weights = new double[STEPS];
        final NodeRandom random = NodeRandom.forNode(4, "targets");
        for (int t = 0; t < STEPS; t++)
        {
            zd[t] = f.z()[t].castTo(DataType.DOUBLE);
            yd[t] = f.y()[t].castTo(DataType.DOUBLE);
            final double[] target = new double[BATCH * 3];
            for (int b = 0; b < BATCH; b++)
            {
                for (int o = 0; o < 3; o++)
                {
                    target[b * 3 + o] = kind == LossKind.MSE ? random.nextGaussian() : o == b % 3 ? 1 : 0;
                }
            }
            targets[t] = Nd4j.create(target, new long[] {BATCH, 3}, 'c');
            weights[t] = kind == LossKind.MSE ? (t >= STEPS / 3 ? 1 : 0) : (t >= STEPS - 20 ? 1.0 / 20 : 0);
        }
        final INDArray[] targetsF = new INDArray[STEPS];
        for (int t = 0; t < STEPS; t++)
        {
            targetsF[t] = targets[t].castTo(DataType.FLOAT);
        }
        final SpikingTrajectory d = new SpikingTrajectory(f.x(), f.v(), f.a(), zd, f.psi(), yd);
        final INDArray[] expected = exact.readoutGradients(d, new Loss(kind, targets, weights));
        final INDArray[] actual = cpu.readoutGradients(f, new Loss(kind, targetsF, weights));
        for (int i = 0; i < 2; i++)
        {
            final double norm = expected[i].norm2Number().doubleValue();
            final double error = actual[i].castTo(DataType.DOUBLE).sub(expected[i]).norm2Number().doubleValue() / norm;
            assertTrue(norm > 1e-3, kind + " gradient " + i + " is not trivial: " + norm);
            assertTrue(error < 1e-5, kind + " gradient " + i + ": relative error " + error);
        }
    }

    @Test
    void cpuNeedsFloat32()
    {
        final SpikingNetwork net = new SpikingNetwork(SpikingParams.evidenceAccumulation(2, 2, 0, 1), DataType.DOUBLE,
            NodeRandom.forNode(1, "d"));
        assertThrows(IllegalArgumentException.class, () -> net.withBackend(Backend.CPU));
    }

    @Test
    void floatsReadAndWriteStepViews()
    {
        final INDArray all = Nd4j.arange(2 * 3 * 4).castTo(DataType.FLOAT).reshape(2, 3, 4);
        final INDArray view = all.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
            org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertArrayEquals(view.dup().data().asFloat(), Floats.of(view), 0f);
        Floats.write(new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12}, view);
        assertEquals(-1f, all.getFloat(1, 0, 0));
        assertEquals(-12f, all.getFloat(1, 2, 3));
        assertEquals(11f, all.getFloat(0, 2, 3), "the other step is untouched");
        final INDArray column = all.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1));
        assertArrayEquals(new float[] {1, 5, 9}, Floats.of(column), 0f, "a strided view takes the slow path");
    }

    @Test
    void theReplayCountsEveryUnitsSpikesAsTheRegulariserWould()
    {
        final INDArray[] x = inputs(10, STEPS);
        final org.brainsim.objectives.FiringRate rate = new org.brainsim.objectives.FiringRate(0.3, 10);
        for (final int threads : new int[] {1, 2})
        {
            final SpikingNetwork net = network(Backend.CPU).withThreads(threads);
            final SpikingTrajectory tr = net.forwardReusing(x);
            final float[] counts = net.spikeCounts(tr);
            final int n = net.params().n();
            assertEquals(n, counts.length);
            final double[] expected = new double[n];
            double total = 0;
            for (final INDArray zt : tr.z())
            {
                final float[] z = Floats.of(zt);
                for (int i = 0; i < z.length; i++)
                {
                    expected[i % n] += z[i];
                    total += z[i];
                }
            }
            assertTrue(total > 50, "the network fires: " + total + " spikes");
            for (int j = 0; j < n; j++)
            {
                assertEquals(expected[j], counts[j], 0.0, "unit " + j);
            }
            // given the counts or not, the regulariser's value and derivative are the same bits
            assertEquals(rate.value(tr.z(), 1.0), rate.value(tr.z(), counts, 1.0), 0.0);
            assertArrayEquals(Floats.of(rate.derivative(tr.z(), 1.0)), Floats.of(rate.derivative(tr.z(), counts, 1.0)),
                0f);
            // another trial's trajectory, or one the network did not replay, has no counts
            final SpikingTrajectory next = net.forwardReusing(x);
            assertEquals(null, net.spikeCounts(tr));
            assertArrayEquals(counts, net.spikeCounts(next), 0f, "the same inputs, the same spikes");
        }
        final SpikingNetwork nd4j = network(Backend.ND4J);
        assertEquals(null, nd4j.spikeCounts(nd4j.forwardReusing(x)), "the ND4J step does not count");
    }
}
