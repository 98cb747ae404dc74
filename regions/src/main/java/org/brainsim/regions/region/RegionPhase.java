package org.brainsim.regions.region;

import org.brainsim.regions.network.Lesion;

import java.util.List;

/**
 * What a scenario phase does to one learning region when it starts: the plasticity gate (0 freezes the
 * weights; a learning-rate change is the gate new/old, exact for SGD and Adam alike) and lesions, applied in
 * order. A region receives the phase index from its task's control link and applies the phase at the first
 * step that carries the new index — for a region the task trains, the first step of the phase's first trial.
 *
 * @param name       the phase's name (for messages and records).
 * @param plasticity the gate from this phase on.
 * @param lesions    lesions applied when the phase starts (they stay).
 */
public record RegionPhase(String name, double plasticity, List<Lesion> lesions, List<Integer> cutLinks)
{
    /** A phase that cuts no link. */
    public RegionPhase(final String name, final double plasticity, final List<Lesion> lesions)
    {
        this(name, plasticity, lesions, List.of());
    }

    public RegionPhase
    {
        if (!(plasticity >= 0))
        {
            throw new IllegalArgumentException("plasticity: " + plasticity + " (expected: >= 0)");
        }
        lesions = List.copyOf(lesions);
        cutLinks = List.copyOf(cutLinks);
    }
}
