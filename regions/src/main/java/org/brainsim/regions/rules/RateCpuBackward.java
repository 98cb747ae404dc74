package org.brainsim.regions.rules;

import org.brainsim.objectives.Floats;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.regions.network.Blas;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward passes of a rate network on the {@code cpu} backend: {@link RateBptt} and the adjoint form of
 * {@link Rflo} (e-prop and RFLO), computed as one backward recursion of plain Java loops over the trial, then the
 * weight gradients as four large products over the whole trial (K = steps × batch) instead of four small ones per
 * step:
 * <pre>
 *   dW_rec = [a_{−1}; a_0; …; a_{T−2}]ᵀ [δ_0; …; δ_{T−1}],   dW_in = [x_0; …; x_{T−1}]ᵀ [δ_0; …],   db = Σ_t Σ_rows δ_t
 *   dW_out = [a_0; …; a_{T−1}]ᵀ [err_0; …; err_{T−1}],    db_out = Σ_t Σ_rows err_t
 * </pre>
 * where δ_t is BPTT's δh_t or the adjoint form's α φ'(h_t) λ_t. The recursion is the ND4J path's, operation for
 * operation, in float32; BPTT's recurrent term δh_{t+1} W_recᵀ is a BLAS product every step. The products sum in
 * another order than the ND4J path's step-by-step accumulation: the two agree to float rounding (tested against the
 * double ND4J pass). Bias sums accumulate in double. Deterministic for a given OpenBLAS on a given CPU.
 */
final class RateCpuBackward
{
    private RateCpuBackward()
    {
    }

    /** BPTT, full or truncated to windows of {@code windowSteps}. */
    static Gradients bptt(final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final int windowSteps)
    {
        final Trial trial = new Trial(net, tr, loss);
        final int rows = trial.batch * trial.n;
        final float alpha = (float)net.params().alpha();
        final float keep = (float)(1 - net.params().alpha()); // as ND4J's daNext.mul(1 − α) rounds it
        final INDArray wRec = float32(net.wRec());
        final float[] da = new float[rows];
        final float[] daNext = new float[rows];
        final float[] recurrent = new float[rows];
        final INDArray recurrentBuffer = Nd4j.create(DataType.FLOAT, trial.batch, trial.n);
        final float[] dh = new float[rows];
        for (int t = trial.steps - 1; t >= 0; t--)
        {
            // δa_t = err_t W_outᵀ + δh_{t+1} W_recᵀ + (1 − α) δa_{t+1}, nothing carried across a window's end
            final boolean carry = t + 1 < trial.steps && (t + 1) % windowSteps != 0;
            trial.errorTerm(t, da);
            if (carry)
            {
                Blas.sgemm(false, true, trial.batch, trial.n, trial.n, trial.delta, (t + 1L) * rows, trial.n, wRec, 0,
                    trial.n, 0f, recurrentBuffer, 0, trial.n);
                Floats.read(recurrentBuffer, recurrent);
                for (int i = 0; i < rows; i++)
                {
                    da[i] = (da[i] + recurrent[i]) + daNext[i] * keep;
                }
            }
            trial.readPhi(t);
            for (int i = 0; i < rows; i++)
            {
                dh[i] = da[i] * trial.dPhi[i] * alpha;
            }
            trial.keepDelta(t, dh);
            System.arraycopy(da, 0, daNext, 0, rows);
        }
        final INDArray[] w = trial.weightGradients();
        return new Gradients(w[1], net.maskRecurrent(w[0]), w[2], w[3], w[4]);
    }

    /** The adjoint form of RFLO / rate e-prop: λ_t = c̄_t + (1 − α) λ_{t+1}, c̄_t = err_t B, δ_t = α φ'(h_t) λ_t. */
    static Gradients adjoint(final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final INDArray feedback)
    {
        final Trial trial = new Trial(net, tr, loss);
        final int rows = trial.batch * trial.n;
        final float alpha = (float)net.params().alpha();
        final float keep = (float)(1 - net.params().alpha());
        final float[] b = Floats.of(float32(feedback));
        final float[] lambda = new float[rows];
        final float[] credit = new float[rows];
        final float[] delta = new float[rows];
        for (int t = trial.steps - 1; t >= 0; t--)
        {
            trial.credit(t, b, credit);
            for (int i = 0; i < rows; i++)
            {
                lambda[i] = lambda[i] * keep + credit[i];
            }
            trial.readPhi(t);
            for (int i = 0; i < rows; i++)
            {
                delta[i] = lambda[i] * trial.dPhi[i] * alpha;
            }
            trial.keepDelta(t, delta);
        }
        final INDArray[] w = trial.weightGradients();
        return new Gradients(w[1], net.maskRecurrent(w[0]), w[2], w[3], w[4]);
    }

