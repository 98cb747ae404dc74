package org.brainsim.scenarios;

import org.brainsim.regions.lockstep.ThreadMode;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated scenario: plain data, separate from the run that executes it. Build one with
 * {@link ScenarioLoader}.
 *
 * @param name        scenario name (file name without extension unless given).
 * @param source      the file it came from, as given.
 * @param text        the file's text, verbatim (kept in the manifest).
 * @param overrides   {@code key=value} overrides applied on top, in order.
 * @param resolvedJson the effective configuration after overrides, as JSON.
 * @param seed        the seed every random stream derives from.
 * @param dtMs        step length in ms.
 * @param steps       steps to run.
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
 */
public record Scenario(
    String name, String source, String text, List<String> overrides, String resolvedJson, long seed, double dtMs,
    long steps, int batch, int windowSteps, ThreadMode threads, List<InputSpec> inputs, List<RegionSpec> regions,
    List<LinkSpec> links, RecordSpec record, TaskSpec task, List<PhaseSpec> phases, Long trials, long trialLimit,
    java.util.Map<String, String> placement)
{
    /** @return a copy that runs {@code newSteps} steps instead. */
    public Scenario withSteps(final long newSteps)
    {
        return new Scenario(name, source, text, overrides, resolvedJson, seed, dtMs, newSteps, batch, windowSteps,
            threads, inputs, regions, links, record, task, phases, trials, trialLimit, placement);
    }

    /** @return a copy that stops after {@code limit} trials in all. */
    public Scenario withTrialLimit(final long limit)
    {
        return new Scenario(name, source, text, overrides, resolvedJson, seed, dtMs, steps, batch, windowSteps,
            threads, inputs, regions, links, record, task, phases, trials, limit, placement);
    }

    /** @return a copy with another thread placement. */
    public Scenario withThreads(final ThreadMode mode)
    {
        return new Scenario(name, source, text, overrides, resolvedJson, seed, dtMs, steps, batch, windowSteps, mode,
            inputs, regions, links, record, task, phases, trials, trialLimit, placement);
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
}
