package org.brainsim.objectives;

import java.util.List;

/**
 * How a region's objectives scored one trial.
 *
 * @param loss     the task loss: the weighted sum of the terms that are not regularisers (before the trial's update).
 * @param accuracy share of rows classified correctly, or NaN when no term is a classification.
 * @param terms    each term's weighted loss, in the order of the region's objectives (regularisers included).
 * @param arrays   what the objectives record of the trial beside the scores ({@link Objective#trialArrays()}).
 */
public record TrialScores(double loss, double accuracy, double[] terms, List<TrialArray> arrays)
{
    public TrialScores
    {
        arrays = List.copyOf(arrays);
    }

    /** Scores with no arrays recorded beside them. */
    public TrialScores(final double loss, final double accuracy, final double[] terms)
    {
        this(loss, accuracy, terms, List.of());
    }

    /** @return whether every number is finite (NaN accuracy aside: it means "not a classification"). */
    public boolean finite()
    {
        if (!Double.isFinite(loss))
        {
            return false;
        }
        for (final double t : terms)
        {
            if (!Double.isFinite(t))
            {
                return false;
            }
        }
        return true;
    }
}
