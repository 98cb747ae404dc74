package org.brainsim.regions.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FmaGemm}'s product on the Vector API's lanes: a panel is two vectors wide (32 columns with AVX-512), and a
 * block of rows of A runs through it with one accumulator vector per row and half panel, each lane one element of c
 * and its chain over k in order, a lane-wise fused multiply-add per term: the same bits as {@link FmaGemm#scalar}
 * (tested). Blocks of 8 rows when the CPU has 32 vector registers' worth (16 lanes: AVX-512), else of 4 (AVX2's 16
 * registers hold 8 accumulators, the panel's two vectors and a broadcast); the rows after the last block one at a
 * time. Loaded only when {@link Lanes#enabled()}.
 */
final class FmaGemmLanes
{
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    /** Columns per panel. */
    static final int PANEL = 2 * LANES;
    private static final boolean EIGHT_ROWS = LANES >= 16;

    private FmaGemmLanes()
    {
    }

    static void multiply(final float[] a, final int lda, final int m, final FmaPanels b, final float[] c, final int ldc)
    {
        // a block's last panel when it is narrower than PANEL (none when the columns fill whole panels)
        final float[] edge = b.columns % PANEL == 0 ? null : new float[8 * PANEL];
        for (int p = 0, j0 = 0; j0 < b.columns; p++, j0 += PANEL)
        {
            final int cols = Math.min(PANEL, b.columns - j0);
            final boolean whole = cols == PANEL;
            int i = 0;
            if (EIGHT_ROWS)
            {
                for (; i + 8 <= m; i += 8)
                {
                    if (whole)
                    {
                        rows8(a, lda, i, b, p, c, i * ldc + j0, ldc);
                    }
                    else
                    {
                        rows8(a, lda, i, b, p, edge, 0, PANEL);
                        copy(edge, 8, cols, c, i * ldc + j0, ldc);
                    }
                }
            }
            else
            {
                for (; i + 6 <= m; i += 6)
                {
                    if (whole)
                    {
                        rows6(a, lda, i, b, p, c, i * ldc + j0, ldc);
                    }
                    else
                    {
                        rows6(a, lda, i, b, p, edge, 0, PANEL);
                        copy(edge, 6, cols, c, i * ldc + j0, ldc);
                    }
                }
            }
            for (; i + 4 <= m; i += 4)
            {
                if (whole)
                {
                    rows4(a, lda, i, b, p, c, i * ldc + j0, ldc);
                }
                else
                {
                    rows4(a, lda, i, b, p, edge, 0, PANEL);
                    copy(edge, 4, cols, c, i * ldc + j0, ldc);
                }
            }
            for (; i < m; i++)
            {
                if (whole)
                {
                    rows1(a, lda, i, b, p, c, i * ldc + j0, ldc);
                }
                else
                {
                    rows1(a, lda, i, b, p, edge, 0, PANEL);
                    copy(edge, 1, cols, c, i * ldc + j0, ldc);
                }
            }
        }
    }

    private static void copy(final float[] edge, final int rows, final int cols, final float[] c, final int at,
        final int ldc)
    {
        for (int r = 0; r < rows; r++)
        {
            System.arraycopy(edge, r * PANEL, c, at + r * ldc, cols);
        }
    }

    /** Rows {@code i … i + 7} of c, columns {@code j0 … j0 + PANEL − 1} (panel {@code p}), into {@code out} at {@code o} with stride {@code ldo}. */
    private static void rows8(final float[] a, final int lda, final int i, final FmaPanels b, final int p,
        final float[] out, final int o, final int ldo)
    {
        final FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero;
        FloatVector c01 = zero;
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector c20 = zero;
        FloatVector c21 = zero;
        FloatVector c30 = zero;
        FloatVector c31 = zero;
        FloatVector c40 = zero;
        FloatVector c41 = zero;
        FloatVector c50 = zero;
        FloatVector c51 = zero;
        FloatVector c60 = zero;
        FloatVector c61 = zero;
        FloatVector c70 = zero;
        FloatVector c71 = zero;
        final float[] bp = b.panels;
        final int depth = b.depth;
        final int row = i * lda;
        for (int k = 0, at = p * depth * PANEL; k < depth; k++, at += PANEL)
        {
            final FloatVector b0 = FloatVector.fromArray(SPECIES, bp, at);
            final FloatVector b1 = FloatVector.fromArray(SPECIES, bp, at + LANES);
            final FloatVector a0 = FloatVector.broadcast(SPECIES, a[row + k]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            final FloatVector a1 = FloatVector.broadcast(SPECIES, a[row + lda + k]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            final FloatVector a2 = FloatVector.broadcast(SPECIES, a[row + 2 * lda + k]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            final FloatVector a3 = FloatVector.broadcast(SPECIES, a[row + 3 * lda + k]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            final FloatVector a4 = FloatVector.broadcast(SPECIES, a[row + 4 * lda + k]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            final FloatVector a5 = FloatVector.broadcast(SPECIES, a[row + 5 * lda + k]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            final FloatVector a6 = FloatVector.broadcast(SPECIES, a[row + 6 * lda + k]);
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            final FloatVector a7 = FloatVector.broadcast(SPECIES, a[row + 7 * lda + k]);
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + LANES);
        c10.intoArray(out, o + ldo);
        c11.intoArray(out, o + ldo + LANES);
        c20.intoArray(out, o + 2 * ldo);
        c21.intoArray(out, o + 2 * ldo + LANES);
        c30.intoArray(out, o + 3 * ldo);
        c31.intoArray(out, o + 3 * ldo + LANES);
        c40.intoArray(out, o + 4 * ldo);
        c41.intoArray(out, o + 4 * ldo + LANES);
        c50.intoArray(out, o + 5 * ldo);
        c51.intoArray(out, o + 5 * ldo + LANES);
        c60.intoArray(out, o + 6 * ldo);
        c61.intoArray(out, o + 6 * ldo + LANES);
        c70.intoArray(out, o + 7 * ldo);
        c71.intoArray(out, o + 7 * ldo + LANES);
    }

    /** Rows {@code i … i + 5} of c, columns {@code j0 … j0 + PANEL − 1} (panel {@code p}), into {@code out} at {@code o} with stride {@code ldo}. */
    private static void rows6(final float[] a, final int lda, final int i, final FmaPanels b, final int p,
        final float[] out, final int o, final int ldo)
    {
        final FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero;
        FloatVector c01 = zero;
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector c20 = zero;
        FloatVector c21 = zero;
        FloatVector c30 = zero;
        FloatVector c31 = zero;
        FloatVector c40 = zero;
        FloatVector c41 = zero;
        FloatVector c50 = zero;
        FloatVector c51 = zero;
        final float[] bp = b.panels;
        final int depth = b.depth;
        final int row = i * lda;
        for (int k = 0, at = p * depth * PANEL; k < depth; k++, at += PANEL)
        {
            final FloatVector b0 = FloatVector.fromArray(SPECIES, bp, at);
            final FloatVector b1 = FloatVector.fromArray(SPECIES, bp, at + LANES);
            final FloatVector a0 = FloatVector.broadcast(SPECIES, a[row + k]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            final FloatVector a1 = FloatVector.broadcast(SPECIES, a[row + lda + k]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            final FloatVector a2 = FloatVector.broadcast(SPECIES, a[row + 2 * lda + k]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            final FloatVector a3 = FloatVector.broadcast(SPECIES, a[row + 3 * lda + k]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            final FloatVector a4 = FloatVector.broadcast(SPECIES, a[row + 4 * lda + k]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            final FloatVector a5 = FloatVector.broadcast(SPECIES, a[row + 5 * lda + k]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + LANES);
        c10.intoArray(out, o + ldo);
        c11.intoArray(out, o + ldo + LANES);
        c20.intoArray(out, o + 2 * ldo);
        c21.intoArray(out, o + 2 * ldo + LANES);
        c30.intoArray(out, o + 3 * ldo);
        c31.intoArray(out, o + 3 * ldo + LANES);
        c40.intoArray(out, o + 4 * ldo);
        c41.intoArray(out, o + 4 * ldo + LANES);
        c50.intoArray(out, o + 5 * ldo);
        c51.intoArray(out, o + 5 * ldo + LANES);
    }

    /** Rows {@code i … i + 3} of c, columns {@code j0 … j0 + PANEL − 1} (panel {@code p}), into {@code out} at {@code o} with stride {@code ldo}. */
    private static void rows4(final float[] a, final int lda, final int i, final FmaPanels b, final int p,
        final float[] out, final int o, final int ldo)
    {
        final FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero;
        FloatVector c01 = zero;
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector c20 = zero;
        FloatVector c21 = zero;
        FloatVector c30 = zero;
        FloatVector c31 = zero;
        final float[] bp = b.panels;
        final int depth = b.depth;
        final int row = i * lda;
        for (int k = 0, at = p * depth * PANEL; k < depth; k++, at += PANEL)
        {
            final FloatVector b0 = FloatVector.fromArray(SPECIES, bp, at);
            final FloatVector b1 = FloatVector.fromArray(SPECIES, bp, at + LANES);
            final FloatVector a0 = FloatVector.broadcast(SPECIES, a[row + k]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            final FloatVector a1 = FloatVector.broadcast(SPECIES, a[row + lda + k]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            final FloatVector a2 = FloatVector.broadcast(SPECIES, a[row + 2 * lda + k]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            final FloatVector a3 = FloatVector.broadcast(SPECIES, a[row + 3 * lda + k]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + LANES);
        c10.intoArray(out, o + ldo);
        c11.intoArray(out, o + ldo + LANES);
        c20.intoArray(out, o + 2 * ldo);
        c21.intoArray(out, o + 2 * ldo + LANES);
        c30.intoArray(out, o + 3 * ldo);
        c31.intoArray(out, o + 3 * ldo + LANES);
    }

    /** Rows {@code i … i + 0} of c, columns {@code j0 … j0 + PANEL − 1} (panel {@code p}), into {@code out} at {@code o} with stride {@code ldo}. */
    private static void rows1(final float[] a, final int lda, final int i, final FmaPanels b, final int p,
        final float[] out, final int o, final int ldo)
    {
        final FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero;
        FloatVector c01 = zero;
        final float[] bp = b.panels;
        final int depth = b.depth;
        final int row = i * lda;
        for (int k = 0, at = p * depth * PANEL; k < depth; k++, at += PANEL)
        {
            final FloatVector b0 = FloatVector.fromArray(SPECIES, bp, at);
            final FloatVector b1 = FloatVector.fromArray(SPECIES, bp, at + LANES);
            final FloatVector a0 = FloatVector.broadcast(SPECIES, a[row + k]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + LANES);
    }
}
