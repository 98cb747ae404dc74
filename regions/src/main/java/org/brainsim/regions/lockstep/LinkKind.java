package org.brainsim.regions.lockstep;

/**
 * What a link between two nodes carries (DESIGN.md §4).
 */
public enum LinkKind
{
    /** The producer's activity (spikes or rates): an input to the consumer's units. */
    ACTIVITY,
    /** The producer's error vector per batch row: a learning signal for the consumer's rule. */
    ERROR
}
