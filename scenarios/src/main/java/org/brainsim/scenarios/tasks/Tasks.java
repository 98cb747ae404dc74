package org.brainsim.scenarios.tasks;

import java.util.Arrays;

/**
 * What every task shares: durations in ms to steps, rates in Hz to probabilities per step, the labels of a task
 * that does not classify.
 */
final class Tasks
{
    private Tasks()
    {
    }

    /**
     * @return {@code round(ms / dt)} steps.
     * @throws IllegalArgumentException naming {@code key} when that is fewer than {@code minSteps}.
     */
    static int steps(final String key, final double ms, final double dtMs, final int minSteps)
    {
        final long steps = Math.round(ms / dtMs);
        if (steps < minSteps || steps > Integer.MAX_VALUE / 4)
        {
            throw new IllegalArgumentException(key + ": " + ms + " ms is " + steps + " steps of " + dtMs +
                " ms (expected: at least " + minSteps + ")");
        }
        return (int)steps;
    }

    /**
     * @return the spike probability per step of a Poisson neuron at {@code hz}.
     * @throws IllegalArgumentException naming {@code key} when it exceeds one spike per step.
     */
    static double probability(final String key, final double hz, final double dtMs)
    {
        final double p = hz * dtMs / 1000;
        if (p > 1)
        {
            throw new IllegalArgumentException(key + ": " + hz + " Hz is more than one spike per step of " + dtMs +
                " ms (expected: at most " + 1000 / dtMs + ")");
        }
        return p;
    }

    /** @return the labels of a trial that is not a classification: −1 for every row. */
    static int[] unlabelled(final int batch)
    {
        final int[] none = new int[batch];
        Arrays.fill(none, -1);
        return none;
    }
}
