package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.objectives.rl.Arbiter;
import org.brainsim.objectives.rl.ModelBased;
import org.brainsim.objectives.rl.ModelFree;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;

import java.util.List;

/**
 * The rules of arbitration (issue 14): a {@code values} link goes from a controller (a region with a
 * {@code model-free} or {@code model-based} objective) to an arbiter (a region with {@code objective = arbiter});
 * an arbiter takes exactly two, one from each kind of controller, over the same number of actions as its own
 * outputs, and both controllers decide on the task's steps at the same delay (their values then line up).
 */
final class ArbiterRules
{
    private ArbiterRules()
    {
    }

    static void check(final ConfigChecker check, final ConfigObject root, final List<RegionSpec> regions,
                      final List<LinkSpec> links)
    {
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        final ConfigObject regionObjects = root.get("regions") instanceof ConfigObject ro ? ro : null;
        if (linkObjects == null || regionObjects == null)
        {
            return;
        }
        for (final LinkSpec values : links)
        {
            if (values.kind() != LinkSpec.Kind.VALUES)
            {
                continue;
            }
            final RegionSpec from = find(regions, values.from());
            final RegionSpec to = find(regions, values.to());
            if (from != null && !controller(from))
            {
                check.problem(linkObjects.get(values.name()).origin(), "links." + values.name() + ".from", "region '" +
                    from.name() + "' offers no action values (objective = model-free or model-based does)");
            }
            else if (to != null && !has(to, Arbiter.TYPE.name()))
            {
                check.problem(linkObjects.get(values.name()).origin(), "links." + values.name() + ".to", "region '" +
                    to.name() + "' does not arbitrate (objective = arbiter reads values links)");
            }
        }
        for (final RegionSpec arbiter : regions)
        {
            if (!has(arbiter, Arbiter.TYPE.name()))
            {
                continue;
            }
            final String path = "regions." + arbiter.name() + ".objective";
            final com.typesafe.config.ConfigOrigin origin = RegionReader.origin(regionObjects, arbiter.name(),
                "objective");
            final List<LinkSpec> in = links.stream().filter(l -> l.kind() == LinkSpec.Kind.VALUES &&
                l.to().equals(arbiter.name())).toList();
            final List<RegionSpec> controllers = in.stream().map(l -> find(regions, l.from())).toList();
            if (in.size() != 2 || controllers.stream().filter(c -> c != null && has(c, ModelBased.TYPE.name())).count()
                != 1 || controllers.stream().filter(c -> c != null && has(c, ModelFree.TYPE.name())).count() != 1)
            {
                check.problem(origin, path, "an arbiter takes two values links, one from a region with objective = " +
                    "model-based and one from a region with objective = model-free; found " + in.size() + " (" +
                    in.stream().map(LinkSpec::name).toList() + ")");
                continue;
            }
            for (final RegionSpec c : controllers)
            {
                if (c.outputs() != arbiter.outputs())
                {
                    check.problem(RegionReader.origin(regionObjects, c.name(), "outputs"), "regions." + c.name() +
                        ".outputs", "the arbiter '" + arbiter.name() + "' chooses among " + arbiter.outputs() +
                        " actions, the controller '" + c.name() + "' values " + c.outputs() + ": value streams of " +
                        "different action counts cannot be compared");
                }
            }
            final int d0 = LinkSpec.decisionDelay(links, controllers.get(0).name()) + in.get(0).delaySteps();
            final int d1 = LinkSpec.decisionDelay(links, controllers.get(1).name()) + in.get(1).delaySteps();
            if (d0 != d1)
            {
                final LinkSpec late = d0 > d1 ? in.get(0) : in.get(1);
                check.problem(linkObjects.get(late.name()).origin(), "links." + late.name() + ".delay_steps",
                    "both controllers' values must reach the arbiter '" + arbiter.name() + "' the same number of steps " +
                    "after the task emitted the state they value (their task link's delay plus their values link's): " +
                    "found " + Math.max(d0, d1) + " here and " + Math.min(d0, d1) + " for the other");
            }
            if (links.stream().noneMatch(l -> l.kind() == LinkSpec.Kind.ACTION && l.from().equals(arbiter.name()) &&
                TaskSpec.NODE.equals(l.to())))
            {
                check.problem(origin, path, "the arbiter '" + arbiter.name() + "' chooses the task's actions: add a " +
                    "link with from = " + arbiter.name() + ", to = task, kind = action");
            }
        }
    }

    private static boolean controller(final RegionSpec region)
    {
        return has(region, ModelBased.TYPE.name()) || has(region, ModelFree.TYPE.name());
    }

    private static boolean has(final RegionSpec region, final String objective)
    {
        return region.objectives().stream().anyMatch(o -> o.type().name().equals(objective));
    }

    private static RegionSpec find(final List<RegionSpec> regions, final String name)
    {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
