package org.brainsim.scenarios.spec;

import org.brainsim.scenarios.tasks.TaskFactory;
import org.brainsim.settings.ParamValues;

/**
 * The scenario's task: a registered task and its parameters (checked, defaults filled in). The task environment
 * is a node named {@link #NODE} in the graph.
 *
 * @param factory the task's registry entry.
 * @param params  every parameter of the task.
 */
public record TaskSpec(TaskFactory factory, ParamValues params)
{
    /** The task environment's node name, which links use as {@code from}/{@code to}. */
    public static final String NODE = "task";

    /** @return the task's registry name. */
    public String name()
    {
        return factory.name();
    }
}
