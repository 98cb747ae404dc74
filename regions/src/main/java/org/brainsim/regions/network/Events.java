package org.brainsim.regions.network;

/**
 * Finds the events of a step: the units that spiked, the inputs that are not zero. A spiking network's rows are mostly
 * zeros (1–2 % of units fire per step at 10–20 Hz), so the kernels skip them by index instead of testing every unit
 * inside their sums. The indices come out in increasing order, so a sum over them runs in the same order as a loop
 * over every unit that skips the zeros: the same bits.
 */
public final class Events
{
    private Events()
    {
    }

    /**
     * Writes the offsets {@code i} (0 ≤ i &lt; length) with {@code values[from + i] != 0} into {@code into}, in
     * increasing order, and returns how many there are. −0.0 counts as zero, as in {@code != 0f}.
     *
     * @param lanes test a vector of values at a time ({@link Lanes#enabled()}): the same indices, faster.
     */
    public static int nonZero(final float[] values, final int from, final int length, final int[] into,
        final boolean lanes)
    {
        return lanes ? EventLanes.nonZero(values, from, length, into)
            : EventScan.nonZero(values, from, 0, length, into, 0);
    }
}
