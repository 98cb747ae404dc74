package org.brainsim.messaging;

import java.util.Arrays;

/**
 * Neuromodulator levels per batch row (dopamine-like TD error, acetylcholine-like uncertainty, and so on).
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the producer emitted it.
 * @param batchSize batch rows.
 * @param width     modulator channels per row.
 * @param values    row-major {@code [batch][width]} values, length {@code batchSize * width}.
 */
public record ModulatorFrame(int linkId, long step, int batchSize, int width, float[] values) implements BatchFrame
{
    public ModulatorFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, width);
        FrameChecks.length("values", FrameChecks.notNull("values", values).length, (long)batchSize * width);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ModulatorFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
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
        return "ModulatorFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + ", width=" + width + "]";
    }
}
