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
}
