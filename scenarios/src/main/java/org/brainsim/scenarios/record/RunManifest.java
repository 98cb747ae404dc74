package org.brainsim.scenarios.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.messaging.TransportCounters;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.Versions;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.tasks.PhaseSchedule;
import org.brainsim.scenarios.tasks.TaskKernel;
import org.brainsim.settings.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a run's {@code manifest.json}: how it ended (or that it is still running, and how far it got), the scenario
 * as given and as resolved, versions, what each array is (file, dtype, shape, axes, units, how much of it was
 * written), the task and its phases, the memory estimated and used, the cluster placement, and where the run
 * stopped. Written when the run starts, every few seconds while it runs and when it ends, each time atomically (a
 * temporary file renamed), so a reader never sees half of one and a killed run still says what it is.
 */
public final class RunManifest
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Where a run stands.
     *
     * @param status         {@code running}, {@code completed}, {@code interrupted}, {@code failed} or {@code diverged}.
     * @param error          why it stopped early, or {@code null}.
     * @param stepsCompleted steps every node has computed.
     * @param startedAt      when it started.
     * @param startNs        {@link System#nanoTime()} at the start.
     * @param counters       the transport's counters, or {@code null} before the graph started.
     */
    public record Status(
        String status, String error, long stepsCompleted, Instant startedAt, long startNs, TransportCounters counters)
    {
        /** @return whether the run has ended. */
        public boolean ended()
        {
            return !"running".equals(status);
        }
    }

    private final Scenario scenario;
    private final RunRecording recording;
    private final TaskKernel taskKernel;
    private final Partition partition;

    /**
     * @param taskKernel the task environment, or {@code null} without a task.
     * @param partition  this JVM's share of a cluster run, or {@code null}.
     */
    public RunManifest(
        final Scenario scenario, final RunRecording recording, final TaskKernel taskKernel, final Partition partition)
    {
        this.scenario = scenario;
        this.recording = recording;
        this.taskKernel = taskKernel;
        this.partition = partition;
    }

    /** Writes the manifest for {@code status}, replacing the last one. */
    public void write(final Status status) throws IOException
    {
        final double wallSeconds = (System.nanoTime() - status.startNs()) / 1e9;
        final ObjectNode m = JSON.createObjectNode();
        m.put("format", "brainsim-run/1");
        m.put("status", status.status());
        m.put("error", status.error());
        m.put("steps_completed", status.stepsCompleted());
        final ObjectNode versions = m.putObject("versions");
        Versions.all().forEach(versions::put);
        final ObjectNode sc = m.putObject("scenario");
        sc.put("name", scenario.name());
        sc.put("file", scenario.source());
        final ArrayNode overrides = sc.putArray("overrides");
        scenario.overrides().forEach(overrides::add);
        sc.put("text", scenario.text());
        sc.set("resolved", JSON.valueToTree(scenario.resolved()));
        m.put("seed", scenario.seed());
        m.put("dt_ms", scenario.dtMs());
        if (scenario.taskDriven())
        {
            m.putNull("steps"); // the task's phases decide: see task and phases
        }
        else
        {
            m.put("steps", scenario.steps());
        }
        m.put("batch", scenario.batch());
        m.put("window_steps", scenario.windowSteps());
        m.put("threads", scenario.threads().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        // what the bytes of the cpu backends' products depend on (docs/decisions.md): the engine and OpenBLAS's kernels
        final ObjectNode products = m.putObject("products");
        products.put("engine", org.brainsim.regions.network.Blas.engine().name().toLowerCase(Locale.ROOT));
        products.put("openblas_coretype", System.getenv("OPENBLAS_CORETYPE"));
        m.put("started_at", status.startedAt().toString());
        m.put(status.ended() ? "finished_at" : "updated_at", Instant.now().toString());
        m.put("wall_seconds", wallSeconds);
        m.put("steps_per_second", wallSeconds > 0 ? status.stepsCompleted() / wallSeconds : 0);
        if (status.counters() != null)
        {
            final TransportCounters c = status.counters();
            final ObjectNode t = m.putObject("transport");
            t.put("frames_sent", c.framesSent());
            t.put("frames_received", c.framesReceived());
            t.put("back_pressure_retries", c.backPressureRetries());
            t.put("frames_dropped", c.framesDropped());
            t.put("malformed_frames", c.malformedFrames());
        }
        memory(m.putObject("memory"), status.ended());
        new ManifestArrays(scenario, recording).write(m.putArray("arrays"), status.ended());
        if (partition != null && !partition.placement().isEmpty())
        {
            final ObjectNode cluster = m.putObject("cluster");
            partition.placement().forEach((key, map) ->
            {
                final ObjectNode o = cluster.putObject(key);
                new TreeMap<>(map).forEach(o::put);
            });
        }
        if (taskKernel != null)
        {
            task(m);
        }
        if (status.ended() && !"completed".equals(status.status()))
        {
            final ObjectNode at = m.putObject("stopped_at");
            at.put("step", status.stepsCompleted());
            if (taskKernel != null)
            {
                at.put("trials_scored", taskKernel.trialsScored());
                at.put("phase", taskKernel.phaseName());
            }
        }
        final Path tmp = recording.outDir().resolve("manifest.json.tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, recording.outDir().resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
    }

    private void task(final ObjectNode m)
    {
        final ObjectNode t = m.putObject("task");
        t.put("name", scenario.task().name());
        t.set("params", JSON.valueToTree(renderAll(scenario.task().params().asMap())));
        t.put("trial_steps", taskKernel.task().maxTrialSteps());
        t.put("error_metric", taskKernel.task().errorMetric());
        t.put("trials_started", taskKernel.schedule().trialsIssued());
        t.put("trials_scored", taskKernel.trialsScored());
        final ArrayNode phases = m.putArray("phases");
        for (final PhaseSchedule.Boundary b : taskKernel.schedule().boundaries())
        {
            final ObjectNode p = phases.addObject();
            p.put("index", b.phase());
            p.put("name", b.name());
            p.put("first_trial", b.firstTrial());
            p.put("trials_started", b.trials());
            p.put("trials_scored", taskKernel.trialsScored(b.phase()));
            p.put("first_step", b.firstStep());
            p.put("steps", b.steps());
            p.put("ended_by", b.endedBy());
        }
    }

    private void memory(final ObjectNode memory, final boolean ended)
    {
        long total = 0;
        final ObjectNode regions = memory.putObject("estimated_bytes");
        for (final Map.Entry<String, Long> e : scenario.memoryBytes().entrySet())
        {
            regions.put(e.getKey(), e.getValue());
            total += e.getValue();
        }
        memory.put("estimated_total_bytes", total);
        memory.put("offheap_limit_bytes", org.brainsim.scenarios.load.MemoryCheck.offHeapLimitBytes());
        final long peak = peakResidentBytes();
        if (peak > 0)
        {
            memory.put(ended ? "peak_resident_bytes" : "peak_resident_bytes_so_far", peak);
        }
    }

    /** @return this process's peak resident memory (Linux {@code VmHWM}), or −1 where it cannot be read. */
    static long peakResidentBytes()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("VmHWM:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        return -1;
    }

    private static Map<String, Object> renderAll(final Map<String, Object> values)
    {
        final Map<String, Object> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof Enum<?> ? Param.render(v) : v));
        return out;
    }
}
