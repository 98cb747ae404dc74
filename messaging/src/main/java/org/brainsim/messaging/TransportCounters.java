package org.brainsim.messaging;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the transport did and what went wrong, as monotonically increasing counts. Thread-safe;
 * read them at any time (for instance through {@link TransportMXBean}).
 */
public final class TransportCounters
{
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong framesReceived = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong backPressureRetries = new AtomicLong();
    final AtomicLong notConnectedRetries = new AtomicLong();
    final AtomicLong framesDropped = new AtomicLong();
    final AtomicLong malformedFrames = new AtomicLong();
    final AtomicLong unroutedFrames = new AtomicLong();

    /** @return frames handed to Aeron successfully. */
    public long framesSent()
    {
        return framesSent.get();
    }

    /** @return encoded bytes handed to Aeron successfully. */
    public long bytesSent()
    {
        return bytesSent.get();
    }

    /** @return frames decoded and delivered to a handler. */
    public long framesReceived()
    {
        return framesReceived.get();
    }

    /** @return bytes of delivered frames. */
    public long bytesReceived()
    {
        return bytesReceived.get();
    }

    /** @return offers retried because the publication was back-pressured or in an admin action. */
    public long backPressureRetries()
    {
        return backPressureRetries.get();
    }

    /** @return offers retried because no subscriber was connected yet. */
    public long notConnectedRetries()
    {
        return notConnectedRetries.get();
    }

    /** @return frames that could not be sent: too large, publication closed, or retries timed out. */
    public long framesDropped()
    {
        return framesDropped.get();
    }

    /** @return received byte sequences that were not a valid frame; dropped. */
    public long malformedFrames()
    {
        return malformedFrames.get();
    }

    /** @return valid frames whose handler rejected them (no such link here); dropped. */
    public long unroutedFrames()
    {
        return unroutedFrames.get();
    }

    @Override
    public String toString()
    {
        return "sent=" + framesSent() + " received=" + framesReceived() + " backPressureRetries=" +
            backPressureRetries() + " notConnectedRetries=" + notConnectedRetries() + " dropped=" + framesDropped() +
            " malformed=" + malformedFrames() + " unrouted=" + unroutedFrames();
    }
}
