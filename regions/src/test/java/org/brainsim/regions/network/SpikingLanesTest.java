package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The spiking step's loops on vector lanes give the same bits as the scalar loops: every state array after every
 * step of networks that fire, with refractoriness, adaptation, graded inputs and widths that are not a multiple of
 * the lane count. The JVM running the tests has the Vector API module (the build adds it), so both forms run here.
 */
class SpikingLanesTest
{
    @Test
    void theVectorModuleIsThereWhereTheBuildPromisesIt()
    {
        assertTrue(Lanes.available(), "the tests run with --add-modules jdk.incubator.vector (pom.xml)");
    }

    @ParameterizedTest(name = "n = {0} LIF + {1} ALIF, {2} inputs, refractory {3}")
    @CsvSource({"10, 12, 12, 3", "50, 50, 40, 5", "64, 64, 17, 1", "3, 0, 5, 2", "0, 37, 33, 4"})
    void vectorAndScalarStepsAreBitIdentical(final int nLif, final int nAlif, final int nIn, final int refractory)
    {
        final SpikingParams base = SpikingParams.evidenceAccumulation(nIn, nLif, nAlif, 3);
        // a low threshold and strong inputs: the units fire often, so every branch of the update runs
        final SpikingParams p = new SpikingParams(base.nIn(), base.nLif(), base.nAlif(), base.nOut(), base.dtMs(),
            base.tauMMs(), 200, 0.2, 0.3, base.zeta(), base.gammaPd(), refractory, base.tauOutMs(), base.zetaOut());
        final SpikingNetwork net = new SpikingNetwork(p, DataType.FLOAT, NodeRandom.forNode(5, "lanes"));
        final int batch = 5;
        final SpikingCpu vector = new SpikingCpu(p, batch, 1, true);
        final SpikingCpu scalar = new SpikingCpu(p, batch, 1, false);
        vector.weights(net);
        scalar.weights(net);
        final NodeRandom random = NodeRandom.forNode(9, "x");
        long spikes = 0;
        for (int t = 0; t < 200; t++)
        {
            final float[] x = new float[batch * nIn];
            for (int i = 0; i < x.length; i++)
            {
                x[i] = random.nextDouble() < 0.2 ? 1f : random.nextDouble() < 0.05 ? (float)random.nextGaussian() : 0f;
            }
            vector.step(x);
            scalar.step(x);
            // without a tolerance, JUnit compares float bit patterns (so +0 and −0 differ)
            assertArrayEquals(scalar.v, vector.v, "v at step " + t);
            assertArrayEquals(scalar.a, vector.a, "a at step " + t);
            assertArrayEquals(scalar.z, vector.z, "z at step " + t);
            assertArrayEquals(scalar.psi, vector.psi, "psi at step " + t);
            assertArrayEquals(scalar.refractory, vector.refractory, "refractory at step " + t);
            assertArrayEquals(scalar.y, vector.y, "y at step " + t);
            for (final float z : scalar.z)
            {
                spikes += (long)z;
            }
        }
        assertTrue(spikes > 200L * batch * p.n() / 50, "the network must fire for this test to mean much: " + spikes);
    }
}
