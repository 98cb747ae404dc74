package org.brainsim.regions.network;

/**
 * The element-wise part of a spiking step as scalar loops: the membrane, adaptation, threshold, refractoriness and
 * pseudo-derivative of a row's units. {@link SpikingLanes} computes the same on vector lanes, the same float
 * operations in the same order, and calls this loop for the units left over after its last whole vector.
 */
final class SpikingUnits
{
    final float alpha;
    final float rho;
    final float zeta;
    final float vTh;
    final float psiScale;
    final float refAfterSpike;
    final float[] beta;

    SpikingUnits(final SpikingParams p)
    {
        this.alpha = (float)p.alpha();
        this.rho = (float)p.rho();
        this.zeta = (float)p.zeta();
        this.vTh = (float)p.vTh();
        this.psiScale = (float)(p.gammaPd() / p.vTh());
        this.refAfterSpike = p.nRef() > 1 ? p.nRef() - 1 : 0;
        this.beta = new float[p.n()];
        final double[] betas = p.betas();
        for (int j = 0; j < beta.length; j++)
        {
            beta[j] = (float)betas[j];
        }
    }

    /**
     * Updates units {@code from … to − 1} of the row that starts at {@code row} in the state arrays, given the row's
     * input current and previous spikes (both indexed by unit).
     */
    void update(final float[] v, final float[] a, final float[] z, final float[] psi, final float[] refractory,
        final int row, final float[] current, final float[] zPrev, final int from, final int to)
    {
        for (int j = from; j < to; j++)
        {
            final int u = row + j;
            final float spiked = zPrev[j];
            final float vj = alpha * v[u] + zeta * current[j] - vTh * spiked;
            final float aj = rho * a[u] + spiked;
            final float distance = vj - (vTh + beta[j] * aj);
            final boolean free = refractory[u] < 0.5f;
            final float fires = free && distance > 0f ? 1f : 0f;
            v[u] = vj;
            a[u] = aj;
            z[u] = fires;
            psi[u] = free ? Math.max(0f, 1f - Math.abs(distance) / vTh) * psiScale : 0f;
            refractory[u] = Math.max(refractory[u] - 1f, 0f) + refAfterSpike * fires;
        }
    }
}
