package org.brainsim.messaging;

import java.util.Arrays;

/**
 * What a task environment shows a region at one step: an input vector per batch row plus per-row
 * flags marking trial boundaries and evaluation windows.
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the environment emitted it.
 * @param batchSize batch rows.
 * @param width     inputs per row.
 * @param values    row-major {@code [batch][width]} inputs, length {@code batchSize * width}.
 * @param rowFlags  per-row bit flags ({@link #TRIAL_START}, {@link #EVALUATE}), length {@code batchSize}.
 */
public record ObservationFrame(int linkId, long step, int batchSize, int width, float[] values, byte[] rowFlags)
    implements BatchFrame
{
    /** The row starts a new trial at this step. */
    public static final byte TRIAL_START = 1;
    /** The row is inside an evaluation window at this step (its output is scored). */
    public static final byte EVALUATE = 2;

    public ObservationFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, width);
        FrameChecks.length("values", FrameChecks.notNull("values", values).length, (long)batchSize * width);
        FrameChecks.length("rowFlags", FrameChecks.notNull("rowFlags", rowFlags).length, batchSize);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ObservationFrame f && f.linkId == linkId && f.step == step &&
            f.batchSize == batchSize && f.width == width && Arrays.equals(f.values, values) &&
            Arrays.equals(f.rowFlags, rowFlags);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(values)) + Arrays.hashCode(rowFlags);
    }

    @Override
    public String toString()
    {
        return "ObservationFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize +
            ", width=" + width + "]";
    }
}
