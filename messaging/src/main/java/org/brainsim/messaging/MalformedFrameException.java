package org.brainsim.messaging;

/**
 * Bytes that do not decode to a valid frame. The transport counts and drops such frames; it never
 * lets them reach a node.
 */
public final class MalformedFrameException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** Why a frame was rejected. */
    public enum Reason
    {
        /** The bytes end before the frame does. */
        TRUNCATED,
        /** The frame is longer than the configured maximum. */
        OVERSIZED,
        /** The type id is not one of the registered frame types. */
        UNKNOWN_TYPE,
        /** The fields decode but contradict each other (e.g. array length vs batch × width). */
        INCONSISTENT,
        /** Bytes remain after a complete frame. */
        TRAILING_BYTES
    }

    private final Reason reason;

    public MalformedFrameException(final Reason reason, final String message)
    {
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
    }

    /** @return why the frame was rejected. */
    public Reason reason()
    {
        return reason;
    }
}
