package org.brainsim.regions.region;

import org.brainsim.regions.lockstep.NodeKernel;

/** A test node that emits a known rate per step and value index (row-major {@code [batch][width]}). */
final class KnownSource implements NodeKernel
{
    /** The value at a step for value index i. */
    interface Values
    {
        float at(long step, int i);
    }

    private final int batch;
    private final int width;
    private final Values values;

    KnownSource(final int batch, final int width, final Values values)
    {
        this.batch = batch;
        this.width = width;
        this.values = values;
    }

    @Override
    public int batchSize()
    {
        return batch;
    }

    @Override
    public int width()
    {
        return width;
    }

    @Override
    public boolean spiking()
    {
        return false;
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        for (int i = 0; i < output.length; i++)
        {
            output[i] = values.at(step, i);
        }
    }
}
