package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link FmaGemm}: every element of the product is the fused multiply-add chain over k in order, bit for bit, on the
 * vector lanes and in the scalar loops alike, for shapes that leave partial row blocks and partial panels; and it is
 * the matrix product (within the float rounding of a chain, against double precision).
 */
class FmaGemmTest
{
    /** c[i][j] by its definition: one chain per element, k from 0, one rounding per term. */
    private static float[] chains(final float[] a, final int m, final int depth, final float[] b, final int columns)
    {
        final float[] c = new float[m * columns];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                float s = 0f;
                for (int k = 0; k < depth; k++)
                {
                    s = Math.fma(a[i * depth + k], b[k * columns + j], s);
                }
                c[i * columns + j] = s;
            }
        }
        return c;
    }

    private static float[] gaussian(final String stream, final int length)
    {
        final float[] values = new float[length];
        NodeRandom.forNode(3, stream).fillGaussian(values, 1.0);
        return values;
    }

    private static FmaPanels pack(final float[] b, final int depth, final int columns)
    {
        final FmaPanels packed = FmaGemm.panels(depth, columns);
        // in two blocks of rows, as the rate step packs W_rec and W_in
        final int split = depth / 2;
        packed.rows(0, split, FloatBuffer.wrap(b), 0);
        packed.rows(split, depth - split, FloatBuffer.wrap(b), split * columns);
        return packed;
    }

    @ParameterizedTest(name = "{0} x {1} . {1} x {2}")
    @CsvSource({"1, 1, 1", "3, 5, 7", "4, 37, 31", "8, 64, 32", "9, 200, 33", "13, 17, 100", "64, 192, 128",
        "64, 1088, 1024", "17, 3, 65"})
    void lanesAndScalarLoopsComputeEveryElementsChainBitForBit(final int m, final int depth, final int columns)
    {
        final float[] a = gaussian("a" + m + depth, m * depth);
        final float[] b = gaussian("b" + depth + columns, depth * columns);
        // rows of A that are mostly zero (spikes, silent inputs) and a few values at the edges of float range
        for (int k = 0; k < depth; k += 3)
        {
            a[k] = 0f;
        }
        a[a.length - 1] = 3e-39f; // subnormal
        b[0] = -0f;
        final float[] expected = chains(a, m, depth, b, columns);
        final FmaPanels packed = pack(b, depth, columns);
        final float[] lanes = new float[m * columns];
        FmaGemm.multiply(a, depth, m, packed, lanes, columns);
        final float[] scalar = new float[m * columns];
        FmaGemm.scalar(a, depth, m, packed, scalar, columns);
        // without a delta JUnit compares float bit patterns
        assertArrayEquals(expected, scalar, "scalar loops");
        assertArrayEquals(expected, lanes, "lanes (" + (Lanes.enabled() ? "on" : "off") + ")");
    }

    @Test
    void theLanesRunInTheTests()
    {
        assertTrue(Lanes.enabled(), "the tests run with --add-modules jdk.incubator.vector (pom.xml)");
        assertEquals(FmaGemmLanes.PANEL, FmaGemm.panels(3, 3).width);
    }

    @Test
    void aChainIsNotAnUnfusedSumNorABlockedOne()
    {
        // the definition is what the bits are compared with: it must tell a chain from the other two orders
        final int m = 16;
        final int depth = 500;
        final int columns = 40;
        final float[] a = gaussian("a", m * depth);
        final float[] b = gaussian("b", depth * columns);
        final float[] product = new float[m * columns];
        FmaGemm.multiply(a, depth, m, pack(b, depth, columns), product, columns);
        final float[] unfused = new float[m * columns];
        final float[] blocked = new float[m * columns];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                float s = 0f;
                float first = 0f;
                float second = 0f;
                for (int k = 0; k < depth; k++)
                {
                    s += a[i * depth + k] * b[k * columns + j];
                    if (k < depth / 2)
                    {
                        first = Math.fma(a[i * depth + k], b[k * columns + j], first);
                    }
                    else
                    {
                        second = Math.fma(a[i * depth + k], b[k * columns + j], second);
                    }
                }
                unfused[i * columns + j] = s;
                blocked[i * columns + j] = first + second;
            }
        }
        assertFalse(java.util.Arrays.equals(product, unfused));
        assertFalse(java.util.Arrays.equals(product, blocked));
    }

    @Test
    void itIsTheMatrixProductToWithinAChainsRounding()
    {
        final int m = 7;
        final int depth = 300;
        final int columns = 45;
        final float[] a = gaussian("a", m * depth);
        final float[] b = gaussian("b", depth * columns);
        final float[] c = new float[m * columns];
        FmaGemm.multiply(a, depth, m, pack(b, depth, columns), c, columns);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double exact = 0;
                double scale = 0;
                for (int k = 0; k < depth; k++)
                {
                    exact += (double)a[i * depth + k] * b[k * columns + j];
                    scale += Math.abs((double)a[i * depth + k] * b[k * columns + j]);
                }
                // a chain of depth roundings, each at most half an ulp of the partial sum
                assertTrue(Math.abs(c[i * columns + j] - exact) <= depth * 0x1p-24 * scale,
                    "c[" + i + "][" + j + "] = " + c[i * columns + j] + ", exact " + exact);
            }
        }
    }

    @Test
    void stridesLeaveTheOtherColumnsAlone()
    {
        final int m = 5;
        final int depth = 6;
        final int columns = 35;
        final int lda = 9;
        final int ldc = 40;
        final float[] dense = gaussian("a", m * depth);
        final float[] a = new float[m * lda];
        for (int i = 0; i < m; i++)
        {
            System.arraycopy(dense, i * depth, a, i * lda, depth);
            a[i * lda + depth] = Float.NaN; // beyond depth: never read
        }
        final float[] b = gaussian("b", depth * columns);
        final float[] c = new float[m * ldc];
        java.util.Arrays.fill(c, 7f);
        FmaGemm.multiply(a, lda, m, pack(b, depth, columns), c, ldc);
        final float[] expected = chains(dense, m, depth, b, columns);
        for (int i = 0; i < m; i++)
        {
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * columns, (i + 1) * columns),
                java.util.Arrays.copyOfRange(c, i * ldc, i * ldc + columns), "row " + i);
            for (int j = columns; j < ldc; j++)
            {
                assertEquals(7f, c[i * ldc + j], "padding of row " + i);
            }
        }
    }

    @Test
    void shapesThatDoNotFitAreRefused()
    {
        final FmaPanels packed = FmaGemm.panels(4, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> packed.rows(2, 3, FloatBuffer.allocate(100), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FmaGemm.multiply(new float[7], 4, 2, packed, new float[6], 3));
        assertThrows(IndexOutOfBoundsException.class, () -> FmaGemm.multiply(new float[8], 4, 2, packed, new float[5], 3));
        assertThrows(IllegalArgumentException.class, () -> FmaGemm.panels(0, 3));
    }
}
