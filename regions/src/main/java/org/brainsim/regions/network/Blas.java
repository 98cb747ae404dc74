package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Single-precision products straight into the OpenBLAS that ND4J loaded ({@code cblas_sgemm}) or, on request, oneDNN
 * ({@link Engine}), on float32 ND4J arrays that lie dense and row-major from their offset: the {@code cpu} backends'
 * large products, without ND4J's per-call overhead. Each operand is given as an array and the element its matrix starts at, so a block of rows of a larger
 * array (one step of a trial's buffer) needs no view. ND4J on the CPU only.
 */
public final class Blas
{
    private static final int ROW_MAJOR = 101; // CBLAS_ORDER.CblasRowMajor
    private static final int NO_TRANS = 111;  // CBLAS_TRANSPOSE.CblasNoTrans
    private static final int TRANS = 112;     // CBLAS_TRANSPOSE.CblasTrans

    /** The library that computes the {@code cpu} backends' products: {@code BRAINSIM_GEMM} (or {@code -Dbrainsim.gemm}). */
    public enum Engine
    {
        /** OpenBLAS's {@code cblas_sgemm}, with the kernels the launcher pins: the same bytes on every x86-64 machine. */
        OPENBLAS,
        /**
         * oneDNN's {@code dnnl_sgemm}, on the widest vector instructions of the machine (or those
         * {@code DNNL_MAX_CPU_ISA} allows): faster for a few rows times a large matrix on AVX-512 machines; the bytes
         * are those of the machine's kind, not the same as OpenBLAS's.
         */
        ONEDNN
    }

    private static final String SETTING = System.getProperty("brainsim.gemm", System.getenv("BRAINSIM_GEMM"));
    private static final Engine ENGINE = engineOrNull(SETTING);

    private Blas()
    {
    }

    /**
     * @return the engine this JVM computes the cpu backends' products with.
     * @throws IllegalStateException if {@code BRAINSIM_GEMM} names none ({@link #engineProblem()}).
     */
    public static Engine engine()
    {
        if (ENGINE == null)
        {
            throw new IllegalStateException(engineProblem());
        }
        return ENGINE;
    }

    /** @return what is wrong with this JVM's {@code BRAINSIM_GEMM}, or {@code null}: a launcher checks it up front. */
    public static String engineProblem()
    {
        return ENGINE != null ? null : "BRAINSIM_GEMM: " + SETTING + " (allowed: openblas, onednn)";
    }

    /** @return the engine a setting names ({@code null} or blank: OpenBLAS), or {@code null} if it names none. */
    static Engine engineOrNull(final String setting)
    {
        if (setting == null || setting.isBlank())
        {
            return Engine.OPENBLAS;
        }
        for (final Engine e : Engine.values())
        {
            if (e.name().equalsIgnoreCase(setting.trim()))
            {
                return e;
            }
        }
        return null;
    }

    /**
     * Row-major C = beta C + alpha op(A) op(B) on native addresses, through the {@link #engine() engine}; the callers
     * keep the arrays behind the pointers reachable.
     */
    static void gemm(
        final boolean transA, final boolean transB, final int m, final int n, final int k, final float alpha,
        final FloatPointer a, final int lda, final FloatPointer b, final int ldb, final float beta, final FloatPointer c,
        final int ldc)
    {
        gemm(engine(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** As {@link #gemm(boolean, boolean, int, int, int, float, FloatPointer, int, FloatPointer, int, float,
     * FloatPointer, int)}, on a given engine. */
    static void gemm(
        final Engine engine, final boolean transA, final boolean transB, final int m, final int n, final int k,
        final float alpha, final FloatPointer a, final int lda, final FloatPointer b, final int ldb, final float beta,
        final FloatPointer c, final int ldc)
    {
        if (engine == Engine.ONEDNN)
        {
            final int status = dnnl.dnnl_sgemm((byte)(transA ? 'T' : 'N'), (byte)(transB ? 'T' : 'N'), m, n, k, alpha, a,
                lda, b, ldb, beta, c, ldc);
            if (status != dnnl.dnnl_success)
            {
                throw new IllegalStateException("dnnl_sgemm " + m + " x " + n + " x " + k + ": status " + status);
            }
            return;
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a,
            lda, b, ldb, beta, c, ldc);
    }

    /**
     * C = beta C + op(A) op(B), row-major: op(A) is m × k, op(B) k × n, C m × n.
     *
     * @param a      A's array; A starts at element {@code aFirst}, rows {@code lda} apart (A is k × m when transposed).
     * @param b      B's array, likewise (B is n × k when transposed).
     * @param c      C's array, from element {@code cFirst}, rows {@code ldc} apart.
     */
    public static void sgemm(
        final boolean transA, final boolean transB, final int m, final int n, final int k,
        final INDArray a, final long aFirst, final int lda, final INDArray b, final long bFirst, final int ldb,
        final float beta, final INDArray c, final long cFirst, final int ldc)
    {
        sgemm(transA, transB, m, n, k, 1f, a, aFirst, lda, b, bFirst, ldb, beta, c, cFirst, ldc);
    }

    /** C = beta C + alpha op(A) op(B); otherwise as {@link #sgemm(boolean, boolean, int, int, int, INDArray, long, int,
     * INDArray, long, int, float, INDArray, long, int)}. */
    public static void sgemm(
        final boolean transA, final boolean transB, final int m, final int n, final int k, final float alpha,
        final INDArray a, final long aFirst, final int lda, final INDArray b, final long bFirst, final int ldb,
        final float beta, final INDArray c, final long cFirst, final int ldc)
    {
        final int aRows = transA ? k : m;
        final int aCols = transA ? m : k;
        final int bRows = transB ? n : k;
        final int bCols = transB ? k : n;
        try
        {
            gemm(transA, transB, m, n, k, alpha, pointer(a, aFirst, extent(aRows, aCols, lda)), lda,
                pointer(b, bFirst, extent(bRows, bCols, ldb)), ldb, beta, pointer(c, cFirst, extent(m, n, ldc)), ldc);
        }
        finally
        {
            // the pointers carry only addresses: an operand the caller no longer uses (a temporary) must not be
            // collected, and its buffer freed by ND4J's deallocator, while OpenBLAS reads it (see Broadcasts)
            java.lang.ref.Reference.reachabilityFence(a);
            java.lang.ref.Reference.reachabilityFence(b);
            java.lang.ref.Reference.reachabilityFence(c);
        }
    }

    private static long extent(final int rows, final int cols, final int ld)
    {
        if (ld < Math.max(1, cols))
        {
            throw new IllegalArgumentException("leading dimension " + ld + " < columns " + cols);
        }
        return rows == 0 || cols == 0 ? 0 : (rows - 1L) * ld + cols;
    }

    /**
     * @return the native address of element {@code first} of {@code a} (float32, dense row-major from its offset), with
     *     {@code extent} elements from there checked to lie inside it.
     */
    static FloatPointer pointer(final INDArray a, final long first, final long extent)
    {
        if (a.dataType() != DataType.FLOAT || !Floats.rowMajorDense(a))
        {
            throw new IllegalArgumentException("a " + a.dataType() + " array with strides " + Arrays.toString(a.stride()) +
                " (expected: FLOAT, dense row-major)");
        }
        if (first < 0 || first + extent > a.length())
        {
            throw new IndexOutOfBoundsException("elements " + first + " + " + extent + " of " + a.length());
        }
        // a view's buffer may itself start at the view (its address includes its offset), or be the whole buffer
        return new FloatPointer(a.data().addressPointer()).position(a.offset() - a.data().offset() + first);
    }
}
