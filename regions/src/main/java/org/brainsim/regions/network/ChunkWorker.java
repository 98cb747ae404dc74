package org.brainsim.regions.network;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that runs one {@link BatchChunks} share at a time, handed over through a volatile field: after a
 * share it keeps looking for the next one for {@link #HOT_NS} (spinning {@link #SPIN_NS}, then yielding to any other
 * runnable thread) before it parks, so that a learner's next hand-off (the backward pass after the forward, the next
 * trial's forward) costs no wake-up. On this machine kind a parked thread's wake-up took 0.1–0.2 ms, paid at every
 * hand-off of a pool's {@code submit} (docs/decisions.md). Idle workers wait in a JVM-wide stack, the most recently
 * used on top; one idle for a minute ends.
 */
final class ChunkWorker implements Runnable
{
    /** How long a worker keeps looking for its next share before it parks. */
    static final long HOT_NS = 2_000_000;
    /** How long of that it spins (the rest it yields). */
    static final long SPIN_NS = 50_000;
    private static final long KEEP_ALIVE_NS = 60_000_000_000L;

    private static final ConcurrentLinkedDeque<ChunkWorker> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Thread thread;
    private volatile Runnable task;
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile boolean sleeping;
    private volatile Thread waiter;

    private ChunkWorker()
    {
        thread = new Thread(this, "brainsim-batch-" + IDS.incrementAndGet());
        thread.setDaemon(true);
    }

    /** @return an idle worker, or a new one. */
    static ChunkWorker take()
    {
        final ChunkWorker idle = IDLE.pollFirst();
        if (idle != null)
        {
            return idle;
        }
        final ChunkWorker fresh = new ChunkWorker();
        fresh.thread.start();
        return fresh;
    }

    /** Hands {@code share} to this worker (taken, not yet started). */
    void start(final Runnable share)
    {
        failure = null;
        done = false;
        task = share; // publishes the two writes above
        if (sleeping)
        {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Waits, uninterruptibly, until the share has run, and puts the worker back among the idle ones.
     *
     * @return what the share threw, or {@code null}.
     */
    Throwable finish()
    {
        final long start = System.nanoTime();
        boolean interrupted = false;
        while (!done)
        {
            final long waited = System.nanoTime() - start;
            if (waited < SPIN_NS)
            {
                Thread.onSpinWait();
            }
            else if (waited < HOT_NS)
            {
                Thread.yield();
            }
            else
            {
                waiter = Thread.currentThread();
                if (!done)
                {
                    LockSupport.parkNanos(this, 1_000_000);
                }
                waiter = null;
                // the chunks write into the caller's arrays: wait for them whatever happens, then restore the flag
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        final Throwable thrown = failure;
        IDLE.offerFirst(this);
        return thrown;
    }

    @Override
    public void run()
    {
        long idleSince = System.nanoTime();
        while (true)
        {
            final Runnable share = task;
            if (share != null)
            {
                try
                {
                    share.run();
                }
                catch (final Throwable ex)
                {
                    failure = ex;
                }
                task = null;
                done = true; // publishes failure
                final Thread w = waiter;
                if (w != null)
                {
                    LockSupport.unpark(w);
                }
                idleSince = System.nanoTime();
                continue;
            }
            final long idle = System.nanoTime() - idleSince;
            if (idle < SPIN_NS)
            {
                Thread.onSpinWait();
            }
            else if (idle < HOT_NS)
            {
                Thread.yield();
            }
            else if (idle > KEEP_ALIVE_NS && IDLE.remove(this))
            {
                return; // nobody took it in a minute (and nobody can now)
            }
            else
            {
                sleeping = true;
                if (task == null)
                {
                    LockSupport.parkNanos(this, 1_000_000_000L);
                }
                sleeping = false;
                Thread.interrupted(); // nobody interrupts a worker on purpose: a stray flag must not spin the park
            }
        }
    }
}
