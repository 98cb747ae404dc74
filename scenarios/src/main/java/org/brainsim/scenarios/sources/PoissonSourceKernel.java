package org.brainsim.scenarios.sources;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.NodeKernel;

/**
 * Independent Poisson spike trains: each unit of each batch row spikes in a step with probability
 * {@code rate_hz · dt_ms / 1000} (Bernoulli approximation of a Poisson process, exact as dt → 0).
 * Draws row by row, unit by unit, from the node's own stream.
 */
public final class PoissonSourceKernel implements NodeKernel
{
    private final int batchSize;
    private final int size;
    private final double spikeProbability;
    private final NodeRandom random;
    private final float[][] frozen;

    /**
     * @param batchSize batch rows.
     * @param size      units per row.
     * @param rateHz    firing rate per unit in Hz, with {@code rateHz · dtMs ≤ 1000}.
     * @param dtMs      step length in ms.
     * @param random    the node's stream.
     */
    public PoissonSourceKernel(
        final int batchSize, final int size, final double rateHz, final double dtMs, final NodeRandom random)
    {
        this(batchSize, size, rateHz, dtMs, 0, random);
    }

    /**
     * @param frozenSteps when &gt; 0, the first {@code frozenSteps} steps are drawn once and repeated ("frozen
     *                    noise", as in the e-prop pattern-generation task); 0 = fresh spikes every step.
     */
    public PoissonSourceKernel(
        final int batchSize, final int size, final double rateHz, final double dtMs, final int frozenSteps,
        final NodeRandom random)
    {
        this.batchSize = batchSize;
        this.size = size;
        this.spikeProbability = rateHz * dtMs / 1000.0;
        if (!(spikeProbability >= 0 && spikeProbability <= 1))
        {
            throw new IllegalArgumentException("rateHz * dtMs / 1000: " + spikeProbability + " (expected: in [0, 1])");
        }
        this.random = random;
        this.frozen = new float[frozenSteps][];
        for (int t = 0; t < frozenSteps; t++)
        {
            frozen[t] = new float[batchSize * size];
            draw(frozen[t]);
        }
    }

    private void draw(final float[] output)
    {
        for (int i = 0; i < output.length; i++)
        {
            output[i] = random.nextDouble() < spikeProbability ? 1.0f : 0.0f;
        }
    }

    @Override
    public int batchSize()
    {
        return batchSize;
    }

    @Override
    public int width()
    {
        return size;
    }

    @Override
    public boolean spiking()
    {
        return true;
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        if (frozen.length > 0)
        {
            System.arraycopy(frozen[(int)(step % frozen.length)], 0, output, 0, output.length);
        }
        else
        {
            draw(output);
        }
    }
}
