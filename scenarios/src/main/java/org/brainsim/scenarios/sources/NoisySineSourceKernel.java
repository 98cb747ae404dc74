package org.brainsim.scenarios.sources;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.NodeKernel;

/**
 * A noisy sine per unit and batch row: {@code x = A sin(2π f t + φ) + σ ξ}, with t = step · dt, a phase φ
 * drawn once per unit and row, and fresh Gaussian noise ξ each step. Uses {@link StrictMath} so that the
 * numbers are the same on every JVM.
 */
public final class NoisySineSourceKernel implements NodeKernel
{
    private final int batchSize;
    private final int size;
    private final double radiansPerStep;
    private final double amplitude;
    private final double noiseStd;
    private final double[] phases;
    private final NodeRandom random;

    /**
     * @param batchSize   batch rows.
     * @param size        units per row.
     * @param frequencyHz sine frequency in Hz.
     * @param amplitude   sine amplitude.
     * @param noiseStd    noise standard deviation per step.
     * @param dtMs        step length in ms.
     * @param random      the node's stream.
     * @param randomPhase whether each unit and row gets a random phase (else all start at phase 0).
     */
    public NoisySineSourceKernel(
        final int batchSize, final int size, final double frequencyHz, final double amplitude, final double noiseStd,
        final double dtMs, final boolean randomPhase, final NodeRandom random)
    {
        this.batchSize = batchSize;
        this.size = size;
        this.radiansPerStep = 2 * Math.PI * frequencyHz * dtMs / 1000.0;
        this.amplitude = amplitude;
        this.noiseStd = noiseStd;
        this.random = random;
        this.phases = new double[batchSize * size];
        for (int i = 0; i < phases.length; i++)
        {
            phases[i] = randomPhase ? 2 * Math.PI * random.nextDouble() : 0;
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
        return false;
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        final double angle = radiansPerStep * step;
        for (int i = 0; i < output.length; i++)
        {
            output[i] = (float)(amplitude * StrictMath.sin(angle + phases[i]) + noiseStd * random.nextGaussian());
        }
    }
}
