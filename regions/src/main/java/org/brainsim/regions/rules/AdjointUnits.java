package org.brainsim.regions.rules;

/**
 * The element-wise part of a step of the spiking backward recursion, for one row, as scalar loops over units
 * {@code from … to − 1}. {@link AdjointLanes} computes the same on vector lanes, the same float operations in the
 * same order, and calls these loops for the units after its last whole vector.
 */
final class AdjointUnits
{
    private AdjointUnits()
    {
    }

    /**
     * The learning signal L_t = ζ_out δy_t B (+ r) (+ ζ δv_{t+1} W_recᵀ): {@code signal[j]} for units {@code j}.
     *
     * @param reg       the firing-rate term per unit, or {@code null}.
     * @param recurrent the row's recurrent term from {@code row} on, or {@code null}.
     */
    static void signal(final float[] dy, final int yRow, final int nOut, final float[] feedback, final int n,
        final float zetaOut, final float[] reg, final float[] recurrent, final int row, final float[] signal,
        final int from, final int to)
    {
        for (int j = from; j < to; j++)
        {
            float l = 0f;
            for (int o = 0; o < nOut; o++)
            {
                l += dy[yRow + o] * feedback[o * n + j];
            }
            float value = reg == null ? l * zetaOut : l * zetaOut + reg[j];
            if (recurrent != null)
            {
                value += recurrent[row + j];
            }
            signal[j] = value;
        }
    }

    /**
     * δv_t = ψ_t (L_t + δa_{t+1}) + α δv_{t+1} into {@code dv}, δa_t = −β ψ_t (L_t + δa_{t+1}) + ρ δa_{t+1} into
     * {@code da} (which holds δa_{t+1}), where L_t is the signal less {@code reset} δv_{t+1} when reset is not 0.
     */
    static void adjoint(final float[] signal, final float[] psi, final float[] dvNext, final float[] da,
        final float[] dv, final float[] beta, final float alpha, final float rho, final float reset, final int row,
        final int from, final int to)
    {
        for (int j = from; j < to; j++)
        {
            final int u = row + j;
            final float l = reset == 0f ? signal[j] : signal[j] - reset * dvNext[u];
            final float psiDz = psi[u] * (l + da[u]);
            dv[u] = psiDz + alpha * dvNext[u];
            da[u] = rho * da[u] - beta[j] * psiDz;
        }
    }

    /** into[offset + j] += (double)(scale · from[fromOffset + j]) for j < length: one row of an outer product. */
    static void accumulate(final float scale, final float[] from, final int fromOffset, final double[] into,
        final int offset, final int length)
    {
        for (int j = 0; j < length; j++)
        {
            into[offset + j] += scale * from[fromOffset + j];
        }
    }
}
