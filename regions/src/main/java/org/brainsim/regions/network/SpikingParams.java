package org.brainsim.regions.network;

import java.util.Arrays;

/**
 * Parameters of a spiking LIF/ALIF network in the e-prop "EligALIF" form (reference §1.2), with a leaky
 * readout (§1.5). LIF units are ALIF units with β = 0; the first {@code nLif} units are LIF, the rest ALIF.
 *
 * <pre>
 *   v_t = α v_{t−1} + ζ (z_{t−1} W_rec + x_t W_in) − v_th z_{t−1}        reset by subtraction
 *   a_t = ρ a_{t−1} + z_{t−1},    A_t = v_th + β a_t
 *   z_t = H(v_t − A_t), and 0 while refractory (n_ref − 1 steps after a spike)
 *   ψ_t = (γ_pd / v_th) max(0, 1 − |v_t − A_t| / v_th), and 0 while refractory
 *   y_t = κ y_{t−1} + ζ_out z_t W_out + b_out
 * </pre>
 * α = exp(−dt/τ_m), ρ = exp(−dt/τ_a), κ = exp(−dt/τ_out). Autapses are off (W_rec's diagonal is 0).
 *
 * @param nIn       inputs.
 * @param nLif      LIF units (β = 0).
 * @param nAlif     ALIF units (β = {@code beta}).
 * @param nOut      readouts.
 * @param dtMs      step, ms.
 * @param tauMMs    membrane time constant τ_m, ms.
 * @param tauAMs    adaptation time constant τ_a, ms.
 * @param beta      threshold adaptation strength of ALIF units.
 * @param vTh       threshold v_th.
 * @param zeta      input gain ζ: 1 in EligALIF, 1 − α in LightLIF.
 * @param gammaPd   pseudo-derivative dampening γ_pd (0.3).
 * @param nRef      refractory period in steps (a spike at t blocks t+1 … t+n_ref−1); 0 or 1 = none.
 * @param tauOutMs  readout time constant τ_out, ms.
 * @param zetaOut   readout input gain ζ_out (1 − κ in the TF tutorials).
 */
public record SpikingParams(
    int nIn, int nLif, int nAlif, int nOut, double dtMs, double tauMMs, double tauAMs, double beta, double vTh,
    double zeta, double gammaPd, int nRef, double tauOutMs, double zetaOut)
{
    public SpikingParams
    {
        check(nIn >= 1 && nLif >= 0 && nAlif >= 0 && nLif + nAlif >= 1 && nOut >= 1,
            "sizes: nIn=" + nIn + " nLif=" + nLif + " nAlif=" + nAlif + " nOut=" + nOut + " (expected: >= 1 each, units >= 1)");
        check(dtMs > 0 && tauMMs > 0 && tauAMs > 0 && tauOutMs > 0, "dtMs, tauMMs, tauAMs, tauOutMs (expected: > 0)");
        check(vTh > 0, "vTh: " + vTh + " (expected: > 0)");
        check(beta >= 0, "beta: " + beta + " (expected: >= 0)");
        check(nRef >= 0, "nRef: " + nRef + " (expected: >= 0)");
        check(gammaPd >= 0, "gammaPd: " + gammaPd + " (expected: >= 0)");
    }

    private static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return recurrent units. */
    public int n()
    {
        return nLif + nAlif;
    }

    /** @return α = exp(−dt/τ_m). */
    public double alpha()
    {
        return Math.exp(-dtMs / tauMMs);
    }

    /** @return ρ = exp(−dt/τ_a). */
    public double rho()
    {
        return Math.exp(-dtMs / tauAMs);
    }

    /** @return κ = exp(−dt/τ_out). */
    public double kappa()
    {
        return Math.exp(-dtMs / tauOutMs);
    }

    /** @return β per unit: 0 for the LIF units, {@code beta} for the ALIF units. */
    public double[] betas()
    {
        final double[] b = new double[n()];
        Arrays.fill(b, nLif, n(), beta);
        return b;
    }

    /** @return the same network with every unit LIF (β = 0 everywhere). */
    public SpikingParams allLif()
    {
        return new SpikingParams(nIn, nLif + nAlif, 0, nOut, dtMs, tauMMs, tauAMs, beta, vTh, zeta, gammaPd, nRef,
            tauOutMs, zetaOut);
    }

    /**
     * The evidence-accumulation defaults of the e-prop tutorial (reference §1.8): τ_m 20, τ_a 2000,
     * v_th 0.6, β = 1.7(1−ρ)/(1−α), n_ref 5, τ_out 20, ζ = 1, ζ_out = 1 − κ.
     */
    public static SpikingParams evidenceAccumulation(final int nIn, final int nLif, final int nAlif, final int nOut)
    {
        final double alpha = Math.exp(-1.0 / 20);
        final double rho = Math.exp(-1.0 / 2000);
        final double kappa = Math.exp(-1.0 / 20);
        return new SpikingParams(nIn, nLif, nAlif, nOut, 1, 20, 2000, 1.7 * (1 - rho) / (1 - alpha), 0.6, 1, 0.3, 5,
            20, 1 - kappa);
    }
}
