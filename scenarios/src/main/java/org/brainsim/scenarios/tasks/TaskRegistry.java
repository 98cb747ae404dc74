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
        new RandomWalkTask.Factory());

    private TaskRegistry()
    {
    }
}
