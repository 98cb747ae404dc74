package org.brainsim.regions.lockstep;

/**
 * Sees every step's output of one node, on that node's thread (for recording). Must copy what it keeps:
 * the array is reused.
 */
@FunctionalInterface
public interface StepObserver
{
    /** Observes nothing. */
    StepObserver NONE = (step, output) -> { };

    /**
     * @param step   the step just computed.
     * @param output the node's output, row-major {@code [batch][width]}; valid only during the call.
     */
    void onStep(long step, float[] output);

    /**
     * @return whether {@link #onStep} keeps anything of {@code step}: one that forwards observations to another
     * machine sends only these.
     */
    default boolean keeps(final long step)
    {
        return true;
    }

    /** @return how many leading batch rows of the output {@link #onStep} reads (the others may be left zero). */
    default int rowsRead(final int batch)
    {
        return batch;
    }
}
