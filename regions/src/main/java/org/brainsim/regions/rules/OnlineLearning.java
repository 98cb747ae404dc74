package org.brainsim.regions.rules;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trial of learning from per-step signals that arrive late (another region's error, {@code d} steps after the
 * step it is about; DESIGN.md §5): eligibility traces advance with the network's live steps, each arriving signal
 * meets the trace of the step it is about, and the gradients accumulate until the trial ends.
 */
public interface OnlineLearning
{
    /** Advances the traces after the network's live step {@code t} of the trial (steps in order from 0). */
    void step(int t);

    /**
     * Pairs a learning signal with the trace of step {@code about}.
     *
     * @param signal the signal carried to the units (batch × n).
     */
    void signal(int about, INDArray signal);

    /** @return the parameters it trains (live) and their accumulated gradients: {@code {params, grads}}. */
    INDArray[][] take();
}
