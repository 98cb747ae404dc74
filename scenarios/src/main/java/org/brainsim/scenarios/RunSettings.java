package org.brainsim.scenarios;

import org.brainsim.regions.lockstep.Intervention;

import java.time.Duration;
import java.util.List;

/**
 * How a run waits and reports: the timeouts that bound it and how often its manifest is rewritten while it runs; and
 * the live changes it replays.
 *
 * @param stallTimeout     fail when no node makes progress for this long.
 * @param remoteEndTimeout (cluster) how long the submitter waits for the parts on other nodes once its own ended.
 * @param manifestPeriod   how often the manifest is rewritten while the run goes on.
 * @param replay           live changes to make again, each at its region's recorded step (an event log).
 */
public record RunSettings(Duration stallTimeout, Duration remoteEndTimeout, Duration manifestPeriod,
                          List<Intervention> replay)
{
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_REMOTE_END_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MANIFEST_PERIOD = Duration.ofSeconds(2);

    /** The defaults. */
    public static final RunSettings DEFAULTS = new RunSettings(DEFAULT_STALL_TIMEOUT, DEFAULT_REMOTE_END_TIMEOUT,
        DEFAULT_MANIFEST_PERIOD, List.of());

    public RunSettings
    {
        replay = List.copyOf(replay);
        for (final Duration d : new Duration[] {stallTimeout, remoteEndTimeout, manifestPeriod})
        {
            if (d.isNegative() || d.isZero())
            {
                throw new IllegalArgumentException("timeouts and period: " + d + " (expected: > 0)");
            }
        }
    }

    /** @return these settings with another stall timeout. */
    public RunSettings withStallTimeout(final Duration timeout)
    {
        return new RunSettings(timeout, remoteEndTimeout, manifestPeriod, replay);
    }

    /** @return these settings replaying {@code changes}. */
    public RunSettings withReplay(final List<Intervention> changes)
    {
        return new RunSettings(stallTimeout, remoteEndTimeout, manifestPeriod, changes);
    }
}
