package org.brainsim.messaging;

/**
 * Receives decoded frames on the transport's receiver thread. Must not block: hand the frame on
 * (for example to an actor's mailbox) and return.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * @param frame a valid frame, never {@code null}.
     * @return {@code true} when the frame was taken, {@code false} when it belongs nowhere here (counted
     * as unrouted and dropped).
     */
    boolean onFrame(Frame frame);
}
