package org.brainsim.objectives;

/**
 * What a {@code predictive} objective predicts: the activity arriving on one inbound link of its region, or the
 * region's own activity, {@code horizon} steps ahead.
 *
 * @param link    the inbound link's index among the region's inbound links (link order), or {@link #SELF}.
 * @param width   values per batch row of what is predicted (the link's width, or the region's units).
 * @param spikes  whether what is predicted is 0/1 spikes (then the loss defaults to a Bernoulli cross-entropy).
 * @param horizon steps ahead, ≥ 1: the readout at step t predicts what arrives at step t + horizon.
 */
public record Prediction(int link, int width, boolean spikes, int horizon)
{
    /** The region's own activity. */
    public static final int SELF = -1;

    public Prediction
    {
        if (link < SELF || width < 1 || horizon < 1)
        {
            throw new IllegalArgumentException("link, width, horizon: " + link + ", " + width + ", " + horizon +
                " (expected: link >= -1, width >= 1, horizon >= 1)");
        }
    }
}
