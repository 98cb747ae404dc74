package org.brainsim.objectives;

import java.util.Arrays;

/**
 * One per-trial array an objective records beside its scores (an arbiter's values and weights, for instance): the
 * run appends {@code values}, shaped {@code item}, to the array {@code <key>.npy} once per trial.
 *
 * @param key         {@code group/name}: the run writes it as {@code group/<region>/name.npy}
 *                    ({@code arbitration/weight} of region {@code arbiter}: {@code arbitration/arbiter/weight.npy}).
 * @param description what it holds, for the manifest.
 * @param item        the shape of one trial's values (their product is {@code values.length}).
 * @param values      the trial's values, C order.
 */
public record TrialArray(String key, String description, long[] item, float[] values)
{
    public TrialArray
    {
        long size = 1;
        for (final long d : item)
        {
            size *= d;
        }
        if (size != values.length)
        {
            throw new IllegalArgumentException(key + ": " + values.length + " values for item shape " +
                Arrays.toString(item));
        }
    }
}
