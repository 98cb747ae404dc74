package org.brainsim.regions.lockstep;

/**
 * A lockstep run that could not complete: a node failed, the graph stalled, or it was cancelled.
 */
public final class GraphRunException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** How the run ended. */
    public enum Kind
    {
        /** A node threw; {@link #node()} names it and the cause says why. */
        NODE_FAILED,
        /** No node made progress within the stall timeout. */
        STALLED,
        /** Stopped from outside (Ctrl-C, operator). */
        CANCELLED
    }

    private final Kind kind;
    private final String node;

    public GraphRunException(final Kind kind, final String node, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
        this.node = node;
    }

    /** @return how the run ended. */
    public Kind kind()
    {
        return kind;
    }

    /** @return the node at fault, or {@code null}. */
    public String node()
    {
        return node;
    }
}
