package org.brainsim.messaging;

/**
 * A unit of traffic on one link at one simulated step. Every frame names its link and the step at
 * which its producer emitted it; the consumer uses it at {@code step + delaySteps} (DESIGN.md §3).
 *
 * <p>Frames are records of primitive arrays, immutable wherever they are kept: a frame that is queued, stored or
 * handed to another thread must own its arrays (a decoded frame does). The one exception is a frame built only to be
 * sent: {@link FrameSender#send} encodes it before it returns and keeps nothing, so such a frame may wrap its
 * producer's live arrays, which the producer changes again after the send (a lockstep node's output).
 */
public sealed interface Frame
    permits BatchFrame, CreditFrame
{
    /** @return the id of the link this frame travels on, ≥ 0. */
    int linkId();

    /** @return the simulated step at which the producer emitted this frame, ≥ 0. */
    long step();
}