    /** Copies {@code a} (any float type, a view or not) into {@code into}, as float32. */
    private static void read(final INDArray a, final float[] into)
    {
        Floats.read(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT), into);
    }

    private static INDArray float32(final INDArray a)
    {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView() ? a : a.castTo(DataType.FLOAT).dup('c');
    }

    /** A trial's operands, its per-step errors and the buffer of δ over the whole trial. */
    private static final class Trial
    {
        final RateTrajectory tr;
        final int steps;
        final int batch;
        final int n;
        final int nIn;
        final int nOut;
        final float[][] errors;   // per step batch × nOut, null where the loss does not judge the step
        final float[] wOut;       // n × nOut
        final float[] dPhi;
        final INDArray delta;     // (steps · batch) × n
        final double[] biasSum;

        Trial(final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss)
        {
            final RateParams p = net.params();
            this.tr = tr;
            this.steps = tr.steps();
            this.batch = (int)tr.a()[0].rows();
            this.n = p.n();
            this.nIn = p.nIn();
            this.nOut = p.nOut();
            this.errors = new float[steps][];
            for (int t = 0; t < steps; t++)
            {
                if (loss.judges(t))
                {
                    errors[t] = loss.errorValues(tr.y()[t], t);
                }
            }
            this.wOut = Floats.of(float32(net.wOut()));
            this.dPhi = new float[batch * n];
            this.delta = Nd4j.create(DataType.FLOAT, (long)steps * batch, n);
            this.biasSum = new double[n];
        }

        /** {@code into} = err_t W_outᵀ (zeros where step t is not judged). */
        void errorTerm(final int t, final float[] into)
        {
            credit(t, null, into);
        }

        /** {@code into} = err_t B (B nOut × n), or err_t W_outᵀ when B is null; zeros where step t is not judged. */
        void credit(final int t, final float[] b, final float[] into)
        {
            final float[] err = errors[t];
            if (err == null)
            {
                java.util.Arrays.fill(into, 0f);
                return;
            }
            for (int row = 0; row < batch; row++)
            {
                for (int j = 0; j < n; j++)
                {
                    float sum = 0f;
                    for (int o = 0; o < nOut; o++)
                    {
                        sum += err[row * nOut + o] * (b == null ? wOut[j * nOut + o] : b[o * n + j]);
                    }
                    into[row * n + j] = sum;
                }
            }
        }

        void readPhi(final int t)
        {
            read(tr.dPhi()[t], dPhi);
        }

        /** Keeps δ_t (batch × n) in the trial's buffer and adds its rows to the bias sum. */
        void keepDelta(final int t, final float[] values)
        {
            Floats.write(values, 0, delta, t * batch * n, batch * n);
            for (int row = 0; row < batch; row++)
            {
                for (int j = 0; j < n; j++)
                {
                    biasSum[j] += values[row * n + j];
                }
            }
        }

        /** @return {dW_rec, dW_in, db, dW_out, db_out} from the kept δ and the trajectory. */
        INDArray[] weightGradients()
        {
            final long rows = (long)steps * batch;
            final INDArray stacked = Nd4j.create(DataType.FLOAT, rows, n);
            final float[] step = new float[batch * n];
            // [a_{−1}; a_0; …; a_{T−2}]
            for (int t = 0; t < steps; t++)
            {
                read(tr.aPrev(t), step);
                Floats.write(step, 0, stacked, t * batch * n, batch * n);
            }
            final INDArray dRec = Nd4j.create(DataType.FLOAT, n, n);
            Blas.sgemm(true, false, n, n, (int)rows, stacked, 0, n, delta, 0, n, 0f, dRec, 0, n);
            final INDArray dIn = Nd4j.create(DataType.FLOAT, nIn, n);
            if (nIn > 0)
            {
                final INDArray xs = Nd4j.create(DataType.FLOAT, rows, nIn);
                final float[] x = new float[batch * nIn];
                for (int t = 0; t < steps; t++)
                {
                    read(tr.x()[t], x);
                    Floats.write(x, 0, xs, t * batch * nIn, batch * nIn);
                }
                Blas.sgemm(true, false, nIn, n, (int)rows, xs, 0, nIn, delta, 0, n, 0f, dIn, 0, n);
            }
            // [a_0; …; a_{T−1}]ᵀ [err_0; …; err_{T−1}]
            final INDArray errs = Nd4j.create(DataType.FLOAT, rows, nOut);
            final double[] outBias = new double[nOut];
            for (int t = 0; t < steps; t++)
            {
                read(tr.a()[t], step);
                Floats.write(step, 0, stacked, t * batch * n, batch * n);
                if (errors[t] != null)
                {
                    Floats.write(errors[t], 0, errs, t * batch * nOut, batch * nOut);
                    for (int i = 0; i < batch * nOut; i++)
                    {
                        outBias[i % nOut] += errors[t][i];
                    }
                }
            }
            final INDArray dOut = Nd4j.create(DataType.FLOAT, n, nOut);
            Blas.sgemm(true, false, n, nOut, (int)rows, stacked, 0, n, errs, 0, nOut, 0f, dOut, 0, nOut);
            return new INDArray[] {dRec, dIn, row(biasSum), dOut, row(outBias)};
        }

        private static INDArray row(final double[] sums)
        {
            final float[] values = new float[sums.length];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = (float)sums[i];
            }
            return Nd4j.create(values, new long[] {1, values.length}, 'c');
        }
    }
}
