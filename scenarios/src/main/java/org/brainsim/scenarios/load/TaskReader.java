package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskFactory;
import org.brainsim.scenarios.tasks.TaskRegistry;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.ArrayList;
import java.util.List;

/** Reads a scenario's {@code task} section: a registered task by name and its parameters. */
public final class TaskReader
{
    private TaskReader()
    {
    }

    /** @return the task, or {@code null} when there is none or it has problems. */
    public static TaskSpec read(final ConfigChecker check, final ConfigObject root)
    {
        final ConfigObject o = check.object(root, "", "task", false);
        if (o == null)
        {
            return null;
        }
        final String name = check.string(o, "task", "name", null, TaskRegistry.REGISTRY.names());
        if (name == null)
        {
            return null;
        }
        final TaskFactory factory = TaskRegistry.REGISTRY.find(name).orElseThrow();
        final List<String> keys = new ArrayList<>(List.of("name"));
        factory.params().forEach(p -> keys.add(p.key()));
        check.onlyKeys(o, "task", keys);
        final ParamValues values = new ParamReader(check).params(o, "task", factory.params(), ParamValues.EMPTY);
        return values == null ? null : new TaskSpec(factory, values);
    }

    /** @return the task made from its checked parameters, or {@code null} (with a problem when they cannot work). */
    public static Task instance(
        final ConfigChecker check, final ConfigObject root, final TaskSpec spec, final Double dtMs, final Long batch)
    {
        if (spec == null || dtMs == null || batch == null)
        {
            return null;
        }
        try
        {
            return spec.factory().create(spec.params(), dtMs, batch.intValue());
        }
        catch (final IllegalArgumentException ex)
        {
            check.problem(root.get("task").origin(), "task", ex.getMessage());
            return null;
        }
    }

    /** @return the parameter {@code key} of a task (for messages and tools). */
    static Param<?> param(final TaskFactory factory, final String key)
    {
        return factory.params().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
    }
}
