package org.brainsim.regions.region;

import org.brainsim.objectives.TrialScores;
import org.brainsim.regions.network.Lesion;

/**
 * Sees each completed trial of a learning region, and each lesion a phase applies to it, on the region's thread.
 */
public interface TrialObserver
{
    /** Observes nothing. */
    TrialObserver NONE = (trial, phase, scores, learner) ->
    {
    };

    /**
     * @param trial   the region's trial index (0, 1, …).
     * @param phase   the scenario phase the trial belonged to ({@code -1} without phases).
     * @param scores  the objectives' scores of the trial, measured before the update.
     * @param learner the learner, its weights already updated by this trial (for snapshots).
     */
    void onTrial(long trial, int phase, TrialScores scores, Learner learner);

    /**
     * A phase lesioned the region.
     *
     * @param phase   the phase's index.
     * @param lesion  what it silenced.
     * @param indices the units, or flat {@code pre·n + post} synapses, silenced (ascending).
     */
    default void onLesion(final int phase, final Lesion lesion, final int[] indices)
    {
    }
}
