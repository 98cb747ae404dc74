package org.brainsim.scenarios.tasks;

import java.util.List;
import java.util.Map;

/**
 * What a phase changes in the task's world (issue 14; reference tasks.md §5.2), for the tasks that have outcomes:
 *
 * @param exposed    the outcomes devalued in this phase ({@code devalue = [...]}): its trials present them outside the
 *                   action context, at their new value, so that what was learned about the actions that lead to them
 *                   is not touched; empty in every other phase.
 * @param values     the value of each outcome devalued so far (in this phase or an earlier one); a devaluation lasts.
 * @param extinction whether outcomes are withheld ({@code extinction = true}): actions are taken, nothing follows.
 */
public record TaskConditions(List<String> exposed, Map<String, Double> values, boolean extinction)
{
    /** The world as the task defines it. */
    public static final TaskConditions NONE = new TaskConditions(List.of(), Map.of(), false);

    public TaskConditions
    {
        exposed = List.copyOf(exposed);
        values = Map.copyOf(values);
    }
}
