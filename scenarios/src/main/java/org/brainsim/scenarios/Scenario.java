package org.brainsim.scenarios;

import org.brainsim.regions.lockstep.ThreadMode;
import org.brainsim.scenarios.spec.InputSpec;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.scenarios.spec.RecordSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario: plain, typed data, separate from the run that executes it. Build one with
 * {@link ScenarioLoader}.
 *
 * @param name        scenario name (file name without extension unless given).
 * @param source      the file it came from, as given.
 * @param text        the file's text, verbatim (kept in the manifest).
 * @param overrides   {@code key=value} overrides applied on top, in order.
 * @param resolved    the effective configuration: every key the scenario gave or defaulted, as nested maps and
 *                    lists (the manifest's {@code scenario.resolved}).
 * @param seed        the seed every random stream derives from.
 * @param dtMs        step length in ms.
 * @param steps       steps to run ({@link Long#MAX_VALUE} when a task's phases decide).
 * @param batch       batch rows.
 * @param windowSteps lockstep window.
 * @param threads     thread placement of nodes.
 * @param inputs      built-in input sources, sorted by name.
 * @param regions     regions, sorted by name.
 * @param links       links, in id order.
 * @param record      what to record.
 * @param task        the task, or {@code null}.
 * @param phases      the phases (empty: none; then a task runs {@code trials} trials in one phase).
 * @param trials      with a task and no phases: trials to run; {@code null} otherwise.
 * @param trialLimit  stop after this many trials in all ({@code --trials}); Long.MAX_VALUE: no limit.
 * @param placement   region → cluster node, where the scenario says.
 * @param memoryBytes each region's estimated memory, bytes (what the loader checked against this JVM's limit).
 */
public record Scenario(
    String name, String source, String text, List<String> overrides, Map<String, Object> resolved, long seed,
    double dtMs, long steps, int batch, int windowSteps, ThreadMode threads, List<InputSpec> inputs,
    List<RegionSpec> regions, List<LinkSpec> links, RecordSpec record, TaskSpec task, List<PhaseSpec> phases,
    Long trials, long trialLimit, Map<String, String> placement, Map<String, Long> memoryBytes)
{
    /** @return a copy that runs {@code newSteps} steps instead. */
    public Scenario withSteps(final long newSteps)
    {
        return new Scenario(name, source, text, overrides, resolved, seed, dtMs, newSteps, batch, windowSteps, threads,
            inputs, regions, links, record, task, phases, trials, trialLimit, placement, memoryBytes);
    }

    /** @return a copy that stops after {@code limit} trials in all. */
    public Scenario withTrialLimit(final long limit)
    {
        return new Scenario(name, source, text, overrides, resolved, seed, dtMs, steps, batch, windowSteps, threads,
            inputs, regions, links, record, task, phases, trials, limit, placement, memoryBytes);
    }

    /** @return a copy with another thread placement. */
    public Scenario withThreads(final ThreadMode mode)
    {
        return new Scenario(name, source, text, overrides, resolved, seed, dtMs, steps, batch, windowSteps, mode,
            inputs, regions, links, record, task, phases, trials, trialLimit, placement, memoryBytes);
    }

    /** @return whether a task's schedule, not a step count, says when the run ends. */
    public boolean taskDriven()
    {
        return task != null && steps == Long.MAX_VALUE;
    }

    /** @return every node name: the task, inputs, then regions. */
    public List<String> nodeNames()
    {
        final List<String> names = new ArrayList<>();
        if (task != null)
        {
            names.add(TaskSpec.NODE);
        }
        inputs.forEach(i -> names.add(i.name()));
        regions.forEach(r -> names.add(r.name()));
        return names;
    }

    /** @return the region named {@code name}, or {@code null}. */
    public RegionSpec region(final String name)
    {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
