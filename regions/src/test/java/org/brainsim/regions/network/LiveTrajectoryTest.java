package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A region learns from the trajectory its live steps kept, not from a replay: that trajectory must be the replay's,
 * bit for bit, or a rule would learn from activity the region never emitted.
 */
class LiveTrajectoryTest
{
    private static final int BATCH = 3;
    private static final int STEPS = 40;

    private static INDArray[] inputs(final int nIn, final boolean spikes)
    {
        final NodeRandom random = NodeRandom.forNode(7, "x");
        final INDArray[] x = new INDArray[STEPS];
        for (int t = 0; t < STEPS; t++)
        {
            final float[] v = new float[BATCH * nIn];
            for (int i = 0; i < v.length; i++)
            {
                v[i] = spikes ? (random.nextDouble() < 0.2 ? 1f : 0f) : (float)random.nextGaussian();
            }
            x[t] = Nd4j.create(v, new long[] {BATCH, nIn}, 'c');
        }
        return x;
    }

    /** Runs the live steps on {@code x} after a resetState, as a region does. */
    private static Trajectory live(final RegionNetwork net, final INDArray[] x, final int steps)
    {
        net.resetState(BATCH);
        final float[] activity = new float[BATCH * net.units()];
        final float[] readout = new float[BATCH * net.readoutWidth()];
        for (int t = 0; t < steps; t++)
        {
            net.step(x[t].data().asFloat(), activity, readout);
        }
        return net.liveTrajectory();
    }

    private static void assertSame(final INDArray[] expected, final INDArray[] actual, final String what)
    {
        assertEquals(expected.length, actual.length, what + ": steps");
        for (int t = 0; t < expected.length; t++)
        {
            assertArrayEquals(expected[t].dup().data().asFloat(), actual[t].dup().data().asFloat(), 0f, what + " at " + t);
        }
    }

