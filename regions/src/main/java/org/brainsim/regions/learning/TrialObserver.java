package org.brainsim.regions.learning;

/**
 * Sees each completed trial of a learning region, on the region's thread, after the trial's update.
 */
public interface TrialObserver
{
    /** Observes nothing. */
    TrialObserver NONE = (trial, phase, loss, accuracy, learner) ->
    {
    };

    /**
     * @param trial    the region's trial index (0, 1, …).
     * @param phase    the scenario phase the trial belonged to ({@code -1} without phases).
     * @param loss     the objective's loss of the trial, measured before the update (no regularisers).
     * @param accuracy share of rows classified correctly, or NaN when the objective is not a classification.
     * @param learner  the learner, its weights already updated by this trial (for snapshots).
     */
    void onTrial(long trial, int phase, double loss, double accuracy, Learner learner);
}
