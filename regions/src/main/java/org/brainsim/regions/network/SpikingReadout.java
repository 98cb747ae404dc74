package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import org.brainsim.objectives.ReadoutLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact readout gradients of a spiking trial in plain loops (backend {@code cpu}):
 * <pre>
 *   ẑ_t = κ ẑ_{t−1} + ζ_out z_t,   dW_out = Σ_t ẑ_tᵀ err_t,   db_out = Σ_t (Σ_{s≤t} κ^{t−s}) Σ_b err_t
 * </pre>
 * the same sums as the ND4J loop in {@code SpikingNetwork}, with the filtered spikes kept as floats and the products
 * summed in double over the steps the loss judges (a step it does not judge adds nothing). Deterministic: every sum
 * runs in a fixed order.
 */
final class SpikingReadout
{
    private SpikingReadout()
    {
    }

    static INDArray[] gradients(final SpikingParams p, final SpikingTrajectory tr, final ReadoutLoss loss)
    {
        final int n = p.n();
        final int nOut = p.nOut();
        final int batch = (int)tr.z()[0].rows();
        final float kappa = (float)p.kappa();
        final float zetaOut = (float)p.zetaOut();
        final float[] z = new float[batch * n];
        final float[] filtered = new float[batch * n];
        final double[] dOutT = new double[nOut * n]; // transposed: a unit's sums are contiguous
        final double[] dOutBias = new double[nOut];
        double biasFiltered = 0;
        for (int t = 0; t < tr.steps(); t++)
        {
            Floats.read(tr.z()[t], z);
            for (int i = 0; i < filtered.length; i++)
            {
                filtered[i] = filtered[i] * kappa + z[i] * zetaOut;
            }
            biasFiltered = kappa * biasFiltered + 1;
            if (!loss.judges(t))
            {
                continue;
            }
            final float[] err = loss.errorValues(tr.y()[t], t);
            for (int b = 0; b < batch; b++)
            {
                for (int o = 0; o < nOut; o++)
                {
                    final double e = err[b * nOut + o];
                    if (e == 0)
                    {
                        continue;
                    }
                    dOutBias[o] += biasFiltered * e;
                    final int row = b * n;
                    final int col = o * n;
                    for (int j = 0; j < n; j++)
                    {
                        dOutT[col + j] += filtered[row + j] * e;
                    }
                }
            }
        }
        final float[] out = new float[n * nOut];
        for (int j = 0; j < n; j++)
        {
            for (int o = 0; o < nOut; o++)
            {
                out[j * nOut + o] = (float)dOutT[o * n + j];
            }
        }
        final float[] bias = new float[nOut];
        for (int o = 0; o < nOut; o++)
        {
            bias[o] = (float)dOutBias[o];
        }
        return new INDArray[] {Nd4j.create(out, new long[] {n, nOut}, 'c'),
            Nd4j.create(bias, new long[] {1, nOut}, 'c')};
    }
}
