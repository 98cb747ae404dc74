package org.brainsim.regions.rules;

import org.brainsim.objectives.ActivityLoss;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.Floats;
import org.brainsim.regions.network.BatchChunks;
import org.brainsim.regions.network.Blas;
import org.brainsim.regions.network.Events;
import org.brainsim.regions.network.Lanes;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The backward pass of {@code SpikingBptt} — and so e-prop's adjoint form — as fused loops over float arrays (backend
 * {@code cpu}): the same recursion, with the sparsity of spikes used in the outer products (a unit that did not
 * spike adds nothing to dW_rec or dW_out; a silent input adds nothing to dW_in) and steps the loss does not judge
 * skipped. Gradients accumulate in double, so the result is at least as accurate as the ND4J path's float sums.
 *
 * <p>Deterministic: every sum runs in a fixed order. The batch is cut into {@link BatchChunks}; each chunk runs the
 * whole recursion for its rows into its own partial sums, which are added in chunk order, so the gradients do not
 * depend on how many threads ran the chunks.
 */
final class SpikingCpuBackward
{
    private SpikingCpuBackward()
    {
    }

    /**
     * @param windowSteps     truncation window K ({@code Integer.MAX_VALUE}: the whole trial).
     * @param detachRecurrent no gradient through z_{t−1} W_rec.
     * @param detachReset     no gradient through −v_th z_{t−1}.
     * @param activity        the trial's activity loss, or {@code null}.
     * @param givenFeedback   B (nOut × n), or {@code null} for W_outᵀ.
     */
    static Gradients run(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final int windowSteps,
        final boolean detachRecurrent, final boolean detachReset, final ActivityLoss activity,
        final INDArray givenFeedback)
    {
        return run(net, tr, loss, windowSteps, detachRecurrent, detachReset, activity, givenFeedback, Lanes.enabled());
    }

    /** @param lanes the element-wise loops on vector lanes ({@link AdjointLanes}) or scalar: the same bits. */
    static Gradients run(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final int windowSteps,
        final boolean detachRecurrent, final boolean detachReset, final ActivityLoss activity,
        final INDArray givenFeedback, final boolean lanes)
    {
        final SpikingParams p = net.params();
        final int steps = tr.steps();
        final int batch = (int)tr.z()[0].rows();
        final int n = p.n();
        final INDArray regRow = activity == null ? null : activity.derivative(tr.z(), net.spikeCounts(tr), p.dtMs());
        // the steps the chunks copy from, as buffers looked up once for the trial (~0.2 µs a look-up) rather than by
        // each chunk at each step; a buffer does not keep its array reachable, so these are fenced below
        final INDArray[] x = dense(tr.x());
        final INDArray[] z = dense(tr.z());
        final INDArray[] psi = dense(tr.psi());
        // What the chunks share, read only: computed here, on the calling thread (objectives use ND4J workspaces).
        final Shared shared = new Shared(p, windowSteps, detachReset,
            regRow == null ? null : Floats.of(regRow.castTo(DataType.FLOAT)),
            // feedback B (nOut × n): the given matrix, or W_outᵀ (exact)
            givenFeedback != null ? Floats.of(givenFeedback.castTo(DataType.FLOAT)) :
                Floats.of(net.wOut().transpose().dup('c')),
            // BPTT's recurrent term ζ δv_{t+1} W_recᵀ is a dense rows × n · n × n product every step: BLAS does it
            detachRecurrent ? null : net.wRec().transpose().castTo(DataType.FLOAT).dup('c'),
            errors(tr, loss), Floats.views(x), Floats.views(z), Floats.views(psi), lanes);
        final BatchChunks chunks = new BatchChunks(batch, net.threads());
        final Partial[] partials = new Partial[chunks.count()];
        chunks.run(c -> partials[c] = chunk(shared, chunks.from(c), chunks.to(c)));
        Reference.reachabilityFence(x); // the arrays' memory is freed with them: not before the chunks copied
        Reference.reachabilityFence(z);
        Reference.reachabilityFence(psi);
        // the partial sums, added in chunk order for every element (the elements shared among the threads): the same
        // values whatever the number of threads
        final float zeta = (float)p.zeta();
        final INDArray gRec = sum(partials, q -> q.dRec, zeta, n, n, net.threads())
            .muli(net.recMask().castTo(DataType.FLOAT));
        return new Gradients(sum(partials, q -> q.dIn, zeta, p.nIn(), n, net.threads()), gRec, null,
            sum(partials, q -> q.dOut, (float)p.zetaOut(), n, p.nOut(), net.threads()),
            sum(partials, q -> q.dOutBias, 1, 1, p.nOut(), 1));
    }

