package org.brainsim.regions.lockstep;

import java.time.Duration;

/**
 * How a completed lockstep run went.
 *
 * @param steps      steps every node computed.
 * @param wallTime   wall-clock time from start to the last node finishing.
 * @param framesSent frames the transport carried (data and credits).
 * @param backPressureRetries offers retried because a stream was full.
 */
public record GraphReport(long steps, Duration wallTime, long framesSent, long backPressureRetries)
{
    /** @return steps per wall-clock second. */
    public double stepsPerSecond()
    {
        final double seconds = wallTime.toNanos() / 1e9;
        return seconds > 0 ? steps / seconds : 0;
    }
}