    @Test
    void spikingLiveTrialIsTheReplay()
    {
        final SpikingParams p = SpikingParams.evidenceAccumulation(6, 5, 5, 2);
        final SpikingNetwork net = new SpikingNetwork(p, DataType.FLOAT, NodeRandom.forNode(1, "net"));
        final INDArray[] x = inputs(6, true);
        net.recordLive(STEPS);
        live(net, x, 10); // a first trial, so the second reuses the buffers from rest
        final SpikingTrajectory kept = (SpikingTrajectory)live(net, x, STEPS);
        final SpikingTrajectory replay = net.forward(x);
        assertSame(replay.x(), kept.x(), "x");
        assertSame(replay.v(), kept.v(), "v");
        assertSame(replay.a(), kept.a(), "a");
        assertSame(replay.z(), kept.z(), "z");
        assertSame(replay.psi(), kept.psi(), "psi");
        assertSame(replay.y(), kept.y(), "y");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"CPU", "ND4J"})
    void rateLiveTrialIsTheReplayAndAShorterTrialIsCut(final Backend backend)
    {
        final RateNetwork net = RateNetwork.random(new RateParams(4, 8, 2, 0.2, Activation.TANH, 0.1), DataType.FLOAT,
            1.3, NodeRandom.forNode(2, "net")).withBackend(backend);
        final INDArray[] x = inputs(4, false);
        net.recordLive(STEPS);
        final RateTrajectory kept = (RateTrajectory)live(net, x, 25);
        final RateTrajectory replay = net.forward(java.util.Arrays.copyOf(x, 25));
        assertSame(replay.x(), kept.x(), "x");
        assertSame(replay.h(), kept.h(), "h");
        assertSame(replay.a(), kept.a(), "a");
        assertSame(replay.dPhi(), kept.dPhi(), "dPhi");
        assertSame(replay.y(), kept.y(), "y");
        assertArrayEquals(replay.aInitial().data().asFloat(), kept.aInitial().data().asFloat(), 0f);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"CPU", "ND4J"})
    void aKickMovesTheStateByAlphaXiAndWhatIsSentAndKeptIsTheKickedState(final Backend backend)
    {
        // Miconi's perturbation: a_t = (1 − α) a_{t−1} + α (φ(h_t) + ξ_t); the readout, the emitted activity and the
        // kept trajectory all see the kicked state, and the next step starts from it
        final double alpha = 0.2;
        final RateNetwork net = RateNetwork.random(new RateParams(4, 8, 2, alpha, Activation.TANH, 0.1), DataType.FLOAT,
            1.3, NodeRandom.forNode(2, "net")).withBackend(backend);
        final RateNetwork plain = RateNetwork.random(new RateParams(4, 8, 2, alpha, Activation.TANH, 0.1),
            DataType.FLOAT, 1.3, NodeRandom.forNode(2, "net")).withBackend(backend);
        final INDArray[] x = inputs(4, false);
        final INDArray xi = Nd4j.zeros(DataType.FLOAT, BATCH, 8);
        xi.putScalar(1, 3, 2.0);
        xi.putScalar(2, 0, -1.5);
        final int kickAt = 5;
        final int[] step = {0};
        net.perturbLive(batch -> step[0]++ == kickAt ? xi : null);
        net.recordLive(STEPS);
        net.resetState(BATCH);
        plain.recordLive(STEPS);
        plain.resetState(BATCH);
        final float[] activity = new float[BATCH * 8];
        final float[] readout = new float[BATCH * 2];
        final float[] expected = new float[BATCH * 8];
        final float[] plainReadout = new float[BATCH * 2];
        for (int t = 0; t <= kickAt; t++)
        {
            net.step(x[t].data().asFloat(), activity, readout);
            plain.step(x[t].data().asFloat(), expected, plainReadout);
        }
        for (int i = 0; i < expected.length; i++)
        {
            expected[i] += (float)(alpha * xi.getDouble(i / 8, i % 8));
        }
        assertArrayEquals(expected, activity, 1e-6f, "the kicked state is sent");
        final INDArray y = Nd4j.create(expected, new long[] {BATCH, 8}, 'c').mmul(net.wOut()).addiRowVector(net.bOut());
        assertArrayEquals(y.data().asFloat(), readout, 1e-6f, "the readout reads the kicked state");
        final RateTrajectory kept = net.liveTrajectory();
        assertArrayEquals(activity, kept.a()[kickAt].dup().data().asFloat(), 0f, "the kept a is the sent one");
        assertArrayEquals(readout, kept.y()[kickAt].dup().data().asFloat(), 0f, "the kept y is the sent one");
        assertArrayEquals(plain.liveTrajectory().h()[kickAt].dup().data().asFloat(),
            kept.h()[kickAt].dup().data().asFloat(), 0f, "h is the drive before the kick");
        // the next step starts from the kicked state: it differs from the unkicked network's next step
        net.step(x[kickAt + 1].data().asFloat(), activity, readout);
        plain.step(x[kickAt + 1].data().asFloat(), expected, plainReadout);
        assertEquals(true, Math.abs(activity[11] - expected[11]) > 1e-3, "the kick carries on");
    }

    @Test
    void refusesWhatWasNotKept()
    {
        final RateNetwork net = RateNetwork.random(new RateParams(2, 3, 1, 0.5, Activation.TANH, 0.0), DataType.FLOAT,
            1.0, NodeRandom.forNode(3, "net"));
        net.resetState(BATCH);
        assertThrows(IllegalStateException.class, net::liveTrajectory, "not recording");
        net.recordLive(2);
        net.resetState(BATCH);
        assertThrows(IllegalStateException.class, net::liveTrajectory, "no step yet");
        final float[] x = new float[BATCH * 2];
        for (int t = 0; t < 3; t++)
        {
            net.step(x, new float[BATCH * 3], new float[BATCH]);
        }
        assertThrows(IllegalStateException.class, net::liveTrajectory, "past capacity");
    }
}
