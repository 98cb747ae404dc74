package org.brainsim.messaging;

/**
 * Flow control, consumer → producer: the consumer of link {@code linkId} has completed simulated step
 * {@code step}. A producer never runs more than its window ahead of its slowest consumer's completed
 * step (DESIGN.md §3, bounded memory), so a fast producer waits instead of buffering without bound.
 *
 * @param linkId the link whose consumer reports progress.
 * @param step   the last step the consumer has completed.
 */
public record CreditFrame(int linkId, long step) implements Frame
{
    public CreditFrame
    {
        FrameChecks.header(linkId, step);
    }
}
