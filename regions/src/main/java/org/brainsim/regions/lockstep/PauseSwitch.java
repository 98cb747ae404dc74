package org.brainsim.regions.lockstep;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pauses the nodes of a run at a step boundary: each finishes the step it is computing and starts no other until
 * {@link #resume()}. Nothing a node computes depends on when it ran, so a pause changes no result. While paused, and
 * for a stall timeout after, the run's stall watchdog does not count the stillness as a stall. Any thread.
 */
public final class PauseSwitch
{
    private final List<Runnable> onResume = new CopyOnWriteArrayList<>();
    private volatile boolean paused;
    private volatile boolean resumedOnce;
    private volatile long resumedAtNs;

    public synchronized void pause()
    {
        paused = true;
    }

    public synchronized void resume()
    {
        if (paused)
        {
            resumedAtNs = System.nanoTime();
            resumedOnce = true;
            paused = false;
            onResume.forEach(Runnable::run);
        }
    }

    /** @return whether the nodes are to stop at their next step boundary. */
    public boolean paused()
    {
        return paused;
    }

    /** @return whether the run was paused at any time in the last {@code windowNs} (or is now). */
    boolean pausedWithin(final long windowNs)
    {
        return paused || resumedOnce && System.nanoTime() - resumedAtNs < windowNs;
    }

    /** Calls {@code wake} on every resume (a node's way to start stepping again). */
    void onResume(final Runnable wake)
    {
        onResume.add(wake);
    }
}
