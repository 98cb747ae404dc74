package org.brainsim.scenarios;

import org.brainsim.messaging.TransportContext;
import org.brainsim.regions.lockstep.GraphRunException;
import org.brainsim.regions.lockstep.GraphSettings;
import org.brainsim.regions.lockstep.Intervention;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.LocalGraph;
import org.brainsim.regions.lockstep.PauseSwitch;
import org.brainsim.regions.lockstep.RegionMXBean;
import org.brainsim.regions.region.RegionDivergedException;
import org.brainsim.regions.region.RegionKernel;
import org.brainsim.scenarios.assembly.GraphAssembly;
import org.brainsim.scenarios.assembly.TaskAssembly;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.record.EventLog;
import org.brainsim.scenarios.record.RunManifest;
import org.brainsim.scenarios.record.RunRecording;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.tasks.TaskKernel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a scenario in this JVM: assembles its graph ({@link GraphAssembly}), records it ({@link RunRecording}), runs
 * the lockstep to its end and keeps {@code manifest.json} current — written when the run starts ({@code running}),
 * every {@link RunSettings#manifestPeriod()} while it runs, and when it ends, whether it completes, fails, diverges or
 * is interrupted.
 *
 * <p>{@link #cancel()} may be called from any thread (for instance a Ctrl-C hook); {@link #execute} then finishes
 * the recording, writes an {@code interrupted} manifest and returns.
 */
public final class ScenarioRun
{
    private static final long PROGRESS_PERIOD_MS = 200;

    private final Scenario scenario;
    private final RunRecording recording;
    private final Partition partition;
    private final RunSettings settings;
    private volatile boolean cancelRequested;
    private volatile boolean finishedByTask;
    private volatile LocalGraph.Running running;
    private GraphAssembly.Assembled assembled;
    private final Interventions interventions;
    private final PauseSwitch pauseSwitch = new PauseSwitch();

    private ScenarioRun(final Scenario scenario, final RunRecording recording, final Partition partition,
                        final RunSettings settings)
    {
        this.scenario = scenario;
        this.recording = recording;
        this.partition = partition;
        this.settings = settings;
        this.interventions = new Interventions(settings.replay());
        if (partition != null)
        {
            partition.connect(interventions);
        }
    }

    /** Prepares a run with the default settings: creates the run directory. */
    public static ScenarioRun prepare(final Scenario scenario, final Path outDir) throws IOException
    {
        return prepare(scenario, outDir, null, RunSettings.DEFAULTS);
    }

    /**
     * Prepares this JVM's part of a run spread over several JVMs ({@code partition}; {@code null}: the whole run
     * here). On a cluster node {@code outDir} is scratch space: what its nodes record goes to the submitter.
     */
    public static ScenarioRun prepare(
        final Scenario scenario, final Path outDir, final Partition partition, final RunSettings settings)
        throws IOException
    {
        final int trialSteps = scenario.task() == null ? 0 : TaskAssembly.task(scenario).maxTrialSteps();
        return new ScenarioRun(scenario, new RunRecording(scenario, outDir, partition, trialSteps), partition, settings);
    }

    /** @return the run directory. */
    public Path outDir()
    {
        return recording.outDir();
    }

    /** (Submitter) @return where what the nodes of other JVMs record is written ({@link RunRecording#receiver()}). */
    public RecordSink receiver()
    {
        return recording.receiver();
    }

    /** @return the live figures of the nodes running here (empty before the run starts and after it ends). */
    public Map<String, RegionMXBean> statuses()
    {
        final LocalGraph.Running r = running;
        return r == null ? Map.of() : r.statuses();
    }

    /**
     * Asks a region running here for a live change, as its MBean would (any thread).
     *
     * @throws IllegalArgumentException when the region does not run here or refuses the change.
     */
    public void request(final Intervention change)
    {
        change.askOf(statuses().get(change.target()));
    }

    /** Pauses ({@code true}) or resumes the nodes here, and (submitter) those of the other parts; any thread. */
    public void pause(final boolean pause)
    {
        if (pause)
        {
            pauseSwitch.pause();
        }
        else
        {
            pauseSwitch.resume();
        }
        if (partition != null)
        {
            partition.pauseOthers(pause);
        }
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
        final RunProgress progress = new RunProgress(listener, startedAt, startNs);
        final EventLog events = new EventLog(recording.outDir());
        interventions.listen(events::append);
        try
        {
            assembled = GraphAssembly.build(scenario, recording, interventions);
            final RunManifest manifest = new RunManifest(scenario, recording, assembled.taskKernel(), partition);
            progress.manifest(manifest);
            progress.writeRunning(0);
            final RunStatus bean = new RunStatus(scenario.name(), recording.outDir(), scenario.steps(), this::pause)
                .register();
            progress.bean(bean);
            if (assembled.taskKernel() != null)
            {
                final long planned = Math.min(scenario.trialLimit(),
                    assembled.taskKernel().schedule().plannedTrials(assembled.task().maxTrialSteps()));
                listener.startedTrials(planned);
                bean.plannedTrials(planned);
            }
            else
            {
                listener.started(scenario.steps());
            }
            try (LocalGraph.Running r = assembled.graph().start(graphSettings()))
            {
                running = r;
                progress.counters(r.transport().counters());
                if (cancelRequested)
                {
                    r.cancel();
                }
                await(r, progress);
                progress.report(assembled.taskKernel(), minStep(r.statuses()));
                progress.stepsCompleted(minStep(r.statuses()));
            }
        }
        catch (final LocalGraph.StartAbortedException ex)
        {
            // lost a peer (or was cancelled) while connecting: report that, like any stop mid-run
            stopOthers();
            final String elsewhere = otherFailureMessage(others());
            progress.end(elsewhere != null ? "failed" : "interrupted", elsewhere != null ? elsewhere : ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            progress.end("failed", String.valueOf(ex.getMessage()));
            recording.closeQuietly(trialsIssued());
            progress.writeQuietly();
            throw ex;
        }
        finally
        {
            running = null;
            events.close();
        }
        if (assembled != null && assembled.taskKernel() != null)
        {
            assembled.taskKernel().schedule().stop(cancelRequested ? "interrupted" : "run ended (steps)",
                progress.stepsCompleted());
        }
        try
        {
            recording.close(trialsIssued());
        }
        finally
        {
            progress.writeFinal();
        }
        return progress.outcome(recording.outDir());
    }

    /** Waits for the graph, reporting progress, stopping it when the task is done, following the other parts. */
    private void await(final LocalGraph.Running r, final RunProgress progress) throws InterruptedException
    {
        final CompletableFuture<Void> others = others();
        final TaskKernel taskKernel = assembled.taskKernel();
        long otherDeadline = Long.MAX_VALUE;
        try
        {
            while (true)
            {
                final boolean localDone = r.awaitDone(Duration.ofMillis(PROGRESS_PERIOD_MS));
                final long step = minStep(r.statuses());
                progress.report(taskKernel, step, statuses(r));
                progress.maybeWrite(step, settings.manifestPeriod());
                if (taskKernel != null && !finishedByTask && taskDone(taskKernel))
                {
                    finishedByTask = true; // every trial ran and was learned and scored: stop the graph
                    r.cancel();
                    stopOthers();
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
                if (localDone && (otherDeadline == Long.MAX_VALUE || pauseSwitch.paused()))
                {
                    // the parts elsewhere end within a lockstep window of this one (paused: once resumed)
                    otherDeadline = System.nanoTime() + settings.remoteEndTimeout().toNanos();
                }
                if (System.nanoTime() - otherDeadline > 0)
                {
                    throw new GraphRunException(GraphRunException.Kind.STALLED, null, "the parts of the run on other " +
                        "nodes did not end within " + settings.remoteEndTimeout().toSeconds() + " s of this one", null);
                }
            }
            r.await();
            final String elsewhere = otherFailureMessage(others);
            if (elsewhere != null)
            {
                throw new GraphRunException(GraphRunException.Kind.NODE_FAILED, null, elsewhere, null);
            }
        }
        catch (final GraphRunException ex)
        {
            stopOthers();
            final String elsewhere = otherFailureMessage(others);
            if (elsewhere != null)
            {
                progress.end(elsewhere.contains(RegionDivergedException.MARK) ? "diverged" : "failed", elsewhere);
            }
            else if (!(finishedByTask && ex.kind() == GraphRunException.Kind.CANCELLED))
            {
                progress.end(ex.kind() == GraphRunException.Kind.CANCELLED ? "interrupted" :
                    ex.getCause() instanceof RegionDivergedException ? "diverged" : "failed", ex.getMessage());
            }
        }
    }

    /**
     * (Cluster node) Runs this JVM's part to its end or until {@link #cancel()}, sends what is left to record to
     * the submitter, and releases everything. Writes no manifest: the submitter does.
     *
     * @return how the part ended: {@code completed}, {@code cancelled}, {@code diverged} or {@code failed}, and the
     * steps it finished.
     */
    public RunOutcome executePart() throws IOException, InterruptedException
    {
        final long startNs = System.nanoTime();
        String status = "completed";
        String error = null;
        long stepsCompleted = 0;
        assembled = GraphAssembly.build(scenario, recording, interventions);
        try (LocalGraph.Running r = assembled.graph().start(graphSettings()))
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
                status = ex.kind() == GraphRunException.Kind.CANCELLED ? "cancelled" :
                    ex.getCause() instanceof RegionDivergedException ? "diverged" : "failed";
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
            recording.flushForwarders();
            recording.closeQuietly(0);
        }
        return new RunOutcome(status, recording.outDir(), stepsCompleted, (System.nanoTime() - startNs) / 1e9, error);
    }

    private GraphSettings graphSettings()
    {
        final GraphSettings graph = new GraphSettings(scenario.steps(), scenario.windowSteps(),
            scenario.threads(), settings.stallTimeout(), partition == null ? new TransportContext() : partition.transport())
            .withPause(pauseSwitch);
        if (partition == null)
        {
            return graph;
        }
        final CompletableFuture<Void> others = partition.others();
        return graph.withRemote(partition.remote())
            .withAbort(() -> cancelRequested || others != null && others.isCompletedExceptionally());
    }

    private CompletableFuture<Void> others()
    {
        return partition == null ? null : partition.others();
    }

    private void stopOthers()
    {
        if (partition != null && partition.others() != null)
        {
            partition.stopOthers();
        }
    }

    private static String otherFailureMessage(final CompletableFuture<Void> others)
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
        catch (final CompletionException | CancellationException ex)
        {
            return ex.getCause() == null ? String.valueOf(ex.getMessage()) : ex.getCause().getMessage();
        }
    }

    private long trialsIssued()
    {
        return assembled == null || assembled.taskKernel() == null ? 0 :
            assembled.taskKernel().schedule().trialsIssued();
    }

    /** @return whether the task's schedule is over, every trial scored, and every region it trains done. */
    private boolean taskDone(final TaskKernel taskKernel)
    {
        if (!taskKernel.finished())
        {
            return false;
        }
        final long issued = taskKernel.schedule().trialsIssued();
        for (final RegionSpec region : scenario.regions())
        {
            // every region that learns for objectives in the task's trials (from its target, or following the control
            // link's flags) and records each trial; online learners record none
            if (region.followsTaskTrials(scenario.links(), true) && !region.objectives().isEmpty() &&
                trialsCompleted(region.name()) < issued)
            {
                return false;
            }
        }
        return true;
    }

    /** @return trials a region completed, here or (as told) in another JVM. */
    private long trialsCompleted(final String region)
    {
        if (partition != null && partition.remote().containsKey(region))
        {
            return recording.remoteTrials(region);
        }
        final RegionKernel kernel = assembled.regions().get(region);
        return kernel == null ? 0 : kernel.trialsCompleted();
    }

    /** @return the figures of every node: here, and (mirrored by the submitter) on the nodes of a cluster. */
    private Map<String, RegionMXBean> statuses(final LocalGraph.Running r)
    {
        if (partition == null)
        {
            return r.statuses();
        }
        final Map<String, RegionMXBean> all = new java.util.TreeMap<>(r.statuses());
        all.putAll(partition.remoteStatuses());
        return all;
    }

    static long minStep(final Map<String, RegionMXBean> statuses)
    {
        long min = Long.MAX_VALUE;
        for (final RegionMXBean status : statuses.values())
        {
            min = Math.min(min, status.getStep());
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }
}
