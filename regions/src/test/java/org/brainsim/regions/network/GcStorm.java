package org.brainsim.regions.network;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread that forces garbage collections back to back until closed: it turns a native operand that ND4J's
 * deallocator may free during a call (see {@link Broadcasts}) from a rare event into a likely one.
 */
public final class GcStorm implements AutoCloseable
{
    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread collector;

    /** @param pauseMillis the pause between two collections (0: none) */
    public GcStorm(final long pauseMillis)
    {
        collector = new Thread(() ->
        {
            while (!done.get())
            {
                System.gc();
                if (pauseMillis > 0)
                {
                    try
                    {
                        Thread.sleep(pauseMillis);
                    }
                    catch (final InterruptedException e)
                    {
                        return;
                    }
                }
            }
        }, "gc-storm");
        collector.setDaemon(true);
        collector.start();
    }

    @Override
    public void close() throws InterruptedException
    {
        done.set(true);
        collector.join();
    }
}
