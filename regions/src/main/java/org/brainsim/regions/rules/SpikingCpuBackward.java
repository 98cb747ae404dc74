package org.brainsim.regions.rules;

import org.brainsim.objectives.ActivityLoss;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.Floats;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The backward pass of {@code SpikingBptt} — and so e-prop's adjoint form — as fused loops over float arrays (backend
 * {@code cpu}): the same recursion, with the sparsity of spikes used in the outer products (a unit that did not
 * spike adds nothing to dW_rec or dW_out; a silent input adds nothing to dW_in) and steps the loss does not judge
 * skipped. Gradients accumulate in double, so the result is at least as accurate as the ND4J path's float sums.
 *
 * <p>Deterministic: every sum runs in a fixed order.
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
        final SpikingParams p = net.params();
        final int steps = tr.steps();
        final int batch = (int)tr.z()[0].rows();
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
        final INDArray regRow = activity == null ? null : activity.derivative(tr.z(), p.dtMs());
        final float[] reg = regRow == null ? null : Floats.of(regRow.castTo(DataType.FLOAT));
        // feedback B (nOut × n): the given matrix, or W_outᵀ (exact)
        final float[] feedback = givenFeedback != null ? Floats.of(givenFeedback.castTo(DataType.FLOAT)) :
            Floats.of(net.wOut().transpose().dup('c'));
        // BPTT's recurrent term ζ δv_{t+1} W_recᵀ is a dense batch × n · n × n product every step: BLAS does it
        final INDArray wRecT = detachRecurrent ? null : net.wRec().transpose().castTo(DataType.FLOAT).dup('c');
        final INDArray dvMatrix = wRecT == null ? null : Nd4j.create(DataType.FLOAT, batch, n);
        final INDArray recMatrix = wRecT == null ? null : Nd4j.create(DataType.FLOAT, batch, n);
        final float[] recurrent = wRecT == null ? null : new float[batch * n];

        final double[] dIn = new double[nIn * n];
        final double[] dRec = new double[n * n];
        final double[] dOut = new double[n * nOut];
        final double[] dOutBias = new double[nOut];
        float[] dvNext = new float[batch * n];
        float[] dv = new float[batch * n];
        final float[] daNext = new float[batch * n];
        final float[] dyNext = new float[batch * nOut];
        final float[] err = new float[batch * nOut];
        final float[] signal = new float[n];
        final float[] psi = new float[batch * n];
        float[] z = new float[batch * n];     // z_t
        float[] zPrev = new float[batch * n]; // z_{t−1}: the next step's z_t, read once
        final float[] x = new float[batch * nIn];
        Floats.read(tr.z()[steps - 1], z);
        for (int t = steps - 1; t >= 0; t--)
        {
            if ((t + 1) % windowSteps == 0)
            {
                Arrays.fill(dvNext, 0f);
                Arrays.fill(daNext, 0f);
                Arrays.fill(dyNext, 0f);
            }
            if (loss.judges(t))
            {
                Floats.read(float32(loss.error(tr.y()[t], t)), err);
            }
            else
            {
                Arrays.fill(err, 0f);
            }
            Floats.read(tr.psi()[t], psi);
            Floats.read(float32(tr.x()[t]), x);
            if (t > 0)
            {
                Floats.read(tr.z()[t - 1], zPrev);
            }
            if (wRecT != null)
            {
                Floats.write(dvNext, dvMatrix);
                Nd4j.gemm(dvMatrix, wRecT, recMatrix, false, false, zeta, 0.0);
                Floats.read(recMatrix, recurrent);
            }
            for (int b = 0; b < batch; b++)
            {
                final int yRow = b * nOut;
                final int row = b * n;
                // δy_t = err_t + κ δy_{t+1}, into dyNext (it becomes δy_{t+1} of step t − 1)
                for (int o = 0; o < nOut; o++)
                {
                    dyNext[yRow + o] = err[yRow + o] + kappa * dyNext[yRow + o];
                }
                // L_t = ζ_out δy_t B (+ r) (+ ζ δv_{t+1} W_recᵀ) (− v_th δv_{t+1})
                for (int j = 0; j < n; j++)
                {
                    float l = 0f;
                    for (int o = 0; o < nOut; o++)
                    {
                        l += dyNext[yRow + o] * feedback[o * n + j];
                    }
                    signal[j] = reg == null ? l * zetaOut : l * zetaOut + reg[j];
                }
                if (recurrent != null)
                {
                    for (int j = 0; j < n; j++)
                    {
                        signal[j] += recurrent[row + j];
                    }
                }
                // δv_t = ψ_t (L_t + δa_{t+1}) + α δv_{t+1},   δa_t = −β ψ_t (L_t + δa_{t+1}) + ρ δa_{t+1}
                final float reset = detachReset ? 0f : vTh;
                for (int j = 0; j < n; j++)
                {
                    final int u = row + j;
                    final float l = reset == 0f ? signal[j] : signal[j] - reset * dvNext[u];
                    final float psiDz = psi[u] * (l + daNext[u]);
                    dv[u] = psiDz + alpha * dvNext[u];
                    daNext[u] = rho * daNext[u] - beta[j] * psiDz;
                }
                // outer products, over what is not zero: dW_rec += z_{t−1}ᵀ δv_t, dW_in += x_tᵀ δv_t, dW_out += z_tᵀ δy_t
                if (t > 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        if (zPrev[row + i] != 0f)
                        {
                            accumulate(zPrev[row + i], dv, row, dRec, i * n, n);
                        }
                    }
                }
                final int xRow = b * nIn;
                for (int k = 0; k < nIn; k++)
                {
                    if (x[xRow + k] != 0f)
                    {
                        accumulate(x[xRow + k], dv, row, dIn, k * n, n);
                    }
                }
                for (int j = 0; j < n; j++)
                {
                    if (z[row + j] != 0f)
                    {
                        accumulate(z[row + j], dyNext, yRow, dOut, j * nOut, nOut);
                    }
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
        final INDArray gRec = matrix(dRec, zeta, n, n).muli(net.recMask().castTo(DataType.FLOAT));
        return new Gradients(matrix(dIn, zeta, nIn, n), gRec, null, matrix(dOut, zetaOut, n, nOut),
            matrix(dOutBias, 1, 1, nOut));
    }

    private static void accumulate(
        final float scale, final float[] from, final int fromOffset, final double[] into, final int offset, final int length)
    {
        for (int j = 0; j < length; j++)
        {
            into[offset + j] += scale * from[fromOffset + j];
        }
    }

    private static INDArray float32(final INDArray a)
    {
        return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    }

    private static INDArray matrix(final double[] values, final double scale, final int rows, final int cols)
    {
        final float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++)
        {
            f[i] = (float)(scale * values[i]);
        }
        return Nd4j.create(f, new long[] {rows, cols}, 'c');
    }
}
