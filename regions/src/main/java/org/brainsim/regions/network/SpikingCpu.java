package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import java.util.Arrays;

/**
 * The step of a {@link SpikingNetwork} as one fused pass of plain Java loops over float arrays (backend
 * {@code cpu}): the same equations as the ND4J step, in float32, with spikes propagated as events — a unit that
 * spiked adds its row of W_rec (and of W_out) to its row's input, a silent one costs nothing — and the element-wise
 * work of a unit (leak, reset, adaptation, threshold, refractoriness, pseudo-derivative) done in one visit.
 *
 * <p>Per row b and unit j, from the previous step's z:
 * <pre>
 *   I_j  = ζ (Σ_{i: z_i = 1} W_rec[i, j] + Σ_{k: x_k ≠ 0} x_k W_in[k, j])
 *   v_j ← α v_j + I_j − v_th z_j,   a_j ← ρ a_j + z_j,   d_j = v_j − (v_th + β_j a_j)
 *   free = r_j &lt; ½,   z_j ← [d_j &gt; 0] free,   ψ_j = free · max(0, 1 − |d_j| / v_th) γ_pd / v_th
 *   r_j ← max(r_j − 1, 0) + (n_ref − 1) z_j,   y ← κ y + ζ_out Σ_{j: z_j = 1} W_out[j, ·] + b_out
 * </pre>
 * Sums run in a fixed order (rows of W_rec by presynaptic index, then inputs by index), so a step is
 * deterministic; it differs from the ND4J step by float rounding only (BLAS sums in another order).
 *
 * <p>Not thread-safe.
 */
final class SpikingCpu
{
    private final int batch;
    private final int n;
    private final int nIn;
    private final int nOut;
    private final float alpha;
    private final float rho;
    private final float zeta;
    private final float vTh;
    private final float psiScale;
    private final float refAfterSpike;
    private final float kappa;
    private final float zetaOut;
    private final float[] beta;
    private final float[] wIn;
    private final float[] wRec;
    private final float[] wOut;
    private final float[] bOut;
    final float[] v;
    final float[] a;
    float[] z;
    private float[] zNext;
    final float[] psi;
    final float[] y;
    private final float[] refractory;
    private final float[] current;
    private final float[] readout;

    SpikingCpu(final SpikingParams p, final int batch)
    {
        this.batch = batch;
        this.n = p.n();
        this.nIn = p.nIn();
        this.nOut = p.nOut();
        this.alpha = (float)p.alpha();
        this.rho = (float)p.rho();
        this.zeta = (float)p.zeta();
        this.vTh = (float)p.vTh();
        this.psiScale = (float)(p.gammaPd() / p.vTh());
        this.refAfterSpike = p.nRef() > 1 ? p.nRef() - 1 : 0;
        this.kappa = (float)p.kappa();
        this.zetaOut = (float)p.zetaOut();
        this.beta = new float[n];
        final double[] betas = p.betas();
        for (int j = 0; j < n; j++)
        {
            beta[j] = (float)betas[j];
        }
        this.wIn = new float[nIn * n];
        this.wRec = new float[n * n];
        this.wOut = new float[n * nOut];
        this.bOut = new float[nOut];
        this.v = new float[batch * n];
        this.a = new float[batch * n];
        this.z = new float[batch * n];
        this.zNext = new float[batch * n];
        this.psi = new float[batch * n];
        this.y = new float[batch * nOut];
        this.refractory = new float[batch * n];
        this.current = new float[n];
        this.readout = new float[nOut];
    }

    int batch()
    {
        return batch;
    }

    /** Takes the network's current weights (float32 arrays of the documented shapes). */
    void weights(final RecurrentWeights w)
    {
        Floats.read(w.wIn, wIn);
        Floats.read(w.wRec, wRec);
        Floats.read(w.wOut, wOut);
        Floats.read(w.bOut, bOut);
    }

    /** Puts the batch at rest: v = a = z = ψ = y = 0, nothing refractory. */
    void reset()
    {
        Arrays.fill(v, 0f);
        Arrays.fill(a, 0f);
        Arrays.fill(z, 0f);
        Arrays.fill(psi, 0f);
        Arrays.fill(y, 0f);
        Arrays.fill(refractory, 0f);
    }

    /**
     * Advances every row by one step on input {@code x} (row-major batch × nIn).
     */
    void step(final float[] x)
    {
        final float[] zPrev = z;
        final float[] zNew = zNext;
        for (int b = 0; b < batch; b++)
        {
            final int row = b * n;
            Arrays.fill(current, 0f);
            for (int i = 0; i < n; i++)
            {
                if (zPrev[row + i] != 0f)
                {
                    addRow(wRec, i * n, current, n);
                }
            }
            final int xRow = b * nIn;
            for (int k = 0; k < nIn; k++)
            {
                final float xk = x[xRow + k];
                if (xk != 0f)
                {
                    addScaledRow(wIn, k * n, xk, current, n);
                }
            }
            for (int j = 0; j < n; j++)
            {
                final int u = row + j;
                final float spiked = zPrev[u];
                final float vj = alpha * v[u] + zeta * current[j] - vTh * spiked;
                final float aj = rho * a[u] + spiked;
                final float distance = vj - (vTh + beta[j] * aj);
                final boolean free = refractory[u] < 0.5f;
                final float fires = free && distance > 0f ? 1f : 0f;
                v[u] = vj;
                a[u] = aj;
                zNew[u] = fires;
                psi[u] = free ? Math.max(0f, 1f - Math.abs(distance) / vTh) * psiScale : 0f;
                refractory[u] = Math.max(refractory[u] - 1f, 0f) + refAfterSpike * fires;
            }
            final int yRow = b * nOut;
            Arrays.fill(readout, 0f);
            for (int j = 0; j < n; j++)
            {
                if (zNew[row + j] != 0f)
                {
                    addRow(wOut, j * nOut, readout, nOut);
                }
            }
            for (int o = 0; o < nOut; o++)
            {
                y[yRow + o] = kappa * y[yRow + o] + zetaOut * readout[o] + bOut[o];
            }
        }
        zNext = zPrev;
        z = zNew;
    }

    private static void addRow(final float[] w, final int from, final float[] into, final int length)
    {
        for (int j = 0; j < length; j++)
        {
            into[j] += w[from + j];
        }
    }

    private static void addScaledRow(final float[] w, final int from, final float scale, final float[] into, final int length)
    {
        for (int j = 0; j < length; j++)
        {
            into[j] += scale * w[from + j];
        }
    }
}
