package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rate network's {@code cpu} backend (direct OpenBLAS products, fused element-wise pass) computes what the ND4J
 * backend computes, to float rounding: on a trial with several input blocks, with noise, for every activation,
 * and after the weights changed in place (as a learner changes them).
 */
class RateCpuTest
{
    private static final int BATCH = 5;
    private static final int STEPS = 30;
    private static final int N_IN = 7;

    private static RateNetwork network(final Activation activation, final Backend backend)
    {
        return network(activation, backend, 2);
    }

    private static RateNetwork network(final Activation activation, final Backend backend, final int nOut)
    {
        final RateParams params = new RateParams(N_IN, 33, nOut, 0.2, activation, 0.1);
        final INDArray initial = Nd4j.create(randoms(NodeRandom.forNode(4, "a0"), BATCH * 33, 0.5), new long[] {BATCH, 33}, 'c');
        final RateNetwork net = RateNetwork.random(params, DataType.FLOAT, 0.9, NodeRandom.forNode(3, "net"))
            .withInputBlocks(3, 4)
            .withInitialState(initial)
            .withBackend(backend);
        net.bias().assign(Nd4j.create(randoms(NodeRandom.forNode(5, "b"), 33, 0.3), new long[] {1, 33}, 'c'));
        net.bOut().assign(Nd4j.create(randoms(NodeRandom.forNode(6, "bOut"), nOut, 0.5), new long[] {1, nOut}, 'c'));
        return net;
    }

    private static float[] randoms(final NodeRandom random, final int count, final double std)
    {
        final float[] v = new float[count];
        random.fillGaussian(v, std);
        return v;
    }

    private static INDArray[] series(final String name, final int width, final double std)
    {
        final NodeRandom random = NodeRandom.forNode(9, name);
        final INDArray[] x = new INDArray[STEPS];
        for (int t = 0; t < STEPS; t++)
        {
            x[t] = Nd4j.create(randoms(random, BATCH * width, std), new long[] {BATCH, width}, 'c');
        }
        return x;
    }

    private static void assertClose(final INDArray[] expected, final INDArray[] actual, final String what)
    {
        for (int t = 0; t < expected.length; t++)
        {
            final float[] e = expected[t].dup().data().asFloat();
            final float[] a = actual[t].dup().data().asFloat();
            for (int i = 0; i < e.length; i++)
            {
                final double tolerance = 2e-6 * (1 + Math.abs(e[i]));
                if (Math.abs(e[i] - a[i]) > tolerance)
                {
                    throw new AssertionError(what + " at step " + t + ", element " + i + ": nd4j " + e[i] + ", cpu " + a[i]);
                }
            }
        }
    }

    private static void assertAgree(final RateTrajectory nd4j, final RateTrajectory cpu)
    {
        assertClose(nd4j.h(), cpu.h(), "h");
        assertClose(nd4j.a(), cpu.a(), "a");
        assertClose(nd4j.dPhi(), cpu.dPhi(), "dPhi");
        assertClose(nd4j.y(), cpu.y(), "y");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void aTrialAgreesWithTheNd4jBackend(final Activation activation)
    {
        final INDArray[] x = series("x", N_IN, 1.0);
        assertAgree(network(activation, Backend.ND4J).forward(x), network(activation, Backend.CPU).forward(x));
    }

    @Test
    void aWideReadoutAgreesWithTheNd4jBackend()
    {
        // more than four readouts go through one product instead of a matrix-vector product each
        final INDArray[] x = series("x", N_IN, 1.0);
        assertAgree(network(Activation.TANH, Backend.ND4J, 9).forward(x), network(Activation.TANH, Backend.CPU, 9).forward(x));
    }

    @Test
    void aTrialWithNoiseAgreesWithTheNd4jBackend()
    {
        final INDArray[] x = series("x", N_IN, 1.0);
        final INDArray[] noise = series("noise", 33, 0.3);
        assertAgree(network(Activation.TANH, Backend.ND4J).forward(x, noise),
            network(Activation.TANH, Backend.CPU).forward(x, noise));
    }

    @Test
    void weightsChangedInPlaceAreUsedByTheNextStep()
    {
        final INDArray[] x = series("x", N_IN, 1.0);
        final RateNetwork nd4j = network(Activation.TANH, Backend.ND4J);
        final RateNetwork cpu = network(Activation.TANH, Backend.CPU);
        nd4j.forwardReusing(x);
        cpu.forwardReusing(x);
        for (final RateNetwork net : new RateNetwork[] {nd4j, cpu})
        {
            net.wRec().muli(-0.5);
            net.wIn().addi(0.1);
            net.wOut().muli(2.0);
            net.bias().addi(0.2);
            net.bOut().subi(1.0);
        }
        assertAgree(nd4j.forwardReusing(x), cpu.forwardReusing(x));
    }

    @Test
    void tanhIsWithinAFewUlpsOfMathTanh()
    {
        double worst = 0;
        for (float v = -20f; v <= 20f; v += 1.0e-4f)
        {
            final double exact = Math.tanh(v);
            worst = Math.max(worst, Math.abs(RateCpu.tanh(v) - exact) / Math.max(Math.abs(exact), Float.MIN_NORMAL));
        }
        assertTrue(worst <= 5e-7, "worst relative error " + worst);
        assertEquals(0f, RateCpu.tanh(0f));
        assertEquals(1e-30f, RateCpu.tanh(1e-30f), 1e-36f);
        assertEquals(1f, RateCpu.tanh(Float.POSITIVE_INFINITY), 3e-7f);
        assertEquals(-1f, RateCpu.tanh(Float.NEGATIVE_INFINITY), 3e-7f);
        assertTrue(Float.isNaN(RateCpu.tanh(Float.NaN)), "a diverged unit stays NaN, so the run can see it");
    }

    @Test
    void refusesDoublePrecision()
    {
        final RateNetwork net = RateNetwork.random(new RateParams(2, 3, 1, 0.5, Activation.TANH, 0.0), DataType.DOUBLE,
            1.0, NodeRandom.forNode(3, "net"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.withBackend(Backend.CPU));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
    }
}
