package org.brainsim.regions.network;

/**
 * A leaky rate RNN with a linear readout, in the form of Marschall, Cho and Savin (2020) and Murray's
 * RFLO (reference §2.1, §3.1):
 * <pre>
 *   h_t = a_{t−1} W_rec + x_t W_in + b
 *   a_t = (1 − α) a_{t−1} + α φ(h_t)
 *   y_t = a_t W_out + b_out
 * </pre>
 *
 * @param nIn          inputs.
 * @param n            recurrent units.
 * @param nOut         readouts.
 * @param alpha        leak α = dt/τ in (0, 1].
 * @param activation   φ.
 * @param initialState a_{−1}, the same value for every unit and row.
 * @param dtMs         the step, ms (α = dt/τ).
 */
public record RateParams(int nIn, int n, int nOut, double alpha, Activation activation, double initialState, double dtMs)
{
    /** Parameters with a step of 1 ms (for tools and tests that count in steps). */
    public RateParams(final int nIn, final int n, final int nOut, final double alpha, final Activation activation,
                      final double initialState)
    {
        this(nIn, n, nOut, alpha, activation, initialState, 1.0);
    }

    public RateParams
    {
        if (nIn < 0 || n < 1 || nOut < 1)
        {
            throw new IllegalArgumentException("nIn, n, nOut: " + nIn + ", " + n + ", " + nOut + " (expected: nIn >= 0, " +
                "n and nOut >= 1)");
        }
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new IllegalArgumentException("alpha: " + alpha + " (expected: in (0, 1])");
        }
        if (!(dtMs > 0))
        {
            throw new IllegalArgumentException("dtMs: " + dtMs + " (expected: > 0)");
        }
    }

    /** @return rows of the stacked parameter matrix [W_rec; W_in; b]: m = n + nIn + 1. */
    public int m()
    {
        return n + nIn + 1;
    }
}
