package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.settings.Names;

import java.util.List;
import java.util.Set;

/**
 * The rules that tie links to their ends and to the task environment: which kinds may start or end where, one
 * action link at most, widths that match the task's, and equal delays for everything the task sends one region (so
 * that a trial's observations and its supervision arrive at the same step).
 */
public final class LinkRules
{
    private LinkRules()
    {
    }

    /** @return whether a link's kind fits its ends (a problem is reported when not). */
    static boolean kindFits(
        final ConfigChecker check, final ConfigObject o, final String path, final LinkSpec.Kind kind, final String from,
        final String to, final boolean hasTask, final Set<String> regionNames)
    {
        final boolean fromTask = hasTask && TaskSpec.NODE.equals(from);
        if (!kind.consumed())
        {
            check.problem(o.get("kind").origin(), path + ".kind", "no region model consumes " + Names.of(kind) +
                " links yet (they come with the reward-based objectives); allowed here: " +
                String.join(", ", LinkSpec.Kind.usableNames()));
            return false;
        }
        switch (kind)
        {
            case OBSERVATION ->
            {
                if (!fromTask)
                {
                    check.problem(o.get("from").origin(), path + ".from", "an observation link starts at the task " +
                        "(from = task)" + (hasTask ? "" : "; this scenario has no task section"));
                    return false;
                }
            }
            case ACTION ->
            {
                if (!regionNames.contains(from) || !(hasTask && TaskSpec.NODE.equals(to)))
                {
                    check.problem(o.get("kind").origin(), path + ".kind", "an action link goes from a region to " +
                        "the task (from = <region>, to = task)" + (hasTask ? "" : "; this scenario has no task section"));
                    return false;
                }
            }
            case ERROR ->
            {
                if (fromTask)
                {
                    check.problem(o.get("from").origin(), path + ".from", "the task emits no error (allowed from " +
                        "task: observation, target)");
                    return false;
                }
            }
            case GRADIENT ->
            {
                if (!regionNames.contains(from))
                {
                    check.problem(o.get("from").origin(), path + ".from", "a gradient link starts at the region " +
                        "whose loss it carries back, not at '" + from + "'");
                    return false;
                }
            }
            case ACTIVITY ->
            {
                if (fromTask)
                {
                    check.problem(o.get("kind").origin(), path + ".kind", "links from the task carry observation " +
                        "or target (use kind = observation)");
                    return false;
                }
            }
            default ->
            {
                // target: from an input (its values) or from the task (its supervision); checked with the regions
            }
        }
        return true;
    }

    /** Checks the links of the scenario as a whole against the task. */
    public static void checkTask(
        final ConfigChecker check, final ConfigObject root, final List<RegionSpec> regions, final List<LinkSpec> links,
        final Task task, final boolean hasTask)
    {
        if (!hasTask)
        {
            return;
        }
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        final List<LinkSpec> actions = links.stream().filter(l -> l.kind() == LinkSpec.Kind.ACTION).toList();
        if (actions.size() > 1)
        {
            check.problem(linkObjects.get(actions.get(1).name()).origin(), "links." + actions.get(1).name(),
                "at most one action link may go to the task (it scores one region's readout), found " + actions.size());
        }
        if (links.stream().noneMatch(l -> TaskSpec.NODE.equals(l.from())))
        {
            check.problem(root.get("task").origin(), "task", "nothing links from the task: add a link with " +
                "from = task, kind = observation (and kind = target for the region it trains)");
        }
        for (final LinkSpec action : actions)
        {
            final RegionSpec region = regions.stream().filter(r -> r.name().equals(action.from())).findFirst().orElse(null);
            if (region != null && !region.learns())
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "region '" + region.name() + "' has no rule, so no readout to send (give it a rule)");
            }
            else if (region != null && task != null && region.outputs() != task.outputWidth())
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "region '" + region.name() + "' has outputs = " + region.outputs() + " but the task " +
                        "expects " + task.outputWidth() + " (they must match)");
            }
        }
        for (final RegionSpec region : regions)
        {
            final List<LinkSpec> fromTask = links.stream()
                .filter(l -> TaskSpec.NODE.equals(l.from()) && l.to().equals(region.name())).toList();
            if (fromTask.stream().mapToInt(LinkSpec::delaySteps).distinct().count() > 1)
            {
                check.problem(linkObjects.get(fromTask.get(1).name()).origin(), "links." + fromTask.get(1).name() +
                    ".delay_steps", "every link from the task to region '" + region.name() + "' needs the same " +
                    "delay_steps, so a trial's observations and its target arrive together (found " +
                    fromTask.stream().map(l -> l.name() + " = " + l.delaySteps()).toList() + ")");
            }
        }
    }
}
