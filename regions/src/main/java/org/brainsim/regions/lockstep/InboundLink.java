package org.brainsim.regions.lockstep;

/**
 * A link as its consumer sees it.
 *
 * @param linkId     global link id; inbound frames are combined in ascending id order.
 * @param fromNode   the producing node's name.
 * @param delaySteps steps between emission and use, ≥ 1.
 * @param width      values per batch row on this link.
 */
public record InboundLink(int linkId, String fromNode, int delaySteps, int width)
{
    public InboundLink
    {
        if (delaySteps < 1)
        {
            throw new IllegalArgumentException("delaySteps: " + delaySteps + " (expected: >= 1)");
        }
        if (width < 1)
        {
            throw new IllegalArgumentException("width: " + width + " (expected: >= 1)");
        }
    }
}
