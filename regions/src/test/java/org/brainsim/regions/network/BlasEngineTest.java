package org.brainsim.regions.network;

import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two product engines of the cpu backends: the same maths within float rounding, each deterministic. */
class BlasEngineTest
{
    @Test
    void theSettingNamesAnEngineOrNone()
    {
        assertEquals(Blas.Engine.OPENBLAS, Blas.engineOrNull(null));
        assertEquals(Blas.Engine.OPENBLAS, Blas.engineOrNull(" "));
        assertEquals(Blas.Engine.OPENBLAS, Blas.engineOrNull("openblas"));
        assertEquals(Blas.Engine.ONEDNN, Blas.engineOrNull("oneDNN"));
        assertNull(Blas.engineOrNull("mkl"));
    }

    /** C = beta C + alpha op(A) op(B) on row-major blocks with leading dimensions wider than the block. */
    @Test
    void bothEnginesComputeTheProductOfADoublePrecisionReference()
    {
        final Random random = new Random(7);
        for (final boolean transA : new boolean[] {false, true})
        {
            for (final boolean transB : new boolean[] {false, true})
            {
                final int m = 16;
                final int n = 37;
                final int k = 100;
                final int lda = (transA ? m : k) + 3;
                final int ldb = (transB ? k : n) + 2;
                final int ldc = n + 5;
                final float[] a = gaussian(random, (transA ? k : m) * lda);
                final float[] b = gaussian(random, (transB ? n : k) * ldb);
                final float[] c0 = gaussian(random, m * ldc);
                final float alpha = 0.7f;
                final float beta = 0.5f;
                double scale = 0;
                final double[] expected = new double[m * ldc];
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < ldc; j++)
                    {
                        if (j >= n)
                        {
                            expected[i * ldc + j] = c0[i * ldc + j]; // outside the block: untouched
                            continue;
                        }
                        double sum = 0;
                        for (int p = 0; p < k; p++)
                        {
                            final double aip = transA ? a[p * lda + i] : a[i * lda + p];
                            final double bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                            sum += aip * bpj;
                        }
                        expected[i * ldc + j] = beta * c0[i * ldc + j] + alpha * sum;
                        scale = Math.max(scale, Math.abs(expected[i * ldc + j]));
                    }
                }
                for (final Blas.Engine engine : Blas.Engine.values())
                {
                    final float[] c = product(engine, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc);
                    double worst = 0;
                    for (int i = 0; i < c.length; i++)
                    {
                        worst = Math.max(worst, Math.abs(c[i] - expected[i]));
                    }
                    assertTrue(worst <= 1e-5 * scale, engine + " transA " + transA + " transB " + transB + ": " +
                        worst + " off (scale " + scale + ")");
                    assertEquals(java.util.Arrays.toString(c), java.util.Arrays.toString(
                        product(engine, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc)),
                        engine + ": the same bits again");
                }
            }
        }
    }

    private static float[] product(
        final Blas.Engine engine, final boolean transA, final boolean transB, final int m, final int n, final int k,
        final float alpha, final float[] a, final int lda, final float[] b, final int ldb, final float beta,
        final float[] c0, final int ldc)
    {
        try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b);
             FloatPointer pc = new FloatPointer(c0))
        {
            Blas.gemm(engine, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            final float[] c = new float[c0.length];
            pc.get(c);
            return c;
        }
    }

    private static float[] gaussian(final Random random, final int length)
    {
        final float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)random.nextGaussian();
        }
        return values;
    }
}
