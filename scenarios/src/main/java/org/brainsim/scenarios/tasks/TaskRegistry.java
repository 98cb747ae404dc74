package org.brainsim.scenarios.tasks;

import org.brainsim.settings.Registry;

/**
 * The tasks a scenario can name. A new task adds its factory here; nothing else changes.
 */
public final class TaskRegistry
{
    public static final Registry<TaskFactory> REGISTRY = Registry.of(TaskFactory::name,
        new EvidenceAccumulation.Factory(),
        new PatternGenerationTask.Factory(),
        new HiddenMarkovTask.Factory(),
        new DelayedNonMatchTask.Factory(),
        new BanditTask.Factory(),
        new EvidenceRewardTask.Factory(),
        new TwoStepTask.Factory(),
        new RandomWalkTask.Factory(),
        new DevaluationTask.Factory());

    /** @return the names of the tasks whose outcomes a phase may devalue or withhold. */
    public static java.util.List<String> withOutcomes()
    {
        return REGISTRY.all().stream().filter(TaskFactory::outcomes).map(TaskFactory::name).toList();
    }

    private TaskRegistry()
    {
    }
}
