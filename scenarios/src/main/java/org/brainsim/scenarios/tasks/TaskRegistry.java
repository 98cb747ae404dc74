package org.brainsim.scenarios.tasks;

import java.util.List;
import java.util.Optional;

/**
 * The tasks a scenario can name. A new task adds its factory here; nothing else changes.
 */
public final class TaskRegistry
{
    private static final List<TaskFactory> ALL = List.of(new EvidenceAccumulation.Factory(),
        new PatternGenerationTask.Factory());

    private TaskRegistry()
    {
    }

    /** @return every registered task, in a fixed order. */
    public static List<TaskFactory> all()
    {
        return ALL;
    }

    /** @return the names, in the same order. */
    public static List<String> names()
    {
        return ALL.stream().map(TaskFactory::name).toList();
    }

    public static Optional<TaskFactory> find(final String name)
    {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
