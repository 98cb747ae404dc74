package org.brainsim.regions.lockstep;

/**
 * What a link between two nodes carries (DESIGN.md §4): which of the producer's outputs ("ports") it takes.
 * Every kind travels as one frame per step; the consumer combines inbound links in link order.
 */
public enum LinkKind
{
    /** The producer's activity (spikes or rates; a task's observations): an input to the consumer's units. */
    ACTIVITY,
    /**
     * The producer's error vector per batch row: a learning signal for the consumer's rule, or (as the consumer's
     * wiring says) an input to its units.
     */
    ERROR,
    /**
     * A task's supervision per batch row: the target of the consumer's readout, the step's evaluation weight
     * and trial flags ({@link TaskSignal}).
     */
    TARGET,
    /** A region's readout per batch row (its choice or prediction), sent to a task that scores it. */
    ACTION,
    /** A task's control signal: the index of the scenario phase in force and trial flags ({@link TaskSignal}). */
    CONTROL,
    /** A region's predictions (the readout units of its predictive objectives): an input to the consumer's units. */
    PREDICTION,
    /**
     * Exact cross-region BPTT (issue 12): after each of its trials, a downstream region's gradient of its loss with
     * respect to the activity an upstream region sent it, step by step, in chunks ({@code GradientFrames}), back to
     * that upstream region, which back-propagates it through the trial it kept.
     */
    GRADIENT,
    /**
     * An environment's reward per batch row and what it is about ({@code RewardFrame}: the reward, the action it
     * answers, the episode's end), to a region whose objective learns from rewards.
     */
    REWARD,
    /**
     * A region's neuromodulator per batch row ({@code ModulatorFrame}: a critic's TD error), broadcast to regions whose
     * objective learns from it.
     */
    MODULATOR,
    /**
     * A controller's action values per batch row and their variances ({@code ActionValuesFrame}), to an arbiter that
     * weighs them or hands control to the less uncertain (issue 14).
     */
    VALUES
}
