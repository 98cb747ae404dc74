package org.brainsim.scenarios.spec;

import org.brainsim.regions.network.Lesion;
import org.brainsim.scenarios.tasks.TaskConditions;

import java.util.List;
import java.util.Map;

/**
 * One phase of a scenario (see {@code docs/scenarios.md}).
 *
 * @param name        unique name.
 * @param trials      trials at most ({@code null}: no limit of its own).
 * @param steps       steps at most ({@code null}: no limit of its own).
 * @param errorBelow  stop criterion: the mean error of the last {@code overTrials} trials below this; {@code null}: none.
 * @param overTrials  the criterion's window, in trials.
 * @param plasticity  per learning region, the plasticity gate in this phase (regions not listed keep theirs;
 *                    the first phase starts from 1).
 * @param lesions     lesions applied when the phase starts.
 * @param cuts        links cut when the phase starts: from then on their consumer receives zeros on them.
 * @param conditions  what it changes in the task's world ({@code devalue}, {@code extinction}).
 */
public record PhaseSpec(
    String name, Long trials, Long steps, Double errorBelow, int overTrials, Map<String, Double> plasticity,
    List<LesionSpec> lesions, List<String> cuts, TaskConditions conditions)
{
    /**
     * @param region   the region lesioned.
     * @param lesion   what and how much.
     */
    public record LesionSpec(String region, Lesion lesion)
    {
    }
}
