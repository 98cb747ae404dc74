package org.brainsim.messaging;

import java.util.Arrays;

/**
 * A prediction error or learning signal, one vector per batch row, for the learning rule of the receiving region.
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the producer emitted it.
 * @param batchSize batch rows.
 * @param width     error components per row.
 * @param values    row-major {@code [batch][width]} values, length {@code batchSize * width}.
 */
public record ErrorFrame(int linkId, long step, int batchSize, int width, float[] values) implements BatchFrame
{
    public ErrorFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, width);
        FrameChecks.length("values", FrameChecks.notNull("values", values).length, (long)batchSize * width);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ErrorFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
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
        return "ErrorFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + ", width=" + width + "]";
    }
}
