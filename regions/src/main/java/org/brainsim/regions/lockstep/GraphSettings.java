package org.brainsim.regions.lockstep;

import org.brainsim.messaging.TransportContext;

import java.time.Duration;
import java.util.Map;

/**
 * How a lockstep graph ({@code LocalGraph}) runs.
 *
 * @param steps        steps every node computes, ≥ 0.
 * @param windowSteps  lockstep window, ≥ 1.
 * @param threadMode   one thread per node, or one for all.
 * @param stallTimeout fail when no node progresses for this long.
 * @param transport    settings of the embedded transport (its UDP endpoint, when set, is where the nodes of
 *                     this JVM receive from other machines).
 * @param remote       nodes that run in other JVMs, each with the Aeron UDP endpoint ({@code host:port}) of its
 *                     JVM; every other node runs here. Empty: the whole graph runs here.
 * @param abort        polled while waiting for peers to connect: true gives up at once (a peer was lost).
 * @param pause        pauses and resumes the nodes of this JVM at a step boundary.
 */
public record GraphSettings(
    long steps, int windowSteps, ThreadMode threadMode, Duration stallTimeout, TransportContext transport,
    Map<String, String> remote, java.util.function.BooleanSupplier abort, PauseSwitch pause)
{
    /** Default lockstep window: steps a producer may run ahead of its slowest consumer. */
    public static final int DEFAULT_WINDOW_STEPS = 8;

    /** The stall timeout of {@link #GraphSettings(long)}: tests and tools; scenario runs set theirs. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    public GraphSettings
    {
        remote = Map.copyOf(remote);
    }

    public GraphSettings(
        final long steps, final int windowSteps, final ThreadMode threadMode, final Duration stallTimeout,
        final TransportContext transport)
    {
        this(steps, windowSteps, threadMode, stallTimeout, transport, Map.of(), () -> false, new PauseSwitch());
    }

    public GraphSettings(final long steps)
    {
        this(steps, DEFAULT_WINDOW_STEPS, ThreadMode.PER_NODE, DEFAULT_STALL_TIMEOUT, new TransportContext());
    }

    public GraphSettings withThreadMode(final ThreadMode mode)
    {
        return new GraphSettings(steps, windowSteps, mode, stallTimeout, transport, remote, abort, pause);
    }

    public GraphSettings withWindowSteps(final int window)
    {
        return new GraphSettings(steps, window, threadMode, stallTimeout, transport, remote, abort, pause);
    }

    public GraphSettings withStallTimeout(final Duration timeout)
    {
        return new GraphSettings(steps, windowSteps, threadMode, timeout, transport, remote, abort, pause);
    }

    /**
     * Runs only part of the graph here: the nodes in {@code remote} run in other JVMs (each running the same
     * graph with its own part), reached over Aeron UDP at their endpoint.
     */
    public GraphSettings withRemote(final Map<String, String> remoteEndpoints)
    {
        return new GraphSettings(steps, windowSteps, threadMode, stallTimeout, transport, remoteEndpoints, abort, pause);
    }

    /** Pauses and resumes with {@code control}. */
    public GraphSettings withPause(final PauseSwitch control)
    {
        return new GraphSettings(steps, windowSteps, threadMode, stallTimeout, transport, remote, abort, control);
    }

    /** Gives up waiting for peers to connect as soon as {@code stop} says so. */
    public GraphSettings withAbort(final java.util.function.BooleanSupplier stop)
    {
        return new GraphSettings(steps, windowSteps, threadMode, stallTimeout, transport, remote, stop, pause);
    }
}
