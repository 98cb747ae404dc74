package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.messaging.TransportCounters;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.record.ActivityRecorder;
import org.brainsim.scenarios.record.NpyAppender;
import org.brainsim.scenarios.record.TrialRecorder;
import org.brainsim.scenarios.tasks.PhaseSchedule;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskKernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a run's {@code manifest.json}: how it ended, the scenario as given and as resolved, versions, what
 * each array is (file, dtype, shape, axes, units), the task and its phases, the cluster placement, and where
 * the run stopped. Written atomically (a temporary file renamed), so a reader never sees half of one.
 */
final class RunManifest
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Scenario scenario;
    private final Path outDir;
    private final Map<String, ActivityRecorder> recorders;
    private final Map<String, NodeKernel> kernels;
    private final Map<String, ActivityRecorder> readoutRecorders;
    private final Map<String, TrialRecorder> trialRecorders;
    private final Map<String, TrialRecorder> trialReadouts;
    private final Map<String, NpyAppender> perTrial;
    private final Map<String, String> perTrialDescriptions;
    private final Task task;
    private final TaskKernel taskKernel;
    private final Partition partition;

    RunManifest(final ScenarioRun run)
    {
        this.scenario = run.scenario;
        this.outDir = run.outDir;
        this.recorders = run.recorders;
        this.kernels = run.kernels;
        this.readoutRecorders = run.readoutRecorders;
        this.trialRecorders = run.trialRecorders;
        this.trialReadouts = run.trialReadouts;
        this.perTrial = run.perTrial;
        this.perTrialDescriptions = run.perTrialDescriptions;
        this.task = run.task;
        this.taskKernel = run.taskKernel;
        this.partition = run.partition;
    }

    private ObjectNode trialArrayEntry(final ArrayNode arrays, final TrialRecorder recorder, final String node)
    {
        final ObjectNode a = arrays.addObject();
        a.put("file", outDir.relativize(recorder.array().file()).toString());
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

    void write(
        final String status, final String error, final long stepsCompleted, final Instant startedAt,
        final long startNs, final TransportCounters counters) throws IOException
    {
        final double wallSeconds = (System.nanoTime() - startNs) / 1e9;
        final ObjectNode m = JSON.createObjectNode();
        m.put("format", "brainsim-run/1");
        m.put("status", status);
        m.put("error", error);
        m.put("steps_completed", stepsCompleted);
        final ObjectNode versions = m.putObject("versions");
        Versions.all().forEach(versions::put);
        final ObjectNode sc = m.putObject("scenario");
        sc.put("name", scenario.name());
        sc.put("file", scenario.source());
        final ArrayNode overrides = sc.putArray("overrides");
        scenario.overrides().forEach(overrides::add);
        sc.put("text", scenario.text());
        final JsonNode resolved = JSON.readTree(scenario.resolvedJson());
        sc.set("resolved", resolved);
        m.put("seed", scenario.seed());
        m.put("dt_ms", scenario.dtMs());
        m.put("steps", scenario.steps());
        m.put("batch", scenario.batch());
        m.put("window_steps", scenario.windowSteps());
        m.put("threads", scenario.threads().name().toLowerCase().replace('_', '-'));
        m.put("started_at", startedAt.toString());
        m.put("finished_at", Instant.now().toString());
        m.put("wall_seconds", wallSeconds);
        m.put("steps_per_second", wallSeconds > 0 ? stepsCompleted / wallSeconds : 0);
        if (counters != null)
        {
            final ObjectNode t = m.putObject("transport");
            t.put("frames_sent", counters.framesSent());
            t.put("frames_received", counters.framesReceived());
            t.put("back_pressure_retries", counters.backPressureRetries());
            t.put("frames_dropped", counters.framesDropped());
            t.put("malformed_frames", counters.malformedFrames());
        }
        final ArrayNode arrays = m.putArray("arrays");
        for (final Map.Entry<String, ActivityRecorder> e : recorders.entrySet())
        {
            final ActivityRecorder recorder = e.getValue();
            final NodeKernel kernel = kernels.get(e.getKey());
            final boolean region = scenario.regions().stream().anyMatch(r -> r.name().equals(e.getKey()));
            final ObjectNode a = arrays.addObject();
            a.put("file", outDir.relativize(recorder.file()).toString());
            a.put("node", e.getKey());
            a.put("node_kind", region ? "region" : "input");
            a.put("dtype", kernel.spiking() ? "uint8" : "float32");
            final ArrayNode shape = a.putArray("shape");
            for (final long d : recorder.shape())
            {
                shape.add(d);
            }
            final ArrayNode axes = a.putArray("axes");
            axes.add("batch").add("time").add("neuron");
            a.put("every_steps", scenario.record().everySteps());
            a.put("time_step_ms", scenario.dtMs() * scenario.record().everySteps());
            a.put("recorded_steps", recorder.recordedSteps());
            a.put("units", kernel.spiking() ? "spike (1) or none (0) per step" :
                region ? "rate, dimensionless, in (-1, 1) (leaky tanh units)" : "input value, arbitrary units");
            a.put("description", (region ? "activity h of region " : "output of input ") + e.getKey() +
                " at each recorded step, for every batch row");
        }
        for (final Map.Entry<String, ActivityRecorder> e : readoutRecorders.entrySet())
        {
            final ActivityRecorder recorder = e.getValue();
            final ObjectNode a = arrays.addObject();
            a.put("file", outDir.relativize(recorder.file()).toString());
            a.put("node", e.getKey());
            a.put("node_kind", "region");
            a.put("dtype", "float32");
            final ArrayNode shape = a.putArray("shape");
            for (final long d : recorder.shape())
            {
                shape.add(d);
            }
            a.putArray("axes").add("batch").add("time").add("output");
            a.put("every_steps", scenario.record().everySteps());
            a.put("recorded_steps", recorder.recordedSteps());
            a.put("units", "readout y, same units as the target");
            a.put("description", "readout y_t of region " + e.getKey() + " (what its rule fits to the target link)");
        }
        for (final Map.Entry<String, TrialRecorder> e : trialRecorders.entrySet())
        {
            final TrialRecorder recorder = e.getValue();
            final boolean region = scenario.regions().stream().anyMatch(r -> r.name().equals(e.getKey()));
            final ObjectNode a = trialArrayEntry(arrays, recorder, e.getKey());
            a.put("node_kind", TaskSpec.NODE.equals(e.getKey()) ? "task" : region ? "region" : "input");
            a.put("units", recorder.packed() ? "spikes, packed bits along the last axis: numpy.unpackbits(a, axis=-1, " +
                "count=" + recorder.units() + ") gives 0/1 per unit" : "rate or value per unit");
            a.put("description", (TaskSpec.NODE.equals(e.getKey()) ? "observations of the task" : region ?
                "activity of region " + e.getKey() : "output of input " + e.getKey()) + " during whole trials 0, " +
                recorder.everyTrials() + ", 2·" + recorder.everyTrials() + ", … (first rows of the batch)");
        }
        for (final Map.Entry<String, TrialRecorder> e : trialReadouts.entrySet())
        {
            final ObjectNode a = trialArrayEntry(arrays, e.getValue(), e.getKey());
            a.put("node_kind", "region");
            a.put("units", "readout y, same units as the target");
            a.put("description", "readout y_t of region " + e.getKey() + " during whole trials 0, " +
                e.getValue().everyTrials() + ", 2·" + e.getValue().everyTrials() + ", …");
        }
        for (final Map.Entry<String, NpyAppender> e : perTrial.entrySet())
        {
            final NpyAppender array = e.getValue();
            final ObjectNode a = arrays.addObject();
            a.put("file", outDir.relativize(array.file()).toString());
            a.put("dtype", array.dtype().name().toLowerCase(java.util.Locale.ROOT));
            final ArrayNode shape = a.putArray("shape");
            for (final long d : array.shape())
            {
                shape.add(d);
            }
            final ArrayNode axes = a.putArray("axes").add(e.getKey().startsWith("weights/") &&
                !e.getKey().endsWith("/trials") ? "snapshot" : "trial");
            if (array.shape().length == 2)
            {
                axes.add("row");
            }
            else if (array.shape().length == 3)
            {
                axes.add("pre").add("post");
            }
            a.put("description", perTrialDescriptions.get(e.getKey()));
        }
        if (partition != null && !partition.placement().isEmpty())
        {
            final ObjectNode cluster = m.putObject("cluster");
            partition.placement().forEach((key, map) -> {
                final ObjectNode o = cluster.putObject(key);
                new java.util.TreeMap<>(map).forEach(o::put);
            });
        }
        if (taskKernel != null)
        {
            final ObjectNode t = m.putObject("task");
            t.put("name", scenario.task().name());
            final ObjectNode params = t.putObject("params");
            scenario.task().params().forEach(params::put);
            t.put("trial_steps", task.maxTrialSteps());
            t.put("error_metric", task.errorMetric());
            t.put("trials_started", taskKernel.schedule().trialsIssued());
            t.put("trials_scored", taskKernel.trialsScored());
            final ArrayNode phases = m.putArray("phases");
            for (final PhaseSchedule.Boundary b : taskKernel.schedule().boundaries())
            {
                final ObjectNode p = phases.addObject();
                p.put("index", b.phase());
                p.put("name", b.name());
                p.put("first_trial", b.firstTrial());
                p.put("trials", b.trials());
                p.put("first_step", b.firstStep());
                p.put("steps", b.steps());
                p.put("ended_by", b.endedBy());
            }
        }
        if (!"completed".equals(status))
        {
            final ObjectNode at = m.putObject("stopped_at");
            at.put("step", stepsCompleted);
            if (taskKernel != null)
            {
                at.put("trials_scored", taskKernel.trialsScored());
                at.put("phase", taskKernel.phaseName());
            }
        }
        final Path tmp = outDir.resolve("manifest.json.tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, outDir.resolve("manifest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
