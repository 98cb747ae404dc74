package org.brainsim.scenarios.assembly;

import org.brainsim.regions.NodeRandom;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.record.NpyAppender;
import org.brainsim.scenarios.record.NpyDType;
import org.brainsim.scenarios.record.RunRecording;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.PhaseSchedule;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskKernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario's task and phases into the task environment's kernel: its phase schedule, which inbound link
 * brings the readout it scores and how late, and the per-trial arrays its scores go to.
 */
public final class TaskAssembly
{
    private TaskAssembly()
    {
    }

    /** @return the task made from the scenario's task section, laid out for its response lag. */
    public static Task task(final Scenario scenario)
    {
        return scenario.task().factory().create(scenario.task().params(), scenario.dtMs(), scenario.batch())
            .timed(LinkSpec.responseLag(scenario.links()), LinkSpec.settle(scenario.links()));
    }

    /**
     * @param links every link of the run (control links included), in id order.
     */
    public static TaskKernel kernel(
        final Scenario scenario, final Task task, final List<LinkSpec> links, final RunRecording recording)
        throws IOException
    {
        final List<PhaseSchedule.Phase> phases = new ArrayList<>();
        for (final PhaseSpec p : scenario.phases())
        {
            phases.add(new PhaseSchedule.Phase(p.name(), p.trials() == null ? Long.MAX_VALUE : p.trials(),
                p.steps() == null ? Long.MAX_VALUE : p.steps(), p.errorBelow() == null ? null :
                new PhaseSchedule.Criterion(p.errorBelow(), p.overTrials()), p.conditions()));
        }
        if (phases.isEmpty())
        {
            phases.add(new PhaseSchedule.Phase("run", scenario.trials() == null ? Long.MAX_VALUE : scenario.trials(),
                Long.MAX_VALUE, null));
        }
        final PhaseSchedule schedule = new PhaseSchedule(phases, scenario.trialLimit());
        final List<LinkSpec> inbound = links.stream().filter(l -> TaskSpec.NODE.equals(l.to())).toList();
        // the task's inbound links are its action links (one per actor), in id order: by name
        final int actionIndex = inbound.isEmpty() ? -1 : 0;
        final int lag = LinkSpec.responseLag(links);
        final NpyAppender error = recording.trialArray("task/error", NpyDType.FLOAT64,
            "mean error of each scored trial over its rows (" + task.errorMetric() + ")");
        final NpyAppender rowErrors = recording.trialArray("task/row_errors", NpyDType.FLOAT64,
            "error of each row of each scored trial", scenario.batch());
        final NpyAppender phase = recording.trialArray("task/phase", NpyDType.INT64,
            "index of the phase each scored trial belonged to (see manifest phases)");
        final NpyAppender labels = recording.trialArray("task/labels", NpyDType.INT64,
            "the class of each row of each scored trial (-1: not a classification)", scenario.batch());
        final int steps = task.maxTrialSteps();
        final NpyAppender rewards = task.actions() == 0 && !task.rewardsReadout() ? null : recording.trialArray(
            "task/reward", NpyDType.FLOAT64, "reward each row collected in each scored trial", scenario.batch());
        final Map<String, NpyAppender> records = new LinkedHashMap<>();
        final Map<String, NpyAppender> scoredRecords = new LinkedHashMap<>();
        for (final Task.TrialRecord r : task.trialRecords())
        {
            final String when = r.whenScored() ? "every trial scored" : "every trial the task started";
            final NpyAppender array = r.values() == 0
                ? recording.trialArray("task/" + r.key(), NpyDType.INT64, r.description() + ", per step of " + when,
                    List.of("trial", "row", "time"), scenario.batch(), steps)
                : recording.trialArray("task/" + r.key(), NpyDType.INT64, r.description() + ", for " + when,
                    List.of("trial", "row", "item"), scenario.batch(), r.values());
            (r.whenScored() ? scoredRecords : records).put(r.key(), array);
        }
        for (final Task.Constant c : task.constants())
        {
            recording.constant("task/" + c.key(), c.description(), c.axes(), c.values());
        }
        final TaskKernel.ScoreObserver observer = new TaskKernel.ScoreObserver()
        {
            @Override
            public void onScored(final long trial, final int p, final double[] errors, final int[] rowLabels)
            {
                try
                {
                    error.appendDoubles(Arrays.stream(errors).average().orElse(Double.NaN));
                    rowErrors.appendDoubles(errors);
                    phase.appendLongs(p);
                    labels.appendLongs(Arrays.stream(rowLabels).asLongStream().toArray());
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }

            @Override
            public void onOutcome(final long trial, final Task.Trial scored)
            {
                try
                {
                    if (rewards != null)
                    {
                        rewards.appendDoubles(scored.rowRewards());
                    }
                    append(scoredRecords, scored);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }

            @Override
            public void onStarted(final long trial, final Task.Trial made)
            {
                try
                {
                    append(records, made);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        };
        return new TaskKernel(task, scenario.batch(), schedule, actionIndex, lag,
            NodeRandom.forNode(scenario.seed(), TaskSpec.NODE), observer);
    }

    private static void append(final Map<String, NpyAppender> records, final Task.Trial trial) throws IOException
    {
        for (final Map.Entry<String, NpyAppender> r : records.entrySet())
        {
            r.getValue().appendLongs(trial.record(r.getKey()));
        }
    }
}
