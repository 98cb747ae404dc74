package org.brainsim.scenarios;

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
import org.brainsim.regions.learning.Learner;
import org.brainsim.regions.learning.LearningRegionKernel;
import org.brainsim.regions.learning.TrialObserver;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.scenarios.record.NpyAppender;
import org.brainsim.scenarios.record.TrialRecorder;
import org.brainsim.scenarios.tasks.PhaseSchedule;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskKernel;
import org.brainsim.scenarios.tasks.TaskRegistry;
import org.brainsim.scenarios.cluster.ForwardingObserver;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.cluster.TrialRecord;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    private static final long PROGRESS_PERIOD_MS = 200;
    /** How long the submitter waits for the other parts once its own ended. */
    private static final Duration REMOTE_END_TIMEOUT = Duration.ofSeconds(60);

    final Scenario scenario;
    final Path outDir;
    final Map<String, ActivityRecorder> recorders = new LinkedHashMap<>();
    final Map<String, NodeKernel> kernels = new LinkedHashMap<>();
    final Map<String, ActivityRecorder> readoutRecorders = new LinkedHashMap<>();
    private final Map<String, LearningRegionKernel> learningKernels = new LinkedHashMap<>();
    final Map<String, TrialRecorder> trialRecorders = new LinkedHashMap<>();
    final Map<String, TrialRecorder> trialReadouts = new LinkedHashMap<>();
    final Map<String, NpyAppender> perTrial = new LinkedHashMap<>(); // file key → array
    final Map<String, String> perTrialDescriptions = new LinkedHashMap<>();
    private final Map<String, StepObserver> observers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.function.Consumer<TrialRecord>> trialWriters =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> remoteTrials =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ForwardingObserver> forwarders = new ArrayList<>();
    final Partition partition;
    Task task;
    TaskKernel taskKernel;
    private volatile boolean cancelRequested;
    private volatile boolean finishedByTask;
    private volatile LocalGraph.Running running;

    private ScenarioRun(final Scenario scenario, final Path outDir, final Partition partition)
    {
        this.scenario = scenario;
        this.outDir = outDir;
        this.partition = partition;
    }

    /**
     * Prepares a run: creates the run directory and its array files.
     */
    public static ScenarioRun prepare(final Scenario scenario, final Path outDir) throws IOException
    {
        return prepare(scenario, outDir, null);
    }

    /**
     * Prepares this JVM's part of a run spread over several JVMs ({@code partition}; {@code null}: the whole run
     * here). On a cluster node {@code outDir} is scratch space: what its nodes record goes to the submitter.
     */
    public static ScenarioRun prepare(final Scenario scenario, final Path outDir, final Partition partition)
        throws IOException
    {
        final ScenarioRun run = new ScenarioRun(scenario, outDir, partition);
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
            final LocalGraph.Settings settings = settings();
            if (taskKernel != null)
            {
                listener.startedTrials(plannedTrials());
            }
            else
            {
                listener.started(scenario.steps());
            }
            try (LocalGraph.Running r = graph.start(settings))
            {
                running = r;
                counters = r.transport().counters();
                if (cancelRequested)
                {
                    r.cancel();
                }
                final java.util.concurrent.CompletableFuture<Void> others = partition == null ? null : partition.others();
                long otherDeadline = Long.MAX_VALUE;
                try
                {
                    while (true)
                    {
                        final boolean localDone = r.awaitDone(Duration.ofMillis(PROGRESS_PERIOD_MS));
                        if (taskKernel != null)
                        {
                            listener.trials(taskKernel.trialsScored(), taskKernel.phaseName(), taskKernel.lastError());
                            if (!finishedByTask && taskDone())
                            {
                                finishedByTask = true; // every trial ran and was learned and scored: stop the graph
                                r.cancel();
                                stopOthers();
                            }
                        }
                        else
                        {
                            listener.progress(minStep(r.statuses()));
                        }
                        if (others == null)
                        {
                            if (localDone)
                            {
                                break;
                            }
                            continue;
                        }
                        if (others.isCompletedExceptionally() && !localDone)
                        {
                            r.cancel(); // a part elsewhere failed or was lost: this one cannot go on
                        }
                        if (localDone && otherDeadline == Long.MAX_VALUE && !others.isDone() && cancelRequested)
                        {
                            stopOthers();
                        }
                        if (localDone && others.isDone())
                        {
                            break;
                        }
                        if (localDone && otherDeadline == Long.MAX_VALUE)
                        {
                            // the parts elsewhere end within a lockstep window of this one, or are told to stop
                            otherDeadline = System.nanoTime() + REMOTE_END_TIMEOUT.toNanos();
                        }
                        if (System.nanoTime() - otherDeadline > 0)
                        {
                            throw new GraphRunException(GraphRunException.Kind.STALLED, null, "the parts of the run " +
                                "on other nodes did not end within " + REMOTE_END_TIMEOUT.toSeconds() +
                                " s of this one", null);
                        }
                    }
                    r.await();
                    otherFailure(others);
                }
                catch (final GraphRunException ex)
                {
                    stopOthers();
                    final String elsewhere = otherFailureMessage(others);
                    if (elsewhere != null)
                    {
                        status = "failed";
                        error = elsewhere;
                    }
                    else if (!(finishedByTask && ex.kind() == GraphRunException.Kind.CANCELLED))
                    {
                        status = ex.kind() == GraphRunException.Kind.CANCELLED ? "interrupted" : "failed";
                        error = ex.getMessage();
                    }
                }
                if (taskKernel != null)
                {
                    listener.trials(taskKernel.trialsScored(), taskKernel.phaseName(), taskKernel.lastError());
                }
                stepsCompleted = minStep(r.statuses());
                if (taskKernel == null)
                {
                    listener.progress(stepsCompleted);
                }
            }
        }
        catch (final LocalGraph.StartAbortedException ex)
        {
            // lost a peer (or was cancelled) while connecting: report that, like any stop mid-run
            stopOthers();
            final String elsewhere = otherFailureMessage(partition == null ? null : partition.others());
            status = elsewhere != null ? "failed" : "interrupted";
            error = elsewhere != null ? elsewhere : ex.getMessage();
        }
        catch (final RuntimeException ex)
        {
            status = "failed";
            error = String.valueOf(ex.getMessage());
            closeQuietly(stepsCompleted);
            new RunManifest(this).write(status, error, stepsCompleted, startedAt, startNs, counters);
            throw ex;
        }
        finally
        {
            running = null;
        }
        closeRecorders(stepsCompleted);
        new RunManifest(this).write(status, error, stepsCompleted, startedAt, startNs, counters);
        return new RunOutcome(status, outDir, stepsCompleted, (System.nanoTime() - startNs) / 1e9, error);
    }

    private LocalGraph.Settings settings()
    {
        final LocalGraph.Settings settings = new LocalGraph.Settings(scenario.steps(), scenario.windowSteps(),
            scenario.threads(), Duration.ofSeconds(120), partition == null ? new TransportContext() : partition.transport());
        if (partition == null)
        {
            return settings;
        }
        final java.util.concurrent.CompletableFuture<Void> others = partition.others();
        return settings.withRemote(partition.remote())
            .withAbort(() -> cancelRequested || others != null && others.isCompletedExceptionally());
    }

    private void stopOthers()
    {
        if (partition != null && partition.others() != null)
        {
            partition.stopOthers();
        }
    }

    /** Throws the failure of another part, if one failed, as a node failure of this run. */
    private static void otherFailure(final java.util.concurrent.CompletableFuture<Void> others) throws GraphRunException
    {
        final String message = otherFailureMessage(others);
        if (message != null)
        {
            throw new GraphRunException(GraphRunException.Kind.NODE_FAILED, null, message, null);
        }
    }

    private static String otherFailureMessage(final java.util.concurrent.CompletableFuture<Void> others)
    {
        if (others == null || !others.isCompletedExceptionally())
        {
            return null;
        }
        try
        {
            others.join();
            return null;
        }
        catch (final java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ex)
        {
            return ex.getCause() == null ? String.valueOf(ex.getMessage()) : ex.getCause().getMessage();
        }
    }

    /**
     * (Cluster node) Runs this JVM's part to its end or until {@link #cancel()}, sends what is left to record to
     * the submitter, and releases everything. Writes no manifest: the submitter does.
     *
     * @return how the part ended: {@code completed}, {@code cancelled} or {@code failed}, and the steps it finished.
     */
    public RunOutcome executePart() throws IOException, InterruptedException
    {
        final long startNs = System.nanoTime();
        String status = "completed";
        String error = null;
        long stepsCompleted = 0;
        final LocalGraph graph = buildGraph();
        try (LocalGraph.Running r = graph.start(settings()))
        {
            running = r;
            if (cancelRequested)
            {
                r.cancel();
            }
            try
            {
                r.await();
            }
            catch (final GraphRunException ex)
            {
                status = ex.kind() == GraphRunException.Kind.CANCELLED ? "cancelled" : "failed";
                error = ex.getMessage();
            }
            stepsCompleted = minStep(r.statuses());
        }
        catch (final LocalGraph.StartAbortedException ex)
        {
            status = "cancelled";
            error = ex.getMessage();
        }
        finally
        {
            running = null;
            forwarders.forEach(ForwardingObserver::flush);
            closeQuietly(stepsCompleted);
        }
        return new RunOutcome(status, outDir, stepsCompleted, (System.nanoTime() - startNs) / 1e9, error);
    }

    /** @return whether the task's schedule is over, every trial scored, and every region it trains done. */
    private boolean taskDone()
    {
        if (!taskKernel.finished())
        {
            return false;
        }
        final long issued = taskKernel.schedule().trialsIssued();
        for (final Map.Entry<String, LearningRegionKernel> e : learningKernels.entrySet())
        {
            final boolean trainedByTask = scenario.links().stream().anyMatch(l -> l.isTarget() &&
                TaskSpec.NODE.equals(l.from()) && l.to().equals(e.getKey()));
            if (trainedByTask && trialsCompleted(e.getKey()) < issued)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the trials the schedule plans at most (for progress), Long.MAX_VALUE when unbounded. */
    private long plannedTrials()
    {
        long total = 0;
        for (final PhaseSchedule.Phase p : taskKernel.schedule().phases())
        {
            final long trials = p.maxTrials() != Long.MAX_VALUE ? p.maxTrials() :
                p.maxSteps() != Long.MAX_VALUE ? (p.maxSteps() + task.maxTrialSteps() - 1) / task.maxTrialSteps() :
                Long.MAX_VALUE;
            total = trials == Long.MAX_VALUE ? Long.MAX_VALUE : total + trials;
            if (total == Long.MAX_VALUE)
            {
                break;
            }
        }
        return Math.min(total, scenario.trialLimit());
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
        final List<LinkSpec> links = new ArrayList<>(scenario.links());
        final Map<String, Long> offsets = new LinkedHashMap<>();
        if (scenario.task() != null)
        {
            task = TaskRegistry.find(scenario.task().name()).orElseThrow()
                .create(scenario.task().params(), scenario.dtMs(), scenario.batch());
            // Every learning region hears the phase on a control link, as late as the rest of what the task sends it.
            for (final RegionSpec region : scenario.regions())
            {
                if (region.learning().learns() || region.isSpiking())
                {
                    final int delay = scenario.links().stream().filter(l -> TaskSpec.NODE.equals(l.from()) &&
                        l.to().equals(region.name())).mapToInt(LinkSpec::delaySteps).findFirst().orElse(1);
                    links.add(new LinkSpec(links.size(), "~control-" + region.name(), TaskSpec.NODE, region.name(), delay,
                        1, RegionLearners.CONTROL));
                }
            }
            offsets.putAll(delaysFromTask(links));
            buildTask(builder, links);
        }
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
            builder.node(input.name(), kernel, observed(input.name(), "activity",
                recorder(input.name(), kernel, offsets), kernel.width()), "Input");
        }
        final Map<String, Integer> widths = new LinkedHashMap<>();
        if (task != null)
        {
            widths.put(TaskSpec.NODE, task.observationWidth());
        }
        scenario.inputs().forEach(i -> widths.put(i.name(), i.size()));
        scenario.regions().forEach(r -> widths.put(r.name(), r.size()));
        for (final RegionSpec region : scenario.regions())
        {
            final List<LinkSpec> inbound = new ArrayList<>();
            for (final LinkSpec link : links)
            {
                if (link.to().equals(region.name()))
                {
                    inbound.add(link); // links are in id order: the order inputs are combined in
                }
            }
            final NodeKernel kernel;
            if (region.learning().learns() || region.isSpiking())
            {
                final TrialObserver trials = trialRecorder(region);
                final LearningRegionKernel learning = RegionLearners.kernel(scenario, region, inbound, widths, task,
                    observed(region.name(), "readout", readoutRecorder(region, offsets), region.learning().outputs()),
                    forwarding(region.name()) ? records(record -> sink().trial(region.name(), record)) : trials);
                learningKernels.put(region.name(), learning);
                kernel = learning;
            }
            else
            {
                final List<LinkSpec> inputs = inbound.stream().filter(LinkSpec::isInput).toList();
                final int[] inputWidths = inputs.stream().mapToInt(l -> widths.get(l.from())).toArray();
                final RateRnnParams params = new RateRnnParams(region.size(), region.tauMs(), scenario.dtMs(),
                    region.recurrentGain(), region.biasStd(), region.initialStateStd());
                kernel = new RateRnnKernel(params, scenario.batch(), inputWidths,
                    inputs.stream().map(LinkSpec::weights).toArray(org.brainsim.regions.LinkWeights[]::new),
                    inputs.stream().map(LinkSpec::name).toArray(String[]::new),
                    NodeRandom.forNode(scenario.seed(), region.name()));
            }
            kernels.put(region.name(), kernel);
            builder.node(region.name(), kernel, observed(region.name(), "activity",
                recorder(region.name(), kernel, offsets), kernel.width()), "Region");
        }
        for (final LinkSpec link : links)
        {
            builder.link(link.from(), link.to(), link.delaySteps(), linkKind(link));
        }
        return builder.build();
    }

    private static LinkKind linkKind(final LinkSpec link)
    {
        return switch (link.kind())
        {
            case "error" -> LinkKind.ERROR;
            case "action" -> LinkKind.ACTION;
            case RegionLearners.CONTROL -> LinkKind.CONTROL;
            case "target" -> TaskSpec.NODE.equals(link.from()) ? LinkKind.TARGET : LinkKind.ACTIVITY;
            default -> LinkKind.ACTIVITY; // activity, observation
        };
    }

    /** @return each node's shortest delay from the task along links (nodes the task does not reach: absent). */
    private static Map<String, Long> delaysFromTask(final List<LinkSpec> links)
    {
        final Map<String, Long> best = new LinkedHashMap<>();
        best.put(TaskSpec.NODE, 0L);
        boolean changed = true;
        while (changed) // Bellman–Ford: the graphs are small
        {
            changed = false;
            for (final LinkSpec link : links)
            {
                final Long from = best.get(link.from());
                if (from != null && !link.isAction() && from + link.delaySteps() < best.getOrDefault(link.to(), Long.MAX_VALUE))
                {
                    best.put(link.to(), from + link.delaySteps());
                    changed = true;
                }
            }
        }
        return best;
    }

    private void buildTask(final LocalGraph.Builder builder, final List<LinkSpec> links) throws IOException
    {
        final List<PhaseSchedule.Phase> phases = new ArrayList<>();
        for (final PhaseSpec p : scenario.phases())
        {
            phases.add(new PhaseSchedule.Phase(p.name(), p.trials() == null ? Long.MAX_VALUE : p.trials(),
                p.steps() == null ? Long.MAX_VALUE : p.steps(), p.errorBelow() == null ? null :
                new PhaseSchedule.Criterion(p.errorBelow(), p.overTrials())));
        }
        if (phases.isEmpty())
        {
            phases.add(new PhaseSchedule.Phase("run", scenario.trials() == null ? Long.MAX_VALUE : scenario.trials(),
                Long.MAX_VALUE, null));
        }
        final PhaseSchedule schedule = new PhaseSchedule(phases, scenario.trialLimit());
        int actionIndex = -1;
        int lag = 0;
        final List<LinkSpec> inbound = links.stream().filter(l -> TaskSpec.NODE.equals(l.to())).toList();
        for (int i = 0; i < inbound.size(); i++)
        {
            final LinkSpec action = inbound.get(i);
            actionIndex = i;
            final int forward = links.stream().filter(l -> TaskSpec.NODE.equals(l.from()) && l.to().equals(action.from()))
                .mapToInt(LinkSpec::delaySteps).findFirst().orElse(0);
            lag = forward + action.delaySteps();
        }
        Files.createDirectories(outDir.resolve("task"));
        final NpyAppender error = trialArray("task/error", NpyDType.FLOAT64,
            "mean error of each scored trial over its rows (" + task.errorMetric() + ")");
        final NpyAppender rowErrors = trialArray("task/row_errors", NpyDType.FLOAT64,
            "error of each row of each scored trial", scenario.batch());
        final NpyAppender phase = trialArray("task/phase", NpyDType.INT64,
            "index of the phase each scored trial belonged to (see manifest phases)");
        final NpyAppender labels = trialArray("task/labels", NpyDType.INT64,
            "the class of each row of each scored trial (-1: not a classification)", scenario.batch());
        final TaskKernel.ScoreObserver observer = (trial, p, errors, rowLabels) ->
        {
            try
            {
                error.appendDoubles(java.util.Arrays.stream(errors).average().orElse(Double.NaN));
                rowErrors.appendDoubles(errors);
                phase.appendLongs(p);
                labels.appendLongs(java.util.Arrays.stream(rowLabels).asLongStream().toArray());
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        };
        taskKernel = new TaskKernel(task, scenario.batch(), schedule, actionIndex, lag,
            NodeRandom.forNode(scenario.seed(), TaskSpec.NODE), observer);
        kernels.put(TaskSpec.NODE, taskKernel);
        builder.node(TaskSpec.NODE, taskKernel, observed(TaskSpec.NODE, "activity",
            recorder(TaskSpec.NODE, taskKernel, Map.of(TaskSpec.NODE, 0L)), taskKernel.width()), "Task");
    }

    /** @return whether this JVM runs {@code node} and sends what it records to the submitter. */
    private boolean forwarding(final String node)
    {
        return partition != null && partition.forward() != null && !partition.remote().containsKey(node);
    }

    private RecordSink sink()
    {
        return partition.forward();
    }

    /**
     * The observer of one output stream of a node: its recorder when the node records here, a forwarder to the
     * submitter when this JVM is a cluster node that runs it. Either way the recorder can be found by name for
     * what other JVMs send ({@link #receiver()}).
     */
    private StepObserver observed(final String node, final String stream, final StepObserver recorder, final int width)
    {
        if (recorder == StepObserver.NONE)
        {
            return recorder;
        }
        observers.put(node + "/" + stream, recorder);
        if (!forwarding(node))
        {
            return recorder;
        }
        final ForwardingObserver forwarder = new ForwardingObserver(node, stream, recorder, scenario.batch(), width,
            sink());
        forwarders.add(forwarder);
        return forwarder;
    }

    /**
     * (Submitter) Writes what the nodes of other JVMs recorded into this run's arrays. Each node's stream must
     * arrive in order and from one thread at a time.
     */
    public RecordSink receiver()
    {
        return new RecordSink()
        {
            private float[] padded = new float[0];

            @Override
            public void steps(
                final String node, final String stream, final long[] steps, final int rows, final int width,
                final float[] values)
            {
                final StepObserver recorder = observers.get(node + "/" + stream);
                if (recorder == null)
                {
                    throw new IllegalArgumentException("no recorder for " + node + "/" + stream);
                }
                final int size = scenario.batch() * width;
                if (padded.length != size)
                {
                    padded = new float[size];
                }
                for (int k = 0; k < steps.length; k++)
                {
                    System.arraycopy(values, k * rows * width, padded, 0, rows * width);
                    recorder.onStep(steps[k], padded);
                }
            }

            @Override
            public void trial(final String region, final TrialRecord record)
            {
                final java.util.function.Consumer<TrialRecord> writer = trialWriters.get(region);
                if (writer != null)
                {
                    writer.accept(record);
                }
                remoteTrials.computeIfAbsent(region, r -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet();
            }
        };
    }

    /** @return trials a learning region completed, here or (as told) in another JVM. */
    private long trialsCompleted(final String region)
    {
        if (partition != null && partition.remote().containsKey(region))
        {
            final java.util.concurrent.atomic.AtomicLong n = remoteTrials.get(region);
            return n == null ? 0 : n.get();
        }
        return learningKernels.get(region).trialsCompleted();
    }

    /** A per-trial array {@code <key>.npy} in the run directory, described in the manifest. */
    private NpyAppender trialArray(final String key, final NpyDType dtype, final String description, final long... item)
        throws IOException
    {
        final Path file = outDir.resolve(key + ".npy");
        Files.createDirectories(file.getParent());
        final NpyAppender a = new NpyAppender(file, dtype, item);
        perTrial.put(key, a);
        perTrialDescriptions.put(key, description);
        return a;
    }

    /** Per-trial loss and accuracy of a learning region, and its weight snapshots. */
    private TrialObserver trialRecorder(final RegionSpec region) throws IOException
    {
        if (!region.learning().learns() || scenario.links().stream().noneMatch(l -> l.isTarget() &&
            l.to().equals(region.name())))
        {
            return TrialObserver.NONE;
        }
        final NpyAppender loss = trialArray("loss/" + region.name(), NpyDType.FLOAT64, "loss of each completed trial " +
            "of region " + region.name() + " (its objective over the evaluated steps, before the trial's update; " +
            "no regularisers)");
        final boolean classification = "cross-entropy".equals(region.learning().loss()) || ("task".equals(region.learning()
            .loss()) && task != null && task.defaultLoss() == org.brainsim.objectives.LossKind.CROSS_ENTROPY &&
            scenario.links().stream().anyMatch(l -> l.isTarget() && TaskSpec.NODE.equals(l.from()) &&
                l.to().equals(region.name())));
        final NpyAppender accuracy = classification ? trialArray("accuracy/" + region.name(), NpyDType.FLOAT64,
            "share of rows whose window-averaged readout picks the target class, per trial, region " + region.name()) : null;
        final int every = scenario.record().weightsEveryTrials();
        final String[] names = {"w_in", "w_rec", "w_out"};
        final NpyAppender[] weights = new NpyAppender[every > 0 ? 3 : 0];
        final NpyAppender snapshotTrials = every > 0 ? trialArray("weights/" + region.name() + "/trials", NpyDType.INT64,
            "the trial after whose update each weight snapshot of region " + region.name() + " was taken") : null;
        final java.util.function.Consumer<TrialRecord> writer = record ->
        {
            try
            {
                loss.appendDoubles(record.loss());
                if (accuracy != null)
                {
                    accuracy.appendDoubles(record.accuracy());
                }
                if (record.params() != null)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        if (weights[i] == null)
                        {
                            weights[i] = trialArray("weights/" + region.name() + "/" + names[i], NpyDType.FLOAT32,
                                names[i] + " of region " + region.name() + " ([pre, post]) after the trials in " +
                                    "weights/" + region.name() + "/trials.npy", record.shapes()[i]);
                        }
                        weights[i].appendFloats(record.params()[i]);
                    }
                    snapshotTrials.appendLongs(record.trial());
                }
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        };
        trialWriters.put(region.name(), writer);
        return records(writer);
    }

    /** A trial observer that hands each trial, with a weight snapshot when one is due, to {@code writer}. */
    private TrialObserver records(final java.util.function.Consumer<TrialRecord> writer)
    {
        final int every = scenario.record().weightsEveryTrials();
        return (trial, phase, value, acc, learner) ->
        {
            float[][] params = null;
            long[][] shapes = null;
            if (every > 0 && trial % every == 0)
            {
                final INDArray[] p = learner.parameters();
                params = new float[p.length][];
                shapes = new long[p.length][];
                for (int i = 0; i < p.length; i++)
                {
                    params[i] = p[i].dup('c').data().asFloat();
                    shapes[i] = p[i].shape();
                }
            }
            writer.accept(new TrialRecord(trial, phase, value, acc, params, shapes));
        };
    }

    private StepObserver readoutRecorder(final RegionSpec region, final Map<String, Long> offsets) throws IOException
    {
        if (!region.learning().learns() || !scenario.record().nodes().contains(region.name()))
        {
            return StepObserver.NONE;
        }
        Files.createDirectories(outDir.resolve("readout"));
        final Path file = outDir.resolve("readout").resolve(region.name() + ".npy");
        if (task != null)
        {
            if (scenario.record().everyTrials() == 0)
            {
                return StepObserver.NONE;
            }
            final TrialRecorder recorder = new TrialRecorder(file, false, scenario.batch(), scenario.record().rows(),
                region.learning().outputs(), task.maxTrialSteps(), scenario.record().everyTrials(),
                offsets.getOrDefault(region.name(), 0L));
            trialReadouts.put(region.name(), recorder);
            return recorder;
        }
        final ActivityRecorder recorder = new ActivityRecorder(file,
            NpyDType.FLOAT32, scenario.batch(), region.learning().outputs(), scenario.steps(),
            scenario.record().everySteps());
        readoutRecorders.put(region.name(), recorder);
        return recorder;
    }

    private StepObserver recorder(final String node, final NodeKernel kernel, final Map<String, Long> offsets)
        throws IOException
    {
        if (!scenario.record().nodes().contains(node))
        {
            return StepObserver.NONE;
        }
        final Path file = outDir.resolve("activity").resolve(node + ".npy");
        if (task != null)
        {
            if (scenario.record().everyTrials() == 0)
            {
                return StepObserver.NONE;
            }
            final TrialRecorder recorder = new TrialRecorder(file, kernel.spiking(), kernel.batchSize(),
                scenario.record().rows(), kernel.width(), task.maxTrialSteps(), scenario.record().everyTrials(),
                offsets.getOrDefault(node, 0L));
            trialRecorders.put(node, recorder);
            return recorder;
        }
        final ActivityRecorder recorder = new ActivityRecorder(file,
            kernel.spiking() ? NpyDType.UINT8 : NpyDType.FLOAT32, kernel.batchSize(), kernel.width(),
            scenario.steps(), scenario.record().everySteps());
        recorders.put(node, recorder);
        return recorder;
    }

    private void closeRecorders(final long stepsCompleted) throws IOException
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
        if (taskKernel != null)
        {
            taskKernel.schedule().stop(cancelRequested ? "interrupted" : "run ended (steps)", stepsCompleted);
        }
        final long trials = taskKernel == null ? 0 : taskKernel.schedule().trialsIssued();
        final java.util.List<TrialRecorder> trialAll = new java.util.ArrayList<>(trialRecorders.values());
        trialAll.addAll(trialReadouts.values());
        for (final TrialRecorder recorder : trialAll)
        {
            try
            {
                recorder.close(trials);
            }
            catch (final IOException ex)
            {
                first = first == null ? ex : first;
            }
        }
        for (final NpyAppender a : perTrial.values())
        {
            try
            {
                a.close();
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

    private void closeQuietly(final long stepsCompleted)
    {
        try
        {
            closeRecorders(stepsCompleted);
        }
        catch (final IOException ignored)
        {
            // the manifest reports the run's own error; a second one would hide it
        }
    }
}
