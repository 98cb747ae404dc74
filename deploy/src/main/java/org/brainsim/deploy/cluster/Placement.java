package org.brainsim.deploy.cluster;

import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.OutputWidths;
import org.brainsim.scenarios.spec.RegionSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which node runs each region: the scenario's {@code placement} where it says, otherwise the region goes to the
 * node with the least cost so far, largest regions first (cost: synapses onto the region, {@code n·(n + inputs)}).
 * Deterministic: the same scenario and node names give the same placement. The task and inputs are not placed:
 * they run in the submitting JVM.
 */
public final class Placement
{
    private Placement()
    {
    }

    /** A placement the cluster cannot satisfy. */
    public static final class Unsatisfiable extends Exception
    {
        public Unsatisfiable(final String message)
        {
            super(message);
        }
    }

    /** @return the cost of running {@code region}: its synapses (recurrent and inbound). */
    public static long cost(final Scenario scenario, final RegionSpec region)
    {
        final Map<String, Integer> widths = OutputWidths.of(null, scenario.inputs(), scenario.regions());
        long inbound = 0;
        for (final LinkSpec link : scenario.links())
        {
            if (link.to().equals(region.name()))
            {
                inbound += widths.getOrDefault(link.source(), 1);
            }
        }
        return (long)region.size() * (region.size() + inbound);
    }

    /**
     * @param nodes the names of the nodes that take regions.
     * @return region → node name, in the scenario's region order.
     * @throws Unsatisfiable when there is no node, or the scenario names a node that is not up.
     */
    public static LinkedHashMap<String, String> place(final Scenario scenario, final List<String> nodes)
        throws Unsatisfiable
    {
        if (nodes.isEmpty())
        {
            throw new Unsatisfiable("no node of the cluster takes regions (start one: brainsim node)");
        }
        final List<String> sorted = nodes.stream().sorted().toList();
        final Map<String, Long> load = new LinkedHashMap<>();
        sorted.forEach(n -> load.put(n, 0L));
        final Map<String, String> chosen = new TreeMap<>();
        for (final Map.Entry<String, String> e : scenario.placement().entrySet())
        {
            if (!load.containsKey(e.getValue()))
            {
                throw new Unsatisfiable(scenario.source() + ": placement." + e.getKey() + ": node " + e.getValue() +
                    " is not up (nodes up: " + String.join(", ", sorted) + ")");
            }
            chosen.put(e.getKey(), e.getValue());
            final RegionSpec region = scenario.regions().stream().filter(r -> r.name().equals(e.getKey())).findFirst()
                .orElseThrow();
            load.merge(e.getValue(), cost(scenario, region), Long::sum);
        }
        final List<RegionSpec> rest = new ArrayList<>(scenario.regions().stream()
            .filter(r -> !chosen.containsKey(r.name())).toList());
        rest.sort(Comparator.comparingLong((RegionSpec r) -> -cost(scenario, r)).thenComparing(RegionSpec::name));
        for (final RegionSpec region : rest)
        {
            String best = null;
            for (final String node : sorted)
            {
                if (best == null || load.get(node) < load.get(best))
                {
                    best = node;
                }
            }
            chosen.put(region.name(), best);
            load.merge(best, cost(scenario, region), Long::sum);
        }
        final LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
        scenario.regions().forEach(r -> ordered.put(r.name(), chosen.get(r.name())));
        return ordered;
    }
}
