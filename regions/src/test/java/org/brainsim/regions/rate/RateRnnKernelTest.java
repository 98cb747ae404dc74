package org.brainsim.regions.rate;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateRnnKernelTest
{
    private static final RateRnnParams PARAMS = new RateRnnParams(17, 20.0, 1.0, 1.2, 0.3, 0.5);

    @Test
    void shouldMatchAnIndependentDoublePrecisionImplementation()
    {
        final int batch = 3;
        final int[] widths = {5, 9};
        final double[] scales = {1.5, 0.7};
        final RateRnnKernel kernel = new RateRnnKernel(PARAMS, batch, widths, scales, NodeRandom.forNode(11, "pfc"));

        // Redraw the same numbers in the documented order and step a plain-Java reference.
        final NodeRandom random = NodeRandom.forNode(11, "pfc");
        final int n = PARAMS.size();
        final float[] wRec = new float[n * n];
        random.fillGaussian(wRec, PARAMS.recurrentGain() / Math.sqrt(n));
        final float[][] wIn = new float[widths.length][];
        for (int l = 0; l < widths.length; l++)
        {
            wIn[l] = new float[widths[l] * n];
            random.fillGaussian(wIn[l], scales[l] / Math.sqrt(widths[l]));
        }
        final float[] b = new float[n];
        random.fillGaussian(b, PARAMS.biasStd());
        final float[] h0 = new float[batch * n];
        random.fillGaussian(h0, PARAMS.initialStateStd());
        final double[] h = new double[batch * n];
        for (int i = 0; i < h.length; i++)
        {
            h[i] = h0[i];
        }
        final double alpha = PARAMS.alpha();

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
                    next[r * n + j] = (1 - alpha) * h[r * n + j] + alpha * Math.tanh(pre);
                }
            }
            System.arraycopy(next, 0, h, 0, h.length);
            for (int i = 0; i < h.length; i++)
            {
                assertEquals(h[i], output[i], 2e-5, "step " + step + " element " + i);
            }
        }
        kernel.close();
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
        try (RateRnnKernel kernel = new RateRnnKernel(PARAMS, 2, new int[] {4}, new double[] {1.0},
            NodeRandom.forNode(5, name)))
        {
            final float[] output = new float[2 * PARAMS.size()];
            final float[][] x = {new float[8]};
            java.util.Arrays.fill(x[0], 0.25f);
            for (int step = 0; step < 20; step++)
            {
                kernel.step(step, x, output);
            }
            return output;
        }
    }

    @Test
    void shouldDecayToTanhOfBiasWithoutRecurrenceOrInput()
    {
        final RateRnnParams params = new RateRnnParams(4, 10.0, 1.0, 0.0, 0.5, 0.0);
        try (RateRnnKernel kernel = new RateRnnKernel(params, 1, new int[0], new double[0], NodeRandom.forNode(1, "x")))
        {
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
                final double tanhB = first[j] / params.alpha();
                assertEquals(tanhB, output[j], 1e-5);
                assertTrue(Math.abs(tanhB) < 1);
            }
        }
    }

    @Test
    void shouldRejectTauShorterThanStep()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new RateRnnParams(4, 0.5, 1.0, 1.0, 0.0, 0.0));
        assertTrue(ex.getMessage().startsWith("tauMs: 0.5"), ex.getMessage());
    }
}
