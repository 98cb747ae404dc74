package org.brainsim.regions.network;


/**
 * A float32 matrix product whose every element is one fused multiply-add chain in a fixed order:
 * c[i][j] = fma(a[i][K−1], b[K−1][j], … fma(a[i][1], b[1][j], fma(a[i][0], b[0][j], 0))), k from 0 up, one rounding
 * per term. Java defines {@link Math#fma} (and the Vector API's lane-wise FMA) to round exactly once, so the result
 * is the same bits on every JVM and every CPU, whatever the vector width, the register blocking or the thread count:
 * a lane of a vector holds one element of c and runs its chain alone. That is the promise the pinned OpenBLAS kernels
 * keep only on x86-64 machines with AVX2, and this product keeps it at the speed of the machine's widest vectors
 * (2026-12-04, docs/decisions.md): on the AMD CI kind with AVX-512, 2.2–2.3× faster than OpenBLAS's pinned Haswell
 * kernels for the rate step's product.
 *
 * <p>B is packed once ({@link FmaPanels}, when the weights change) into panels of {@link FmaPanels#width} columns, each
 * panel's rows contiguous, which keeps a panel in the second-level cache while every row block of A runs through it.
 * A CPU without fused multiply-add in hardware computes the same bits, slowly.
 */
final class FmaGemm
{
    private FmaGemm()
    {
    }

    /** @return B's panels for a product of this JVM ({@link #multiply}): as wide as its lanes' panel. */
    static FmaPanels panels(final int depth, final int columns)
    {
        return new FmaPanels(depth, columns, Lanes.enabled() ? FmaGemmLanes.PANEL : SCALAR_PANEL);
    }

    /** Columns per panel of the scalar loops. */
    static final int SCALAR_PANEL = 16;

    /**
     * c (m × {@code b.columns}, row stride {@code ldc}) = A B, A being m × {@code b.depth} from {@code a} with row stride
     * {@code lda}. Every element of c is written.
     */
    static void multiply(final float[] a, final int lda, final int m, final FmaPanels b, final float[] c, final int ldc)
    {
        if (lda < b.depth || ldc < b.columns || a.length < (long)(m - 1) * lda + b.depth ||
            c.length < (long)(m - 1) * ldc + b.columns)
        {
            throw new IndexOutOfBoundsException(m + " x " + b.depth + " (stride " + lda + ", " + a.length + " floats) · " +
                b.depth + " x " + b.columns + " into stride " + ldc + " (" + c.length + " floats)");
        }
        if (m == 0)
        {
            return;
        }
        if (Lanes.enabled() && b.width == FmaGemmLanes.PANEL)
        {
            FmaGemmLanes.multiply(a, lda, m, b, c, ldc);
        }
        else
        {
            scalar(a, lda, m, b, c, ldc);
        }
    }

    /** The same chains as the lanes, one row at a time (what a JVM without the Vector API runs). */
    static void scalar(final float[] a, final int lda, final int m, final FmaPanels b, final float[] c, final int ldc)
    {
        final int w = b.width;
        final float[] acc = new float[w];
        for (int p = 0, j0 = 0; j0 < b.columns; p++, j0 += w)
        {
            final int cols = Math.min(w, b.columns - j0);
            for (int i = 0; i < m; i++)
            {
                java.util.Arrays.fill(acc, 0f);
                for (int k = 0; k < b.depth; k++)
                {
                    final float aik = a[i * lda + k];
                    final int row = (p * b.depth + k) * w;
                    for (int j = 0; j < w; j++)
                    {
                        acc[j] = Math.fma(aik, b.panels[row + j], acc[j]);
                    }
                }
                System.arraycopy(acc, 0, c, i * ldc + j0, cols);
            }
        }
    }
}
