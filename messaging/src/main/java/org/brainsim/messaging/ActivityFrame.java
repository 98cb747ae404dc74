package org.brainsim.messaging;

/**
 * Activity of a region's units for each batch row: spikes as bits ({@link SpikeFrame}) or rates as
 * floats ({@link RateFrame}).
 */
public sealed interface ActivityFrame extends BatchFrame permits SpikeFrame, RateFrame
{
    /**
     * Writes the activity as dense floats, row-major {@code [batch][neuron]}, into {@code dst}.
     *
     * @param dst destination of length at least {@code batchSize() * width()}.
     */
    void copyTo(float[] dst);
}
