package org.brainsim.regions.rate;

/**
 * Parameters of a leaky rate RNN region.
 *
 * @param size           units, ≥ 1.
 * @param tauMs          membrane time constant in ms, &gt; 0; the leak is α = dtMs / tauMs, in (0, 1].
 * @param dtMs           simulation step in ms, &gt; 0.
 * @param recurrentGain  g: recurrent weights are N(0, g²/size); g &gt; 1 gives chaotic dynamics.
 * @param biasStd        standard deviation of the constant bias b.
 * @param initialStateStd standard deviation of the initial state h₀ (0: start at rest).
 */
public record RateRnnParams(
    int size, double tauMs, double dtMs, double recurrentGain, double biasStd, double initialStateStd)
{
    public RateRnnParams
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 1)");
        }
        if (!(dtMs > 0))
        {
            throw new IllegalArgumentException("dtMs: " + dtMs + " (expected: > 0)");
        }
        if (!(tauMs >= dtMs))
        {
            throw new IllegalArgumentException("tauMs: " + tauMs + " (expected: >= dtMs " + dtMs + ", so alpha <= 1)");
        }
        if (!(recurrentGain >= 0) || !(biasStd >= 0) || !(initialStateStd >= 0))
        {
            throw new IllegalArgumentException("recurrentGain, biasStd, initialStateStd: " + recurrentGain + ", " +
                biasStd + ", " + initialStateStd + " (expected: >= 0)");
        }
    }

    /** @return α = dt / τ. */
    public double alpha()
    {
        return dtMs / tauMs;
    }
}
