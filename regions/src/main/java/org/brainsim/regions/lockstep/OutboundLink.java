package org.brainsim.regions.lockstep;

/**
 * A link as its producer sees it.
 *
 * @param linkId     global link id.
 * @param toNode     the consuming node's name.
 * @param delaySteps steps between emission and use, ≥ 1.
 */
public record OutboundLink(int linkId, String toNode, int delaySteps)
{
    public OutboundLink
    {
        if (delaySteps < 1)
        {
            throw new IllegalArgumentException("delaySteps: " + delaySteps + " (expected: >= 1)");
        }
    }
}
