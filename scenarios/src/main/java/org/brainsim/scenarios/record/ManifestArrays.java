package org.brainsim.scenarios.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.spec.TaskSpec;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code arrays} of a manifest: for every array a run writes, its file, dtype, shape, axes, units, meaning
 * and how much of it holds data.
 */
final class ManifestArrays
{
    private final Scenario scenario;
    private final RunRecording recording;

    ManifestArrays(final Scenario scenario, final RunRecording recording)
    {
        this.scenario = scenario;
        this.recording = recording;
    }

    void write(final ArrayNode arrays, final boolean ended)
    {
        for (final Map.Entry<String, ActivityRecorder> e : recording.activity.entrySet())
        {
            final RunRecording.NodeArray node = recording.activityNodes.get(e.getKey());
            final ObjectNode a = steps(arrays, e.getValue(), e.getKey(), ended);
            a.put("node_kind", node.region() ? "region" : "input");
            a.put("dtype", node.spiking() ? "uint8" : "float32");
            a.putArray("axes").add("batch").add("time").add("neuron");
            a.put("units", node.spiking() ? "spike (1) or none (0) per step" :
                node.region() ? "rate, dimensionless (the region's units' activity)" : "input value, arbitrary units");
            a.put("description", (node.region() ? "activity of region " : "output of input ") + e.getKey() +
                " at each recorded step, for every batch row");
        }
        for (final Map.Entry<String, ActivityRecorder> e : recording.readouts.entrySet())
        {
            final ObjectNode a = steps(arrays, e.getValue(), e.getKey(), ended);
            a.put("node_kind", "region");
            a.put("dtype", "float32");
            a.putArray("axes").add("batch").add("time").add("output");
            a.put("units", "readout y, same units as the target");
            a.put("description", "readout y_t of region " + e.getKey() + " (what its rule fits to the target link)");
        }
        for (final Map.Entry<String, TrialRecorder> e : recording.trialActivity.entrySet())
        {
            final TrialRecorder recorder = e.getValue();
            final RunRecording.NodeArray node = recording.trialNodes.get(e.getKey());
            final boolean task = TaskSpec.NODE.equals(e.getKey());
            final ObjectNode a = trials(arrays, recorder, e.getKey());
            a.put("node_kind", task ? "task" : node.region() ? "region" : "input");
            a.put("units", recorder.packed() ? "spikes, packed bits along the last axis: numpy.unpackbits(a, axis=-1, " +
                "count=" + recorder.units() + ") gives 0/1 per unit" : "rate or value per unit");
            a.put("description", (task ? "observations of the task" : node.region() ? "activity of region " +
                e.getKey() : "output of input " + e.getKey()) + " during whole trials 0, " + recorder.everyTrials() +
                ", 2·" + recorder.everyTrials() + ", … (first rows of the batch)");
        }
        for (final Map.Entry<String, TrialRecorder> e : recording.trialReadouts.entrySet())
        {
            final ObjectNode a = trials(arrays, e.getValue(), e.getKey());
            a.put("node_kind", "region");
            a.put("units", "readout y, same units as the target");
            a.put("description", "readout y_t of region " + e.getKey() + " during whole trials 0, " +
                e.getValue().everyTrials() + ", 2·" + e.getValue().everyTrials() + ", …");
        }
        // by key: arrays made at a region's first trial (weight snapshots, an arbiter's record) are made on the
        // regions' threads, in whatever order they get there
        for (final Map.Entry<String, NpyAppender> e : new java.util.TreeMap<>(recording.perTrialArrays()).entrySet())
        {
            perTrial(arrays, e.getKey(), e.getValue());
        }
    }

    private ObjectNode steps(final ArrayNode arrays, final ActivityRecorder recorder, final String node,
                             final boolean ended)
    {
        final ObjectNode a = arrays.addObject();
        a.put("file", recording.outDir().relativize(recorder.file()).toString());
        a.put("node", node);
        final ArrayNode shape = a.putArray("shape");
        for (final long d : recorder.shape())
        {
            shape.add(d);
        }
        a.put("every_steps", scenario.record().everySteps());
        a.put("time_step_ms", scenario.dtMs() * scenario.record().everySteps());
        // the file has its full length from the start: steps after these read as zeros
        a.put("recorded_steps", ended ? recorder.recordedSteps() : recorder.writtenSteps());
        return a;
    }

    private ObjectNode trials(final ArrayNode arrays, final TrialRecorder recorder, final String node)
    {
        final ObjectNode a = arrays.addObject();
        a.put("file", recording.outDir().relativize(recorder.array().file()).toString());
        a.put("node", node);
        a.put("dtype", recorder.packed() ? "uint8" : "float32");
        final ArrayNode shape = a.putArray("shape");
        for (final long d : recorder.array().shape())
        {
            shape.add(d);
        }
        a.putArray("axes").add("trial").add("row").add("time").add(recorder.packed() ? "neuron_bits" : "neuron");
        a.put("every_trials", recorder.everyTrials());
        a.put("time_step_ms", scenario.dtMs());
        return a;
    }

    private void perTrial(final ArrayNode arrays, final String key, final NpyAppender array)
    {
        final ObjectNode a = arrays.addObject();
        a.put("file", recording.outDir().relativize(array.file()).toString());
        a.put("dtype", array.dtype().name().toLowerCase(Locale.ROOT));
        final ArrayNode shape = a.putArray("shape");
        for (final long d : array.shape())
        {
            shape.add(d);
        }
        if (recording.axes(key) != null)
        {
            final ArrayNode named = a.putArray("axes");
            recording.axes(key).forEach(named::add);
            a.put("description", recording.description(key));
            return;
        }
        final String first = key.startsWith("lesions/") ? "index" : key.startsWith("weights/") &&
            !key.endsWith("/trials") ? "snapshot" : "trial";
        final ArrayNode axes = a.putArray("axes").add(first);
        if (array.shape().length == 2)
        {
            axes.add("row");
        }
        else if (array.shape().length == 3)
        {
            axes.add("pre").add("post");
        }
        a.put("description", recording.description(key));
    }
}
