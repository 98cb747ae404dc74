package org.brainsim.messaging;

/**
 * A unit of traffic on one link at one simulated step. Every frame names its link and the step at
 * which its producer emitted it; the consumer uses it at {@code step + delaySteps} (DESIGN.md §3).
 *
 * <p>Frames are immutable records of primitive arrays: arrays are never mutated after construction
 * and must not be shared with mutable state (copy into the frame).
 */
public sealed interface Frame
    permits BatchFrame, CreditFrame
{
    /** @return the id of the link this frame travels on, ≥ 0. */
    int linkId();

    /** @return the simulated step at which the producer emitted this frame, ≥ 0. */
    long step();
}
