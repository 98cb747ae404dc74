package org.brainsim.scenarios.record;

import org.brainsim.objectives.TrialScores;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.network.Lesion;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.region.TrialObserver;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.cluster.ForwardingObserver;
import org.brainsim.scenarios.cluster.LesionRecord;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.cluster.TrialRecord;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.settings.Names;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A run's recording: the run directory and every array written into it — each node's activity (whole runs or
 * whole trials), each learning region's readout, per-trial scores, weight snapshots and lesions. On a cluster node
 * it forwards what its nodes record to the submitter instead ({@link Partition#forward()}); on the submitter,
 * {@link #receiver()} writes what the nodes send. {@code RunManifest} reads it to describe the arrays.
 *
 * <p>Recorders are made while the graph is assembled (one thread) and fed by the nodes' threads, each its own.
 */
public final class RunRecording
{
    /** Where a node's activity is written and how it is described. */
    public record NodeArray(String node, boolean spiking, boolean region)
    {
    }

    private final Scenario scenario;
    private final Path outDir;
    private final Partition partition;
    private final int trialSteps;
    final Map<String, ActivityRecorder> activity = new LinkedHashMap<>();
    final Map<String, NodeArray> activityNodes = new LinkedHashMap<>();
    final Map<String, ActivityRecorder> readouts = new LinkedHashMap<>();
    final Map<String, TrialRecorder> trialActivity = new LinkedHashMap<>();
    final Map<String, NodeArray> trialNodes = new LinkedHashMap<>();
    final Map<String, TrialRecorder> trialReadouts = new LinkedHashMap<>();
    private final Map<String, NpyAppender> perTrial = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> descriptions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> axesOf = new ConcurrentHashMap<>();
    private final Map<String, StepObserver> observers = new ConcurrentHashMap<>();
    private final Map<String, Consumer<TrialRecord>> trialWriters = new ConcurrentHashMap<>();
    private final Map<String, Consumer<LesionRecord>> lesionWriters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> remoteTrials = new ConcurrentHashMap<>();
    private final List<ForwardingObserver> forwarders = new ArrayList<>();

    /**
     * Creates the run directory.
     *
     * @param partition  this JVM's share of a cluster run, or {@code null} for the whole run here.
     * @param trialSteps the task's longest trial (0 without a task).
     */
    public RunRecording(final Scenario scenario, final Path outDir, final Partition partition, final int trialSteps)
        throws IOException
    {
        this.scenario = scenario;
        this.outDir = outDir;
        this.partition = partition;
        this.trialSteps = trialSteps;
        Files.createDirectories(outDir.resolve("activity"));
    }

    public Path outDir()
    {
        return outDir;
    }

    /** @return whether this JVM runs {@code node} and sends what it records to the submitter. */
    private boolean forwarding(final String node)
    {
        return partition != null && partition.forward() != null && !partition.remote().containsKey(node);
    }

    /**
     * @param offsets each node's delay from the task (trial recordings start that late).
     * @return the observer of a node's activity: its recorder, a forwarder to the submitter, or nothing when the
     * scenario does not record the node.
     */
    public StepObserver activity(
        final String node, final boolean spiking, final boolean region, final int width, final Map<String, Long> offsets)
        throws IOException
    {
        if (!scenario.record().nodes().contains(node))
        {
            return StepObserver.NONE;
        }
        final Path file = outDir.resolve("activity").resolve(node + ".npy");
        final StepObserver recorder;
        if (trialSteps > 0)
        {
            if (scenario.record().everyTrials() == 0)
            {
                return StepObserver.NONE;
            }
            final TrialRecorder r = new TrialRecorder(file, spiking, scenario.batch(), scenario.record().rows(), width,
                trialSteps, scenario.record().everyTrials(), offsets.getOrDefault(node, 0L));
            trialActivity.put(node, r);
            trialNodes.put(node, new NodeArray(node, spiking, region));
            recorder = r;
        }
        else
        {
            final ActivityRecorder r = new ActivityRecorder(file, spiking ? NpyDType.UINT8 : NpyDType.FLOAT32,
                scenario.batch(), width, scenario.steps(), scenario.record().everySteps());
            activity.put(node, r);
            activityNodes.put(node, new NodeArray(node, spiking, region));
            recorder = r;
        }
        return observed(node, "activity", recorder, width);
    }

    /** @return the observer of a learning region's readout (see {@link #activity}). */
    public StepObserver readout(final RegionSpec region, final Map<String, Long> offsets) throws IOException
    {
        if (!region.learns() || !scenario.record().nodes().contains(region.name()))
        {
            return StepObserver.NONE;
        }
        Files.createDirectories(outDir.resolve("readout"));
        final Path file = outDir.resolve("readout").resolve(region.name() + ".npy");
        final StepObserver recorder;
        if (trialSteps > 0)
        {
            if (scenario.record().everyTrials() == 0)
            {
                return StepObserver.NONE;
            }
            final TrialRecorder r = new TrialRecorder(file, false, scenario.batch(), scenario.record().rows(),
                region.readoutWidth(), trialSteps, scenario.record().everyTrials(), offsets.getOrDefault(region.name(), 0L));
            trialReadouts.put(region.name(), r);
            recorder = r;
        }
        else
        {
            final ActivityRecorder r = new ActivityRecorder(file, NpyDType.FLOAT32, scenario.batch(), region.readoutWidth(),
                scenario.steps(), scenario.record().everySteps());
            readouts.put(region.name(), r);
            recorder = r;
        }
        return observed(region.name(), "readout", recorder, region.readoutWidth());
    }

    /**
     * The observer of one output stream of a node: its recorder when the node records here, a forwarder to the
     * submitter when this JVM is a cluster node that runs it. Either way the recorder can be found by name for
     * what other JVMs send ({@link #receiver()}).
     */
    private StepObserver observed(final String node, final String stream, final StepObserver recorder, final int width)
    {
        observers.put(node + "/" + stream, recorder);
        if (!forwarding(node))
        {
            return recorder;
        }
        final ForwardingObserver forwarder = new ForwardingObserver(node, stream, recorder, scenario.batch(), width,
            partition.forward());
        forwarders.add(forwarder);
        return forwarder;
    }

    /** A per-trial array {@code <key>.npy} in the run directory, described in the manifest. */
    public NpyAppender trialArray(final String key, final NpyDType dtype, final String description, final long... item)
        throws IOException
    {
        final Path file = outDir.resolve(key + ".npy");
        Files.createDirectories(file.getParent());
        final NpyAppender a = new NpyAppender(file, dtype, item);
        perTrial.put(key, a);
        descriptions.put(key, description);
        return a;
    }

    /**
     * A per-trial array whose axes are named (the manifest lists them): {@link #trialArray} otherwise.
     *
     * @param axes the name of every axis, the first included.
     */
    public NpyAppender trialArray(
        final String key, final NpyDType dtype, final String description, final List<String> axes, final long... item)
        throws IOException
    {
        final NpyAppender a = trialArray(key, dtype, description, item);
        axesOf.put(key, List.copyOf(axes));
        return a;
    }

    /** Writes a fixed float64 array (rows of equal length) with named axes, listed in the manifest like the others. */
    public void constant(final String key, final String description, final List<String> axes, final double[][] rows)
        throws IOException
    {
        final NpyAppender a = trialArray(key, NpyDType.FLOAT64, description, axes, rows[0].length);
        for (final double[] row : rows)
        {
            a.appendDoubles(row);
        }
    }

    /** @return the names of an array's axes, or {@code null} for the usual ones. */
    List<String> axes(final String key)
    {
        return axesOf.get(key);
    }

    /**
     * @param trained        whether the region completes scored trials (it has objectives), so it has per-trial arrays.
     * @param classification whether its trials have an accuracy.
     * @return what sees a region's trials and lesions: writers of its arrays here, or a forwarder to the submitter.
     */
    public TrialObserver trials(final RegionSpec region, final boolean trained, final boolean classification)
        throws IOException
    {
        final TrialWriters writers = new TrialWriters(this::trialArray, region, trained, classification,
            scenario.record().weightsEveryTrials(), scenario.phases().stream().map(p -> p.name()).toList());
        trialWriters.put(region.name(), writers::trial);
        lesionWriters.put(region.name(), writers::lesion);
        if (forwarding(region.name()))
        {
            return observer(record -> partition.forward().trial(region.name(), record),
                record -> partition.forward().lesion(region.name(), record));
        }
        return observer(writers::trial, writers::lesion);
    }

    /** A trial observer that hands each trial, with a weight snapshot when one is due, and each lesion on. */
    private TrialObserver observer(final Consumer<TrialRecord> trials, final Consumer<LesionRecord> lesions)
    {
        final int every = scenario.record().weightsEveryTrials();
        return new TrialObserver()
        {
            @Override
            public void onTrial(final long trial, final int phase, final TrialScores scores, final Learner learner)
            {
                float[][] params = null;
                long[][] shapes = null;
                if (every > 0 && trial % every == 0)
                {
                    final INDArray[] p = {learner.network().wIn(), learner.network().wRec(), learner.network().wOut()};
                    params = new float[p.length][];
                    shapes = new long[p.length][];
                    for (int i = 0; i < p.length; i++)
                    {
                        params[i] = p[i].dup('c').data().asFloat();
                        shapes[i] = p[i].shape();
                    }
                }
                trials.accept(new TrialRecord(trial, phase, scores.loss(), scores.accuracy(), scores.terms(), params,
                    shapes, scores.arrays()));
            }

            @Override
            public void onLesion(final int phase, final Lesion lesion, final int[] indices)
            {
                lesions.accept(new LesionRecord(phase, Names.of(lesion.target()), lesion.fraction(), indices));
            }
        };
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
                final Consumer<TrialRecord> writer = trialWriters.get(region);
                if (writer != null)
                {
                    writer.accept(record);
                }
                remoteTrials.computeIfAbsent(region, r -> new AtomicLong()).incrementAndGet();
            }

            @Override
            public void lesion(final String region, final LesionRecord record)
            {
                final Consumer<LesionRecord> writer = lesionWriters.get(region);
                if (writer != null)
                {
                    writer.accept(record);
                }
            }
        };
    }

    /** @return the per-trial arrays by key, in the order they were made (a copy: nodes may add more). */
    Map<String, NpyAppender> perTrialArrays()
    {
        synchronized (perTrial)
        {
            return new LinkedHashMap<>(perTrial);
        }
    }

    /** @return what a per-trial array holds, in words. */
    String description(final String key)
    {
        return descriptions.get(key);
    }

    /** @return trials a region running in another JVM reported so far. */
    public long remoteTrials(final String region)
    {
        final AtomicLong n = remoteTrials.get(region);
        return n == null ? 0 : n.get();
    }

    /** (Cluster node) Sends what is still buffered to the submitter. */
    public void flushForwarders()
    {
        forwarders.forEach(ForwardingObserver::flush);
    }

    /**
     * Finishes every array: the step recorders are flushed, the trial recorders cut to {@code trialsIssued} trials,
     * the per-trial arrays closed.
     *
     * @throws IOException the first failure (every array is still closed).
     */
    public void close(final long trialsIssued) throws IOException
    {
        IOException first = null;
        final List<ActivityRecorder> steps = new ArrayList<>(activity.values());
        steps.addAll(readouts.values());
        for (final ActivityRecorder recorder : steps)
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
        final List<TrialRecorder> trials = new ArrayList<>(trialActivity.values());
        trials.addAll(trialReadouts.values());
        for (final TrialRecorder recorder : trials)
        {
            try
            {
                recorder.close(trialsIssued);
            }
            catch (final IOException ex)
            {
                first = first == null ? ex : first;
            }
        }
        for (final NpyAppender a : perTrialArrays().values())
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

    /** {@link #close} when the run already failed: a second error would hide the first. */
    public void closeQuietly(final long trialsIssued)
    {
        try
        {
            close(trialsIssued);
        }
        catch (final IOException ignored)
        {
            // the manifest reports the run's own error
        }
    }
}
