package org.brainsim.regions.lockstep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live changes of one run in one JVM. A change addresses one region, and that region is the clock of its own
 * changes: it takes what was asked for at the start of its next step, applies it there and stamps it with that step.
 * A region runs in exactly one JVM, and what it computes depends only on its inputs, its state and these changes, so
 * a run replayed with every change at its recorded region step repeats the first one byte for byte, whatever the
 * threads or JVMs.
 *
 * <p>Requests come from JMX threads ({@link #request}); each region reads its own {@link Feed} on its node's thread;
 * listeners (the run's event log, the submitter of a cluster run) see each change as it is applied.
 */
public final class Interventions
{
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, List<Intervention>> replay = new ConcurrentHashMap<>();
    private final List<Consumer<Intervention>> listeners = new CopyOnWriteArrayList<>();

    /** A board with nothing to replay. */
    public Interventions()
    {
        this(List.of());
    }

    /**
     * @param replay changes to make again, each at its recorded step of its region (an event log); per region in the
     *               order given, which must be step order.
     */
    public Interventions(final List<Intervention> replay)
    {
        for (final Intervention e : replay)
        {
            final List<Intervention> mine = this.replay.computeIfAbsent(e.target(), t -> new ArrayList<>());
            if (e.step() < 0 || !mine.isEmpty() && e.step() < mine.get(mine.size() - 1).step())
            {
                throw new IllegalArgumentException("replayed changes of " + e.target() + " out of step order: " +
                    e.step() + (mine.isEmpty() ? "" : " after " + mine.get(mine.size() - 1).step()));
            }
            mine.add(e);
        }
    }

    /** Asks for a change (any thread); its region applies it at the start of its next step. */
    public void request(final Intervention change)
    {
        feed(change.target()).request(change);
    }

    /** Sees every change as its region applies it (any region's thread). */
    public void listen(final Consumer<Intervention> listener)
    {
        listeners.add(listener);
    }

    /** A change a region applied in another JVM (a cluster node's, at the submitter): tells the listeners. */
    public void record(final Intervention applied)
    {
        for (final Consumer<Intervention> l : listeners)
        {
            l.accept(applied);
        }
    }

    /** @return the changes of region {@code target}: requested live, or replayed. */
    public Feed feed(final String target)
    {
        return feeds.computeIfAbsent(target, t -> new Feed(replay.getOrDefault(t, List.of())));
    }

    /** One region's changes, read by its node's thread at each step. */
    public final class Feed
    {
        private final ConcurrentLinkedQueue<Intervention> requests = new ConcurrentLinkedQueue<>();
        private final Deque<Intervention> scheduled;

        private Feed(final List<Intervention> replay)
        {
            this.scheduled = new ArrayDeque<>(replay);
        }

        /** Asks for a change of this region (any thread). */
        public void request(final Intervention change)
        {
            requests.add(change);
        }

        /**
         * (The region's thread, at the start of step {@code step}) The changes to apply now: the replayed ones
         * recorded at this step, then those asked for since the last step.
         *
         * @return them, stamped with {@code step}; empty (and cheap) most steps.
         */
        public List<Intervention> due(final long step)
        {
            if (requests.isEmpty() && (scheduled.isEmpty() || scheduled.peekFirst().step() > step))
            {
                return List.of();
            }
            final List<Intervention> now = new ArrayList<>();
            while (!scheduled.isEmpty() && scheduled.peekFirst().step() <= step)
            {
                now.add(scheduled.pollFirst());
            }
            for (Intervention r = requests.poll(); r != null; r = requests.poll())
            {
                now.add(r.at(step));
            }
            return now;
        }

        /** (The region's thread) Tells the listeners a change was applied, with the value it replaced. */
        public void applied(final Intervention change)
        {
            record(change);
        }
    }
}
