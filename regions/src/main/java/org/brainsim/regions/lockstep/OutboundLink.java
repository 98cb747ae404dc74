package org.brainsim.regions.lockstep;

/**
 * A link as its producer sees it.
 *
 * @param linkId     global link id.
 * @param toNode     the consuming node's name.
 * @param delaySteps steps between emission and use, ≥ 1.
 * @param kind       what it carries: the node's activity or its error vector.
 */
public record OutboundLink(int linkId, String toNode, int delaySteps, LinkKind kind)
{
    public OutboundLink(final int linkId, final String toNode, final int delaySteps)
    {
        this(linkId, toNode, delaySteps, LinkKind.ACTIVITY);
    }

    public OutboundLink
    {
        if (delaySteps < 1)
        {
            throw new IllegalArgumentException("delaySteps: " + delaySteps + " (expected: >= 1)");
        }
    }
}
