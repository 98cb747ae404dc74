package org.brainsim.regions.lockstep;

/**
 * A frame could not be delivered on a link: the lockstep run cannot go on.
 */
public final class LinkFailedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public LinkFailedException(final String message)
    {
        super(message);
    }
}
