package org.brainsim.messaging;

/**
 * A frame that carries data for every row of a batch (one row per independent trial).
 */
public sealed interface BatchFrame extends Frame
    permits ActivityFrame, ErrorFrame, ModulatorFrame, ObservationFrame, RewardFrame, ActionFrame, ActionValuesFrame
{
    /** @return the number of batch rows, ≥ 1. */
    int batchSize();

    /** @return values per batch row (neurons, error components, channels, …). */
    int width();
}
