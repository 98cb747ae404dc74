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
}
