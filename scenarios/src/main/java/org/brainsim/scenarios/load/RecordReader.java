package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.scenarios.spec.RecordSpec;

import java.util.List;
import java.util.Set;

/** Reads a scenario's {@code record} section: which nodes, steps, trials and rows are written. */
public final class RecordReader
{
    static final List<String> KEYS = List.of("nodes", "every_steps", "every_trials", "rows", "weights_every_trials");

    private RecordReader()
    {
    }

    /**
     * @param nodes every node that can be recorded (the task, inputs, regions).
     * @param batch the batch size, or {@code null} when it has a problem of its own.
     */
    public static RecordSpec read(
        final ConfigChecker check, final ConfigObject root, final Set<String> nodes, final boolean hasTask,
        final Long batch)
    {
        final int batchRows = batch == null ? 1 : batch.intValue();
        final ConfigObject o = check.object(root, "", "record", false);
        if (o != null)
        {
            check.onlyKeys(o, "record", KEYS);
        }
        final ConfigObject read = o == null ? com.typesafe.config.ConfigFactory.empty().root() : o;
        final List<String> listed = check.strings(read, "record", "nodes", List.copyOf(nodes));
        final Long every = check.integer(read, "record", "every_steps", 1L, 1, Integer.MAX_VALUE);
        final Long everyTrials = check.integer(read, "record", "every_trials", 1L, 0, Integer.MAX_VALUE);
        final Long rows = check.integer(read, "record", "rows", (long)batchRows, 1, batchRows);
        final Long weights = check.integer(read, "record", "weights_every_trials", 0L, 0, Integer.MAX_VALUE);
        for (final String key : List.of("every_trials", "weights_every_trials"))
        {
            if (!hasTask && read.get(key) != null)
            {
                check.problem(read.get(key).origin(), "record." + key, "counts a task's trials: add a task " +
                    "{ name = … } section (without a task, use every_steps)");
            }
        }
        if (listed != null)
        {
            for (final String node : listed)
            {
                if (!nodes.contains(node))
                {
                    check.problem(read.get("nodes").origin(), "record.nodes",
                        "no input or region named '" + node + "' (known: " + String.join(", ", nodes) + ")");
                }
            }
        }
        return new RecordSpec(listed == null ? List.of() : listed, every == null ? 1 : every.intValue(),
            everyTrials == null ? 1 : everyTrials.intValue(), rows == null ? batchRows : rows.intValue(),
            weights == null ? 0 : weights.intValue());
    }
}
