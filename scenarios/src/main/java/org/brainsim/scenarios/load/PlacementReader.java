package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code placement { region = node-name }}: which cluster node runs a region (cluster runs only; node names
 * are checked when the run is submitted, against the nodes that are up).
 */
public final class PlacementReader
{
    private PlacementReader()
    {
    }

    public static Map<String, String> read(final ConfigChecker check, final ConfigObject root, final Set<String> regions)
    {
        final Map<String, String> placement = new TreeMap<>();
        final ConfigObject object = check.object(root, "", "placement", false);
        if (object == null)
        {
            return placement;
        }
        for (final String region : new TreeSet<>(object.keySet()))
        {
            final ConfigValue value = object.get(region);
            if (!regions.contains(region))
            {
                check.problem(value.origin(), "placement." + region, "no such region (regions: " +
                    String.join(", ", regions) + "); only regions are placed: the task and inputs run where the " +
                    "run is submitted");
                continue;
            }
            if (value.valueType() != ConfigValueType.STRING || String.valueOf(value.unwrapped()).isBlank())
            {
                check.problem(value.origin(), "placement." + region, "expected a node name (as given to brainsim " +
                    "node --name), got " + value.render());
                continue;
            }
            placement.put(region, String.valueOf(value.unwrapped()));
            check.record("placement", region, String.valueOf(value.unwrapped()));
        }
        return placement;
    }
}
