package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.messaging.TransportContext;
import org.brainsim.messaging.TransportCounters;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.GraphRunException;
import org.brainsim.regions.lockstep.LocalGraph;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.RegionMXBean;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.rate.RateRnnKernel;
import org.brainsim.regions.rate.RateRnnParams;
import org.brainsim.scenarios.record.ActivityRecorder;
import org.brainsim.scenarios.record.NpyDType;
import org.brainsim.scenarios.record.NpyFiles;
import org.brainsim.regions.learning.LearningRegionKernel;
import org.brainsim.scenarios.sources.NoisySineSourceKernel;
import org.brainsim.scenarios.sources.PoissonSourceKernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario in this JVM: builds a kernel per input and region (each with the random stream of
 * its name), wires the lockstep graph, records activity, and writes {@code manifest.json} whether the run
 * completes, fails or is interrupted.
 *
 * <p>{@link #cancel()} may be called from any thread (for instance a Ctrl-C hook); {@link #await} then
 * finishes the recording, writes an {@code interrupted} manifest and returns.
 */
public final class ScenarioRun
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long PROGRESS_PERIOD_MS = 200;

    private final Scenario scenario;
    private final Path outDir;
    private final Map<String, ActivityRecorder> recorders = new LinkedHashMap<>();
    private final Map<String, NodeKernel> kernels = new LinkedHashMap<>();
    private final Map<String, ActivityRecorder> readoutRecorders = new LinkedHashMap<>();
    private final Map<String, LearningRegionKernel> learningKernels = new LinkedHashMap<>();
    private volatile boolean cancelRequested;
    private volatile LocalGraph.Running running;

    private ScenarioRun(final Scenario scenario, final Path outDir)
    {
        this.scenario = scenario;
        this.outDir = outDir;
    }

    /**
     * Prepares a run: creates the run directory and its array files.
     */
    public static ScenarioRun prepare(final Scenario scenario, final Path outDir) throws IOException
    {
        final ScenarioRun run = new ScenarioRun(scenario, outDir);
        Files.createDirectories(outDir.resolve("activity"));
        return run;
    }

    /** @return the run directory. */
    public Path outDir()
    {
        return outDir;
    }

    /** Asks the run to stop early; safe from any thread. */
    public void cancel()
    {
        cancelRequested = true;
        final LocalGraph.Running r = running;
        if (r != null)
        {
            r.cancel();
        }
    }

    /**
     * Runs to the end (or failure, or cancellation) and writes the manifest.
     *
     * @return how it ended; the manifest says the same.
     */
    public RunOutcome execute(final RunListener listener) throws IOException, InterruptedException
    {
        final Instant startedAt = Instant.now();
        final long startNs = System.nanoTime();
        String status = "completed";
        String error = null;
        long stepsCompleted = 0;
        TransportCounters counters = null;
        try
        {
            final LocalGraph graph = buildGraph();
            final LocalGraph.Settings settings = new LocalGraph.Settings(scenario.steps(), scenario.windowSteps(),
                scenario.threads(), Duration.ofSeconds(120), new TransportContext());
            listener.started(scenario.steps());
            try (LocalGraph.Running r = graph.start(settings))
            {
                running = r;
                counters = r.transport().counters();
                if (cancelRequested)
                {
                    r.cancel();
                }
                try
                {
                    while (!r.awaitDone(Duration.ofMillis(PROGRESS_PERIOD_MS)))
                    {
                        listener.progress(minStep(r.statuses()));
                    }
                    r.await();
                }
                catch (final GraphRunException ex)
                {
                    status = ex.kind() == GraphRunException.Kind.CANCELLED ? "interrupted" : "failed";
                    error = ex.getMessage();
                }
                stepsCompleted = minStep(r.statuses());
                listener.progress(stepsCompleted);
            }
        }
        catch (final RuntimeException ex)
        {
            status = "failed";
            error = String.valueOf(ex.getMessage());
            closeQuietly();
            writeManifest(status, error, stepsCompleted, startedAt, startNs, counters);
            throw ex;
        }
        finally
        {
            running = null;
        }
        closeRecorders();
        writeManifest(status, error, stepsCompleted, startedAt, startNs, counters);
        return new RunOutcome(status, outDir, stepsCompleted, (System.nanoTime() - startNs) / 1e9, error);
    }

    private static long minStep(final Map<String, RegionMXBean> statuses)
    {
        long min = Long.MAX_VALUE;
        for (final RegionMXBean status : statuses.values())
        {
            min = Math.min(min, status.getStep());
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private LocalGraph buildGraph() throws IOException
    {
        final LocalGraph.Builder builder = LocalGraph.builder();
        for (final InputSpec input : scenario.inputs())
        {
            final NodeRandom random = NodeRandom.forNode(scenario.seed(), input.name());
            final NodeKernel kernel = switch (input.kind())
            {
                case POISSON -> new PoissonSourceKernel(scenario.batch(), input.size(), input.rateHz(),
                    scenario.dtMs(), input.frozenSteps(), random);
                case NOISY_SINE -> new NoisySineSourceKernel(scenario.batch(), input.size(), input.frequencyHz(),
                    input.amplitude(), input.noiseStd(), scenario.dtMs(), input.randomPhase(), random);
            };
            kernels.put(input.name(), kernel);
            builder.node(input.name(), kernel, recorder(input.name(), kernel), "Input");
        }
        final Map<String, Integer> widths = new LinkedHashMap<>();
        scenario.inputs().forEach(i -> widths.put(i.name(), i.size()));
        scenario.regions().forEach(r -> widths.put(r.name(), r.size()));
        for (final RegionSpec region : scenario.regions())
        {
            final List<LinkSpec> inbound = new ArrayList<>();
            for (final LinkSpec link : scenario.links())
            {
                if (link.to().equals(region.name()))
                {
                    inbound.add(link); // links are in id order: the order inputs are combined in
                }
            }
            final int[] inputWidths = inbound.stream().mapToInt(l -> widths.get(l.from())).toArray();
            final double[] scales = inbound.stream().mapToDouble(LinkSpec::weightScale).toArray();
            final NodeKernel kernel;
            if (region.learning().learns() || region.isSpiking())
            {
                final LearningRegionKernel learning = RegionLearners.kernel(scenario, region, inbound, widths,
                    readoutRecorder(region));
                learningKernels.put(region.name(), learning);
                kernel = learning;
            }
            else
            {
                final RateRnnParams params = new RateRnnParams(region.size(), region.tauMs(), scenario.dtMs(),
                    region.recurrentGain(), region.biasStd(), region.initialStateStd());
                kernel = new RateRnnKernel(params, scenario.batch(), inputWidths, scales,
                    NodeRandom.forNode(scenario.seed(), region.name()));
            }
            kernels.put(region.name(), kernel);
            builder.node(region.name(), kernel, recorder(region.name(), kernel), "Region");
        }
        for (final LinkSpec link : scenario.links())
        {
            builder.link(link.from(), link.to(), link.delaySteps(),
                link.isError() ? org.brainsim.regions.lockstep.LinkKind.ERROR : org.brainsim.regions.lockstep.LinkKind.ACTIVITY);
        }
        return builder.build();
    }

    private StepObserver readoutRecorder(final RegionSpec region) throws IOException
    {
        if (!region.learning().learns() || !scenario.record().nodes().contains(region.name()))
        {
            return StepObserver.NONE;
        }
        Files.createDirectories(outDir.resolve("readout"));
        final ActivityRecorder recorder = new ActivityRecorder(outDir.resolve("readout").resolve(region.name() + ".npy"),
            NpyDType.FLOAT32, scenario.batch(), region.learning().outputs(), scenario.steps(),
            scenario.record().everySteps());
        readoutRecorders.put(region.name(), recorder);
        return recorder;
    }

    private StepObserver recorder(final String node, final NodeKernel kernel) throws IOException
    {
        if (!scenario.record().nodes().contains(node))
        {
            return StepObserver.NONE;
        }
        final ActivityRecorder recorder = new ActivityRecorder(outDir.resolve("activity").resolve(node + ".npy"),
            kernel.spiking() ? NpyDType.UINT8 : NpyDType.FLOAT32, kernel.batchSize(), kernel.width(),
            scenario.steps(), scenario.record().everySteps());
        recorders.put(node, recorder);
        return recorder;
    }

    private void closeRecorders() throws IOException
    {
        IOException first = null;
        final java.util.List<ActivityRecorder> all = new java.util.ArrayList<>(recorders.values());
        all.addAll(readoutRecorders.values());
        for (final ActivityRecorder recorder : all)
        {
            try
            {
                recorder.close();
            }
            catch (final IOException ex)
            {
                first = first == null ? ex : first;
            }
        }
        if (first != null)
        {
            throw first;
        }
    }

    private void closeQuietly()
    {
        try
        {
            closeRecorders();
        }
        catch (final IOException ignored)
        {
            // the manifest reports the run's own error; a second one would hide it
        }
    }

    private void writeManifest(
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
        for (final Map.Entry<String, LearningRegionKernel> e : learningKernels.entrySet())
        {
            final java.util.List<Double> losses = e.getValue().trialLosses();
            if (e.getValue().errorWidth() == 0)
            {
                continue; // no target: no loss of its own (it may learn from another region's error)
            }
            Files.createDirectories(outDir.resolve("loss"));
            final Path file = outDir.resolve("loss").resolve(e.getKey() + ".npy");
            NpyFiles.writeDoubles(file, losses.stream().mapToDouble(Double::doubleValue).toArray(), losses.size());
            final ObjectNode a = arrays.addObject();
            a.put("file", outDir.relativize(file).toString());
            a.put("node", e.getKey());
            a.put("node_kind", "region");
            a.put("dtype", "float64");
            a.putArray("shape").add(losses.size());
            a.putArray("axes").add("trial");
            a.put("units", "loss: 1/2 sum over the trial's steps, rows and outputs of (y - target)^2, plus rate regularisation");
            a.put("description", "loss of each completed trial of region " + e.getKey() + ", before that trial's update");
        }
        final Path tmp = outDir.resolve("manifest.json.tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, outDir.resolve("manifest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
