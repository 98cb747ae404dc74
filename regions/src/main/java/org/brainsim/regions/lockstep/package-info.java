/**
 * Conservative lockstep (DESIGN.md §3): a node computes step {@code t} once it holds, for every inbound
 * link of delay {@code d}, the frame stamped {@code t − d}; it never runs more than a window ahead of its
 * slowest consumer. {@link org.brainsim.regions.lockstep.LockstepNode} is the actor; the rules live in
 * {@link org.brainsim.regions.lockstep.LockstepGate}.
 */
package org.brainsim.regions.lockstep;
