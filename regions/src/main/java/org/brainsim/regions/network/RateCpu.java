package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * The step of a {@link RateNetwork} on the CPU (backend {@code cpu}): the product h = [a | x] [W_rec; W_in] as one
 * fused multiply-add chain per element in a fixed order ({@link FmaGemm}: the same bits on every machine, on the
 * widest vectors the CPU has), then one pass of plain Java loops for bias, noise, φ, φ' and the leak, which C2
 * compiles to vector instructions; the readout straight into OpenBLAS's {@code cblas_sgemv}/{@code cblas_sgemm}.
 * Float32 only.
 *
 * <p>The same equations as the ND4J step (h = (a W_rec + Σ x W_in + b) + ξ, a ← (1 − α) a + α φ(h)); the product
 * rounds once per term where BLAS rounds per block, and tanh is a rational approximation accurate to a few float ulps
 * ({@link #tanh}), so the two backends agree to float rounding, not bit for bit. The packed weights are taken again
 * after {@link #weightsChanged()} (every update, lesion and mask; the network also calls it when a trial starts).
 *
 * <p>One instance per batch size, holding its scratch arrays. Not thread-safe.
 */
final class RateCpu extends RateStep
{
    private static final int ROW_MAJOR = 101; // CBLAS_ORDER.CblasRowMajor
    private static final int NO_TRANS = 111;  // CBLAS_TRANSPOSE.CblasNoTrans
    private static final float TANH_CLAMP = 7.90531110763549805f;

    private final int n;
    private final int nIn;
    private final int nOut;
    private final Activation activation;
    private final float alpha;
    private final float leak;
    private final float[] h;
    private final float[] a;
    private final float[] dPhi;
    private final float[] noise;
    private final float[] bias;
    private final float[] yRows;
    private final float[] bOut;
    private final float[] input;
    private final float[] ax;              // batch × (n + nIn): a_{t-1} and x_t side by side, the product's A
    private final FmaPanels product;       // [W_rec; W_in], packed when the weights changed
    private boolean packedStale = true;
    private final Bound[] bound = new Bound[12];
    private int nextBound;

    RateCpu(final RateParams params, final int batch)
    {
        super(params, DataType.FLOAT, batch);
        this.n = params.n();
        this.nIn = params.nIn();
        this.nOut = params.nOut();
        this.activation = params.activation();
        this.alpha = (float)params.alpha();
        this.leak = 1.0f - (float)params.alpha();
        this.h = new float[batch * n];
        this.a = new float[batch * n];
        this.dPhi = new float[batch * n];
        this.noise = new float[batch * n];
        this.bias = new float[n];
        this.yRows = new float[batch * nOut];
        this.bOut = new float[nOut];
        this.input = new float[batch * nIn];
        this.ax = new float[batch * (n + nIn)];
        this.product = FmaGemm.panels(n + nIn, n);
    }

    @Override
    void weightsChanged()
    {
        packedStale = true;
    }

    @Override
    void advance(
        final RecurrentWeights w, final INDArray biasRow, final INDArray aPrev, final INDArray noiseOrNull,
        final INDArray hOut, final INDArray dPhiOut, final INDArray aOut, final INDArray yOut)
    {
        if (packedStale)
        {
            final Bound wRecB = bind(w.wRec());
            product.rows(0, n, wRecB.buffer, wRecB.index);
            if (nIn > 0)
            {
                final Bound wInB = bind(w.wIn());
                product.rows(n, nIn, wInB.buffer, wInB.index);
            }
            packedStale = false;
        }
        // [a_{t-1} | x_t] row by row, then h = [a | x] [W_rec; W_in]: one chain per element, recurrent terms first,
        // then the inputs in link order (FmaGemm)
        // a_{t-1} once into a (the leak below updates it in place), and from there into ax's first n columns
        bind(aPrev).read(a);
        final int depth = n + nIn;
        for (int b = 0; b < batch; b++)
        {
            System.arraycopy(a, b * n, ax, b * depth, n);
        }
        if (nIn > 0)
        {
            final Bound xB = bind(x);
            for (int b = 0; b < batch; b++)
            {
                xB.buffer.get(xB.index + b * nIn, ax, b * depth + n, nIn);
            }
        }
        FmaGemm.multiply(ax, depth, batch, product, h, n);
        bind(biasRow).read(bias);
        for (int b = 0; b < batch; b++)
        {
            addBias(h, b * n, bias, n);
        }
        if (noiseOrNull != null)
        {
            bind(noiseOrNull).read(noise);
            for (int i = 0; i < h.length; i++)
            {
                h[i] += noise[i];
            }
        }
        if (hOut != null)
        {
            bind(hOut).write(h);
        }
        activate(dPhiOut != null);
        if (dPhiOut != null)
        {
            bind(dPhiOut).write(dPhi);
        }
        final Bound aOutB = bind(aOut);
        aOutB.write(a);
        final Bound yB = bind(yOut);
        readout(aOutB, bind(w.wOut()), yB);
        yB.read(yRows);
        bind(w.bOut()).read(bOut);
        for (int b = 0; b < batch; b++)
        {
            addBias(yRows, b * nOut, bOut, nOut);
        }
        yB.write(yRows);
    }

    /** φ(h), φ'(h) when kept, and the leak, over the whole batch. */
    private void activate(final boolean derivative)
    {
        switch (activation)
        {
            case TANH ->
            {
                if (derivative)
                {
                    tanhStep(h, a, dPhi, alpha, leak);
                }
                else
                {
                    tanhStep(h, a, alpha, leak);
                }
            }
            case RELU -> reluStep(h, a, dPhi, alpha, leak);
            case SOFTPLUS -> softplusStep(h, a, dPhi, alpha, leak);
            default -> throw new IllegalStateException("activation " + activation);
        }
    }

    @Override
    void load(final float[] values)
    {
        bind(x).write(values);
    }

    @Override
    void load(final INDArray values)
    {
        if (values.dataType() != DataType.FLOAT)
        {
            super.load(values);
            return;
        }
        Floats.read(values, input);
        bind(x).write(input);
    }

    @Override
    void kicked()
    {
        bind(state).read(a);
        bind(y).read(yRows);
    }

    @Override
    void emit(final float[] activity, final float[] readout)
    {
        System.arraycopy(a, 0, activity, 0, activity.length);
        System.arraycopy(yRows, 0, readout, 0, readout.length);
    }

    @Override
    void keep(final RateTrajectory into, final int t, final float[] values)
    {
        if (values.length > 0)
        {
            Floats.write(values, into.x()[t]);
        }
        Floats.write(a, into.a()[t]);
        Floats.write(yRows, into.y()[t]);
    }

    /**
     * c (batch × {@code columns}) = beta c + A B, where A is {@code depth} columns of {@code lhs} from column
     * {@code lhsColumn} (row stride {@code lhsStride}) and B is {@code depth} rows of {@code rhs} from element
     * {@code rhsFirst}.
     */
    private void gemm(
        final Bound lhs, final int lhsColumn, final int lhsStride, final Bound rhs, final int rhsFirst, final int columns,
        final Bound c, final int depth, final float beta)
    {
        Blas.gemm(false, false, batch, columns, depth, 1f, lhs.at(lhsColumn, (batch - 1L) * lhsStride + depth),
            lhsStride, rhs.at(rhsFirst, (long)depth * columns), columns, beta, c.at(0, (long)batch * columns), columns);
    }

    /** y = a W_out: a matrix-vector product per readout when there are few (one BLAS call each), else a product. */
    private void readout(final Bound aB, final Bound wOutB, final Bound yB)
    {
        if (nOut > 4)
        {
            gemm(aB, 0, n, wOutB, 0, nOut, yB, n, 0f);
            return;
        }
        for (int o = 0; o < nOut; o++)
        {
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, NO_TRANS, batch, n, 1f, aB.at(0, (long)batch * n), n,
                wOutB.at(o, (n - 1L) * nOut + 1), nOut, 0f, yB.at(o, (batch - 1L) * nOut + 1), nOut);
        }
    }

    /**
     * @return the array's binding: its native address for BLAS and its buffer for bulk copies, made once per array
     *     and kept for the last few arrays (a live step binds the same buffers every step).
     */
    private Bound bind(final INDArray array)
    {
        for (final Bound b : bound)
        {
            if (b != null && b.array == array)
            {
                return b;
            }
        }
        final Bound b = new Bound(array);
        bound[nextBound] = b;
        nextBound = (nextBound + 1) % bound.length;
        return b;
    }

    /** A float32, dense row-major array's native address and NIO view, made once. */
    private static final class Bound
    {
        final INDArray array;
        final FloatPointer base;   // element 0 of the array
        final FloatBuffer buffer;  // the whole buffer behind it
        final int index;           // element 0's index in buffer
        final int length;

        Bound(final INDArray a)
        {
            this.array = a;
            this.length = Math.toIntExact(a.length());
            this.base = Blas.pointer(a, 0, a.length()); // checks float32, dense and row-major
            // its NIO view is the whole buffer, from which Floats reads at the array's offset
            this.buffer = a.data().asNioFloat();
            this.index = Math.toIntExact(a.offset());
            if (buffer.capacity() < index + length)
            {
                throw new IllegalStateException("buffer of " + buffer.capacity() + " floats behind an array of " + length +
                    " from " + index);
            }
        }

        /** @return the address of element {@code first}, with {@code extent} elements from there inside the array. */
        FloatPointer at(final long first, final long extent)
        {
            if (first < 0 || first + extent > length)
            {
                throw new IndexOutOfBoundsException("elements " + first + " + " + extent + " of " + length);
            }
            return first == 0 ? base : new FloatPointer(base).position(base.position() + first);
        }

        void read(final float[] into)
        {
            buffer.get(index, into, 0, length);
        }

        void write(final float[] from)
        {
            buffer.put(index, from, 0, length);
        }
    }

    private static void addBias(final float[] into, final int from, final float[] bias, final int length)
    {
        for (int j = 0; j < length; j++)
        {
            into[from + j] += bias[j];
        }
    }

    private static void tanhStep(final float[] h, final float[] a, final float alpha, final float leak)
    {
        for (int i = 0; i < h.length; i++)
        {
            a[i] = leak * a[i] + alpha * tanh(h[i]);
        }
    }

    private static void tanhStep(final float[] h, final float[] a, final float[] dPhi, final float alpha, final float leak)
    {
        for (int i = 0; i < h.length; i++)
        {
            final float phi = tanh(h[i]);
            dPhi[i] = 1.0f - phi * phi;
            a[i] = leak * a[i] + alpha * phi;
        }
    }

    private static void reluStep(final float[] h, final float[] a, final float[] dPhi, final float alpha, final float leak)
    {
        for (int i = 0; i < h.length; i++)
        {
            final float phi = Math.max(h[i], 0f);
            dPhi[i] = h[i] > 0f ? 1f : 0f;
            a[i] = leak * a[i] + alpha * phi;
        }
    }

    private static void softplusStep(final float[] h, final float[] a, final float[] dPhi, final float alpha, final float leak)
    {
        for (int i = 0; i < h.length; i++)
        {
            final double e = Math.exp(h[i]);
            final float phi = (float)Math.log1p(e);
            dPhi[i] = (float)(e / (1 + e));
            a[i] = leak * a[i] + alpha * phi;
        }
    }

    /**
     * tanh in float32 as a rational function of degree 13/6 on [−7.9053, 7.9053] (clamped outside, where tanh is 1
     * to float precision): Eigen's {@code ptanh_float} coefficients, relative error ≤ 4e-7 against
     * {@code Math.tanh} (tested). No branches, so a loop of it vectorises.
     */
    static float tanh(final float x)
    {
        final float v = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        final float x2 = v * v;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 - 8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return v * p / q;
    }
}
