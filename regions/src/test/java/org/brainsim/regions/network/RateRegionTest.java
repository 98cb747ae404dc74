package org.brainsim.regions.network;

import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.region.RegionKernel;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rate region without a rule (the one rate network, {@link RateModel}) against an independent double-precision
 * implementation that redraws its weights in the documented order.
 */
class RateRegionTest
{
    private static final int N = 17;
    private static final ParamValues PARAMS = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 20.0,
        "recurrent_gain", 1.2, "bias_std", 0.3, "initial_state_std", 0.5));

    /** A rule-less rate region of N units on inputs of these widths and scales. */
    private static RegionKernel region(
        final ParamValues params, final int n, final int batch, final int[] widths, final double[] scales,
        final NodeRandom random)
    {
        final List<NetworkSpec.Input> inputs = new ArrayList<>();
        for (int l = 0; l < widths.length; l++)
        {
            inputs.add(new NetworkSpec.Input("l" + l, widths[l], LinkWeights.normal(scales[l])));
        }
        return RegionKernel.inputsOnly(RateModel.RATE.build(new NetworkSpec(n, 1, batch, 1.0, inputs), params, random),
            batch);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldMatchAnIndependentDoublePrecisionImplementation(final Activation activation)
    {
        final ParamValues params = PARAMS.with(RateModel.ACTIVATION, activation);
        final int batch = 3;
        final int[] widths = {5, 9};
        final double[] scales = {1.5, 0.7};
        final RegionKernel kernel = region(params, N, batch, widths, scales, NodeRandom.forNode(11, "pfc"));

        // Redraw the same numbers in the documented order and step a plain-Java reference.
        final NodeRandom random = NodeRandom.forNode(11, "pfc");
        final int n = N;
        final float[] wRec = new float[n * n];
        random.fillGaussian(wRec, PARAMS.get(RateModel.RECURRENT_GAIN) / Math.sqrt(n));
        final float[][] wIn = new float[widths.length][];
        for (int l = 0; l < widths.length; l++)
        {
            wIn[l] = new float[widths[l] * n];
            random.fillGaussian(wIn[l], scales[l] / Math.sqrt(widths[l]));
        }
        final float[] b = new float[n];
        random.fillGaussian(b, PARAMS.get(RateModel.BIAS_STD));
        final float[] h0 = new float[batch * n];
        random.fillGaussian(h0, PARAMS.get(RateModel.INITIAL_STATE_STD));
        final double[] h = new double[batch * n];
        for (int i = 0; i < h.length; i++)
        {
            h[i] = h0[i];
        }
        final double alpha = 1.0 / PARAMS.get(RateModel.TAU_MS);

        final NodeRandom inputs = NodeRandom.forNode(3, "inputs");
        final float[] output = new float[batch * n];
        for (int step = 0; step < 50; step++)
        {
            final float[][] x = new float[widths.length][];
            for (int l = 0; l < widths.length; l++)
            {
                x[l] = new float[batch * widths[l]];
                inputs.fillGaussian(x[l], 1.0);
            }
            kernel.step(step, x, output);

            final double[] next = new double[h.length];
            for (int r = 0; r < batch; r++)
            {
                for (int j = 0; j < n; j++)
                {
                    double pre = b[j];
                    for (int i = 0; i < n; i++)
                    {
                        pre += h[r * n + i] * wRec[i * n + j];
                    }
                    for (int l = 0; l < widths.length; l++)
                    {
                        for (int i = 0; i < widths[l]; i++)
                        {
                            pre += x[l][r * widths[l] + i] * wIn[l][i * n + j];
                        }
                    }
                    next[r * n + j] = (1 - alpha) * h[r * n + j] + alpha * phi(activation, pre);
                }
            }
            System.arraycopy(next, 0, h, 0, h.length);
            for (int i = 0; i < h.length; i++)
            {
                assertEquals(h[i], output[i], 2e-5, "step " + step + " element " + i);
            }
        }
    }

    private static double phi(final Activation activation, final double x)
    {
        return switch (activation)
        {
            case TANH -> Math.tanh(x);
            case RELU -> Math.max(0, x);
            case SOFTPLUS -> Math.log1p(Math.exp(x));
        };
    }

    @Test
    void shouldBeBitIdenticalForSameSeedAndNameAndDifferForAnotherName()
    {
        final float[] a = run("v1");
        final float[] b = run("v1");
        final float[] c = run("v2");

        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    private static float[] run(final String name)
    {
        final RegionKernel kernel = region(PARAMS, N, 2, new int[] {4}, new double[] {1.0}, NodeRandom.forNode(5, name));
        final float[] output = new float[2 * N];
        final float[][] x = {new float[8]};
        java.util.Arrays.fill(x[0], 0.25f);
        for (int step = 0; step < 20; step++)
        {
            kernel.step(step, x, output);
        }
        return output;
    }

    @Test
    void shouldDecayToTanhOfBiasWithoutRecurrenceOrInput()
    {
        final ParamValues params = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 10.0,
            "recurrent_gain", 0.0, "bias_std", 0.5));
        final RegionKernel kernel = region(params, 4, 1, new int[0], new double[0], NodeRandom.forNode(1, "x"));
        final float[] output = new float[4];
        kernel.step(0, new float[0][], output);
        final float[] first = output.clone();
        for (int step = 1; step < 400; step++)
        {
            kernel.step(step, new float[0][], output);
        }
        // h_t = (1 - (1-α)^t) tanh(b): after one step α tanh(b), at rest tanh(b).
        for (int j = 0; j < 4; j++)
        {
            final double tanhB = first[j] / 0.1;
            assertEquals(tanhB, output[j], 1e-5);
            assertTrue(Math.abs(tanhB) < 1);
        }
    }

    @Test
    void shouldRejectTauShorterThanStep()
    {
        final ParamValues params = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 0.5));
        assertEquals(Map.of("tau_ms", "must be >= 1 (dt_ms), got 0.5"), RateModel.RATE.check(params, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RateParams(3, 4, 1, 2.0, Activation.TANH, 0.0));
    }
}
