package org.brainsim.scenarios;

/**
 * Hears how a run progresses, on the thread that awaits it.
 */
public interface RunListener
{
    /** A listener that hears nothing. */
    RunListener NONE = new RunListener()
    {
    };

    /**
     * @param totalSteps steps the run will compute.
     */
    default void started(final long totalSteps)
    {
    }

    /**
     * @param stepsDone steps every node has completed.
     */
    default void progress(final long stepsDone)
    {
    }

    /**
     * A run driven by a task: progress is counted in trials.
     *
     * @param plannedTrials trials the phases plan at most (Long.MAX_VALUE: no bound known).
     */
    default void startedTrials(final long plannedTrials)
    {
    }

    /**
     * @param trialsScored trials scored so far.
     * @param phase        the phase in force.
     * @param lastError    the mean error of the last scored trial (NaN before the first).
     */
    default void trials(final long trialsScored, final String phase, final double lastError)
    {
    }

    /**
     * (Cluster runs) Where the regions were placed, before the run starts.
     *
     * @param placement region → node name.
     */
    default void placed(final java.util.Map<String, String> placement)
    {
    }
}
