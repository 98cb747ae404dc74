package org.brainsim.scenarios.cluster;

import org.brainsim.objectives.TrialArray;

import java.util.List;

/**
 * What is recorded of one completed trial of a learning region.
 *
 * @param trial    the region's trial index.
 * @param phase    the phase it belonged to ({@code -1} without phases).
 * @param loss     its loss before the update.
 * @param accuracy share of rows classified correctly, or NaN.
 * @param terms    each objective term's weighted loss, in the region's order.
 * @param params   the weights after the update ({@code w_in, w_rec, w_out}, C order) when a snapshot is due,
 *                 otherwise {@code null}.
 * @param shapes   the shape of each of {@code params}, or {@code null}.
 * @param arrays   what its objectives recorded of the trial beside the scores.
 */
public record TrialRecord(
    long trial, int phase, double loss, double accuracy, double[] terms, float[][] params, long[][] shapes,
    List<TrialArray> arrays)
{
    public TrialRecord
    {
        arrays = List.copyOf(arrays);
    }
}
