package org.brainsim.messaging;

import java.util.Arrays;

/**
 * Rates (or any continuous activity) of a rate region's units at one step.
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the producer emitted it.
 * @param batchSize batch rows.
 * @param width     units per row.
 * @param values    row-major {@code [batch][width]} values, length {@code batchSize * width}.
 */
public record RateFrame(int linkId, long step, int batchSize, int width, float[] values) implements ActivityFrame
{
    public RateFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, width);
        FrameChecks.length("values", FrameChecks.notNull("values", values).length, (long)batchSize * width);
    }

    @Override
    public void copyTo(final float[] dst)
    {
        System.arraycopy(values, 0, dst, 0, values.length);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof RateFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
            f.width == width && Arrays.equals(f.values, values);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(values);
    }

    @Override
    public String toString()
    {
        return "RateFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + ", width=" + width + "]";
    }
}
