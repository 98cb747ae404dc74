package org.brainsim.objectives;

import java.util.List;

/**
 * A region's objective (DESIGN.md §5.1): a strategy that, from what the region computed and what its links
 * brought, gives per step the signal the region sends on its error links and per trial the term its learning rule
 * follows and its scores. One instance serves one region, on the region's thread; it may keep per-trial buffers.
 *
 * <p>Calling convention, per trial: {@link #startTrial()}, then {@link #step} for steps k = 0, 1, … of the trial
 * (and with k = −1 for steps between trials), then {@link #endTrial} with the number of steps.
 */
public interface Objective
{
    /** @return values per batch row of its per-step signal (0: it emits none). */
    default int signalWidth()
    {
        return 0;
    }

    /** @return its signal of the step just seen, {@code [batch][signalWidth]}; valid until the next step. */
    default float[] signal()
    {
        throw new IllegalStateException(getClass().getSimpleName() + " emits no per-step signal");
    }

    /**
     * @return the action it chose at the step just seen, one-hot rows {@code [batch][actions]} (what the region's
     *     action link carries), or {@code null} when it does not act (the region then sends its readout).
     */
    default float[] action()
    {
        return null;
    }

    /** @return values per batch row of the neuromodulator it sends on modulator links (0: it sends none). */
    default int modulatorWidth()
    {
        return 0;
    }

    /** @return its neuromodulator of the step just seen, {@code [batch][modulatorWidth]}; valid until the next step. */
    default float[] modulator()
    {
        throw new IllegalStateException(getClass().getSimpleName() + " sends no neuromodulator");
    }

    /**
     * @return values per batch row it offers an arbiter on action-value links: its action values, then their variances
     *     (2 × actions; 0: it offers none).
     */
    default int valuesWidth()
    {
        return 0;
    }

    /** @return its action values of the step just seen and their variances, {@code [batch][valuesWidth]}. */
    default float[] values()
    {
        throw new IllegalStateException(getClass().getSimpleName() + " offers no action values");
    }

    /** A trial begins. */
    default void startTrial()
    {
    }

    /**
     * Sees one step.
     *
     * @param k step within the trial (0 …), or −1 between trials.
     */
    default void step(final int k, final ObjectiveInputs inputs)
    {
    }

    /** @return the trial's term, over its first {@code steps} steps. */
    TrialTerm endTrial(int steps);

    /**
     * @return what it records of the trial just ended beside its scores (asked after {@link #endTrial}; the same keys
     *     and shapes every trial), or none.
     */
    default List<TrialArray> trialArrays()
    {
        return List.of();
    }
}
