package org.brainsim.scenarios;

import java.util.Map;

/**
 * The scenario's task: a registered task by name and its parameters (checked, defaults filled in). The task
 * environment is a node named {@link #NODE} in the graph.
 *
 * @param name   the task's registry name.
 * @param params every parameter of the task.
 */
public record TaskSpec(String name, Map<String, Double> params)
{
    /** The task environment's node name, which links use as {@code from}/{@code to}. */
    public static final String NODE = "task";

    public TaskSpec
    {
        params = Map.copyOf(params);
    }
}
