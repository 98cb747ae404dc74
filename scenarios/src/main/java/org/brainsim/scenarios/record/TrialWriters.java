package org.brainsim.scenarios.record;

import org.brainsim.objectives.TrialArray;
import org.brainsim.scenarios.cluster.LesionRecord;
import org.brainsim.scenarios.cluster.TrialRecord;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.spec.RegionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-trial arrays of one region, and what writes into them: the loss and accuracy of each scored trial, each
 * objective term's loss when there are several, what the objectives record beside their scores
 * ({@link TrialArray}), weight snapshots, and the indices each lesion silenced.
 */
final class TrialWriters
{
    private static final String[] WEIGHTS = {"w_in", "w_rec", "w_out"};

    /** Makes a per-trial array {@code <key>.npy} that the manifest describes. */
    @FunctionalInterface
    interface Arrays
    {
        NpyAppender create(String key, NpyDType dtype, String description, long... item) throws IOException;
    }

    private final Arrays arrays;
    private final RegionSpec region;
    private final List<String> phases;
    private final NpyAppender loss;
    private final NpyAppender accuracy;
    private final List<NpyAppender> terms = new ArrayList<>();
    private final NpyAppender snapshotTrials;
    private final NpyAppender[] weights = new NpyAppender[WEIGHTS.length];
    private final Map<String, NpyAppender> objectiveArrays = new HashMap<>();
    private int lesions;

    /**
     * @param weightsEveryTrials weight snapshots after trials 0, k, 2k, … (0: none).
     * @param phases             the scenario's phase names, by index.
     */
    TrialWriters(final Arrays arrays, final RegionSpec region, final boolean trained, final boolean classification,
                 final int weightsEveryTrials, final List<String> phases) throws IOException
    {
        this.arrays = arrays;
        this.region = region;
        this.phases = List.copyOf(phases);
        final String name = region.name();
        this.loss = !trained ? null : arrays.create("loss/" + name, NpyDType.FLOAT64, "loss of each completed " +
            "trial of region " + name + " (its objectives over the evaluated steps, weighted, before the trial's " +
            "update; no regularisers)");
        this.accuracy = !trained || !classification ? null : arrays.create("accuracy/" + name, NpyDType.FLOAT64,
            "share of rows whose window-averaged readout picks the target class, per trial, region " + name);
        if (trained && region.objectives().size() > 1)
        {
            final List<String> labels = ObjectiveSpec.recordNames(region.objectives().stream().map(ObjectiveSpec::label)
                .toList());
            for (int i = 0; i < labels.size(); i++)
            {
                final ObjectiveSpec o = region.objectives().get(i);
                terms.add(arrays.create("loss/" + name + "." + labels.get(i), NpyDType.FLOAT64, "weighted " +
                    "loss (weight " + o.weight() + ") of the " + o.type().name() + " term of region " + name +
                    ", per trial" + (o.type().regularizer() ? " (a regulariser)" : "")));
            }
        }
        this.snapshotTrials = !trained || weightsEveryTrials == 0 ? null :
            arrays.create("weights/" + name + "/trials", NpyDType.INT64, "the trial after whose update each " +
                "weight snapshot of region " + name + " was taken");
    }

    void trial(final TrialRecord record)
    {
        try
        {
            for (final TrialArray a : record.arrays())
            {
                NpyAppender out = objectiveArrays.get(a.key());
                if (out == null)
                {
                    // group/name is written group/<region>/name, like loss/<region>
                    final int slash = a.key().indexOf('/');
                    final String key = slash < 0 ? a.key() + "/" + region.name() :
                        a.key().substring(0, slash) + "/" + region.name() + a.key().substring(slash);
                    out = arrays.create(key, NpyDType.FLOAT32, a.description() + ", region " + region.name(),
                        a.item());
                    objectiveArrays.put(a.key(), out);
                }
                out.appendFloats(a.values());
            }
            if (loss == null)
            {
                return;
            }
            loss.appendDoubles(record.loss());
            if (accuracy != null)
            {
                accuracy.appendDoubles(record.accuracy());
            }
            for (int i = 0; i < terms.size(); i++)
            {
                terms.get(i).appendDoubles(record.terms()[i]);
            }
            if (record.params() != null && snapshotTrials != null)
            {
                for (int i = 0; i < WEIGHTS.length; i++)
                {
                    if (weights[i] == null)
                    {
                        weights[i] = arrays.create("weights/" + region.name() + "/" + WEIGHTS[i],
                            NpyDType.FLOAT32, WEIGHTS[i] + " of region " + region.name() + " ([pre, post]) after the " +
                                "trials in weights/" + region.name() + "/trials.npy", record.shapes()[i]);
                    }
                    weights[i].appendFloats(record.params()[i]);
                }
                snapshotTrials.appendLongs(record.trial());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void lesion(final LesionRecord record)
    {
        final String phase = record.phase() >= 0 && record.phase() < phases.size() ? phases.get(record.phase()) :
            String.valueOf(record.phase());
        final String key = "lesions/" + region.name() + "/" + phase + "-" + lesions++;
        try
        {
            final NpyAppender a = arrays.create(key, NpyDType.INT64, "what a lesion of phase " + phase +
                " silenced in region " + region.name() + ": " + record.target() + ", fraction " + record.fraction() +
                (record.target().endsWith("synapses") ? "; flat indices pre * n + post of W_" +
                    (record.target().startsWith("input") ? "in" : "rec") : "; unit indices"));
            final long[] indices = new long[record.indices().length];
            for (int i = 0; i < indices.length; i++)
            {
                indices[i] = record.indices()[i];
            }
            a.appendScalars(indices);
            a.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