    /** @return {@code scale} times the sum over the partials of one of their matrices, as float32 rows × cols. */
    private static INDArray sum(final Partial[] partials, final java.util.function.Function<Partial, double[]> part,
        final double scale, final int rows, final int cols, final int threads)
    {
        final double[][] sums = new double[partials.length][];
        for (int k = 0; k < sums.length; k++)
        {
            sums[k] = part.apply(partials[k]);
        }
        final float[] total = new float[rows * cols];
        // a sum under a million additions takes less than handing it to a second thread costs (a parked worker's wake
        // and the wait for it, paid per sum): those run on the calling thread
        final boolean large = (long)rows * cols * partials.length >= 1 << 20;
        final BatchChunks byRows = new BatchChunks(rows, large ? threads : 1);
        byRows.run(c ->
        {
            for (int i = byRows.from(c) * cols; i < byRows.to(c) * cols; i++)
            {
                double value = sums[0][i];
                for (int k = 1; k < sums.length; k++)
                {
                    value += sums[k][i];
                }
                total[i] = (float)(scale * value);
            }
        });
        return Nd4j.create(total, new long[] {rows, cols}, 'c');
    }

    /** The trial's inputs and read-only operands of the recursion. */
    private record Shared(SpikingParams p, int windowSteps, boolean detachReset, float[] reg, float[] feedback,
        INDArray wRecT, float[][] errors, FloatBuffer[] x, FloatBuffer[] z, FloatBuffer[] psi, boolean lanes)
    {
    }

    /** One chunk's sums over its rows and the whole trial, in double. */
    private static final class Partial
    {
        final double[] dIn;
        final double[] dRec;
        final double[] dOut;
        final double[] dOutBias;

        Partial(final SpikingParams p)
        {
            dIn = new double[p.nIn() * p.n()];
            dRec = new double[p.n() * p.n()];
            dOut = new double[p.n() * p.nOut()];
            dOutBias = new double[p.nOut()];
        }
    }

    /** @return the loss's error per step (float32, batch × nOut row-major), {@code null} where it does not judge. */
    private static float[][] errors(final SpikingTrajectory tr, final ReadoutLoss loss)
    {
        final float[][] errors = new float[tr.steps()][];
        for (int t = 0; t < errors.length; t++)
        {
            if (loss.judges(t))
            {
                errors[t] = loss.errorValues(tr.y()[t], t);
            }
        }
        return errors;
    }

    /** @return every step of {@code steps} as a dense row-major float32 array (a copy where it is not). */
    private static INDArray[] dense(final INDArray[] steps)
    {
        final INDArray[] dense = new INDArray[steps.length];
        for (int t = 0; t < dense.length; t++)
        {
            final INDArray st = steps[t];
            dense[t] = st.dataType() == DataType.FLOAT && Floats.rowMajorDense(st) ? st :
                st.castTo(DataType.FLOAT).dup('c');
        }
        return dense;
    }

