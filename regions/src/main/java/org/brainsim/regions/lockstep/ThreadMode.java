package org.brainsim.regions.lockstep;

/**
 * How a run places its node actors on threads. Results are bit-identical in every mode.
 */
public enum ThreadMode
{
    /** Each node on its own dedicated thread. */
    PER_NODE("brainsim.dispatchers.per-node"),
    /** All nodes of the run share one thread. */
    SINGLE("brainsim.dispatchers.single-thread");

    private final String dispatcherPath;

    ThreadMode(final String dispatcherPath)
    {
        this.dispatcherPath = dispatcherPath;
    }

    /** @return the Akka dispatcher configuration path for this mode. */
    public String dispatcherPath()
    {
        return dispatcherPath;
    }
}