    /** The backward recursion for rows {@code from … to − 1} over the whole trial, into a fresh partial sum. */
    private static Partial chunk(final Shared s, final int from, final int to)
    {
        final SpikingParams p = s.p();
        final int steps = s.z().length;
        // this thread's own buffer objects (Floats.duplicates)
        final FloatBuffer[] zs = Floats.duplicates(s.z());
        final FloatBuffer[] psis = Floats.duplicates(s.psi());
        final FloatBuffer[] xs = Floats.duplicates(s.x());
        final int rows = to - from;
        final int n = p.n();
        final int nIn = p.nIn();
        final int nOut = p.nOut();
        final float alpha = (float)p.alpha();
        final float rho = (float)p.rho();
        final float kappa = (float)p.kappa();
        final float zeta = (float)p.zeta();
        final float zetaOut = (float)p.zetaOut();
        final float vTh = (float)p.vTh();
        final float[] beta = new float[n];
        for (int j = 0; j < n; j++)
        {
            beta[j] = (float)p.betas()[j];
        }
        final float[] reg = s.reg();
        final float[] feedback = s.feedback();
        final INDArray wRecT = s.wRecT();
        final INDArray dvMatrix = wRecT == null ? null : Nd4j.create(DataType.FLOAT, rows, n);
        final INDArray recMatrix = wRecT == null ? null : Nd4j.create(DataType.FLOAT, rows, n);
        // their buffers, looked up once (the arrays stay reachable: every step's product names them)
        final FloatBuffer dvView = dvMatrix == null ? null : Floats.view(dvMatrix);
        final FloatBuffer recView = recMatrix == null ? null : Floats.view(recMatrix);
        final float[] recurrent = wRecT == null ? null : new float[rows * n];

        final Partial sum = new Partial(p);
        final double[] dIn = sum.dIn;
        final double[] dRec = sum.dRec;
        final double[] dOut = sum.dOut;
        final double[] dOutBias = sum.dOutBias;
        float[] dvNext = new float[rows * n];
        float[] dv = new float[rows * n];
        final float[] daNext = new float[rows * n];
        final float[] dyNext = new float[rows * nOut];
        final float[] signal = new float[n];
        final boolean lanes = s.lanes();
        final float[] psi = new float[rows * n];
        float[] z = new float[rows * n];     // z_t
        float[] zPrev = new float[rows * n]; // z_{t−1}: the next step's z_t, read once
        final float[] x = new float[rows * nIn];
        final int[] events = new int[Math.max(n, nIn)];
        zs[steps - 1].get(from * n, z, 0, rows * n);
        for (int t = steps - 1; t >= 0; t--)
        {
            if ((t + 1) % s.windowSteps() == 0)
            {
                Arrays.fill(dvNext, 0f);
                Arrays.fill(daNext, 0f);
                Arrays.fill(dyNext, 0f);
            }
            final float[] err = s.errors()[t];
            psis[t].get(from * n, psi, 0, rows * n);
            xs[t].get(from * nIn, x, 0, rows * nIn);
            if (t > 0)
            {
                zs[t - 1].get(from * n, zPrev, 0, rows * n);
            }
            if (wRecT != null)
            {
                dvView.put(0, dvNext, 0, rows * n);
                Blas.sgemm(false, false, rows, n, n, zeta, dvMatrix, 0, n, wRecT, 0, n, 0f, recMatrix, 0, n);
                recView.get(0, recurrent, 0, rows * n);
            }
            for (int b = 0; b < rows; b++)
            {
                final int yRow = b * nOut;
                final int errRow = (from + b) * nOut;
                final int row = b * n;
                // δy_t = err_t + κ δy_{t+1}, into dyNext (it becomes δy_{t+1} of step t − 1). Before the loss's
                // window δy decays as κ^k and turns subnormal (below 2^−126) some 1700 steps on: flushed to zero, as
                // on a GPU, since x86 computes with subnormal floats ~70× slower (bench: evidence e-prop backward
                // 83 → 30 ms of its element-wise work per trial) and they add nothing to the normal-sized signal and
                // double sums they meet (no golden array moved)
                for (int o = 0; o < nOut; o++)
                {
                    final float dyo = (err == null ? 0f : err[errRow + o]) + kappa * dyNext[yRow + o];
                    dyNext[yRow + o] = Math.abs(dyo) < Float.MIN_NORMAL ? 0f : dyo;
                }
                // L_t = ζ_out δy_t B (+ r) (+ ζ δv_{t+1} W_recᵀ) (− v_th δv_{t+1}), then
                // δv_t = ψ_t (L_t + δa_{t+1}) + α δv_{t+1},   δa_t = −β ψ_t (L_t + δa_{t+1}) + ρ δa_{t+1}
                final float reset = s.detachReset() ? 0f : vTh;
                if (lanes)
                {
                    AdjointLanes.signal(dyNext, yRow, nOut, feedback, n, zetaOut, reg, recurrent, row, signal);
                    AdjointLanes.adjoint(signal, psi, dvNext, daNext, dv, beta, alpha, rho, reset, row, n);
                }
                else
                {
                    AdjointUnits.signal(dyNext, yRow, nOut, feedback, n, zetaOut, reg, recurrent, row, signal, 0, n);
                    AdjointUnits.adjoint(signal, psi, dvNext, daNext, dv, beta, alpha, rho, reset, row, 0, n);
                }
                // outer products, over the events: dW_rec += z_{t−1}ᵀ δv_t, dW_in += x_tᵀ δv_t, dW_out += z_tᵀ δy_t
                if (t > 0)
                {
                    final int spiked = Events.nonZero(zPrev, row, n, events, lanes);
                    for (int e = 0; e < spiked; e++)
                    {
                        final int i = events[e];
                        accumulate(lanes, zPrev[row + i], dv, row, dRec, i * n, n);
                    }
                }
                final int xRow = b * nIn;
                final int active = Events.nonZero(x, xRow, nIn, events, lanes);
                for (int e = 0; e < active; e++)
                {
                    final int k = events[e];
                    accumulate(lanes, x[xRow + k], dv, row, dIn, k * n, n);
                }
                final int fired = Events.nonZero(z, row, n, events, lanes);
                for (int e = 0; e < fired; e++)
                {
                    final int j = events[e];
                    AdjointUnits.accumulate(z[row + j], dyNext, yRow, dOut, j * nOut, nOut);
                }
                for (int o = 0; o < nOut; o++)
                {
                    dOutBias[o] += dyNext[yRow + o];
                }
            }
            final float[] swap = dvNext;
            dvNext = dv;
            dv = swap;
            final float[] zSwap = z;
            z = zPrev;
            zPrev = zSwap;
        }
        return sum;
    }

    private static void accumulate(final boolean lanes,
        final float scale, final float[] from, final int fromOffset, final double[] into, final int offset, final int length)
    {
        if (lanes)
        {
            AdjointLanes.accumulate(scale, from, fromOffset, into, offset, length);
        }
        else
        {
            AdjointUnits.accumulate(scale, from, fromOffset, into, offset, length);
        }
    }
}
