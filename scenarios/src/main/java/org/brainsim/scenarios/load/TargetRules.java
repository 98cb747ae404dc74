package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.regions.network.Models;
import org.brainsim.regions.rules.Rules;
import org.brainsim.scenarios.spec.InputSpec;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a region learns from, across sections: its objectives against its target and error links. Every learning
 * region learns from exactly one of: a target link (read by an objective such as supervised), an error link
 * (online, when its rule can), or objectives that read no link; a target link is as wide as the readout; a region
 * without a rule takes neither. Settles each region's objectives: without an {@code objective} key, a region with a
 * target link is supervised and one with an error link has none.
 */
public final class TargetRules
{
    private TargetRules()
    {
    }

    /** @return the regions with their objectives settled (problems reported through {@code check}). */
    public static List<RegionSpec> settle(
        final ConfigChecker check, final ConfigObject root, final List<InputSpec> inputs, final List<RegionSpec> regions,
        final List<LinkSpec> links, final Task task, final Set<String> objectivesGiven)
    {
        final Map<String, Integer> widths = new HashMap<>();
        if (task != null)
        {
            widths.put(TaskSpec.NODE, task.outputWidth()); // what its target links carry
        }
        inputs.forEach(i -> widths.put(i.name(), i.size()));
        regions.forEach(r -> widths.put(r.name(), r.size()));
        final Predictions.Sources sources = new Predictions.Sources(inputs, regions, task);
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        final ConfigObject regionObjects = (ConfigObject)root.get("regions");
        final List<RegionSpec> settled = new ArrayList<>();
        for (final RegionSpec region : regions)
        {
            final List<LinkSpec> targets = into(links, region, LinkSpec.Kind.TARGET);
            final List<LinkSpec> errors = into(links, region, LinkSpec.Kind.ERROR);
            final ConfigOrigin regionOrigin = regionObjects.get(region.name()).origin();
            final String path = "regions." + region.name();
            // Declared links count even when they have problems of their own (reported once, there).
            final boolean hasInput = LinkReader.declared(root, LinkSpec.Kind.ACTIVITY, region.name()) ||
                LinkReader.declared(root, LinkSpec.Kind.OBSERVATION, region.name());
            if ((region.learns() || region.isSpiking()) && !hasInput)
            {
                check.problem(regionOrigin, path, "a " + (region.learns() ? "learning" : "spiking") + " region needs " +
                    "at least one activity link into it");
            }
            for (final LinkSpec e : errors)
            {
                checkError(check, linkObjects.get(e.name()).origin(), e, region, regions, links, !targets.isEmpty(),
                    regionObjects.containsKey(e.from()));
                checkErrorDelay(check, RegionReader.origin(regionObjects, region.name(), "error_delay_steps"), e, region,
                    region.trialSteps() > 0 || task == null ? region.trialSteps() : task.maxTrialSteps());
            }
            final boolean fromTask = targets.stream().anyMatch(l -> TaskSpec.NODE.equals(l.from()));
            final boolean given = objectivesGiven.contains(region.name());
            final List<LinkSpec> gradients = into(links, region, LinkSpec.Kind.GRADIENT);
            if (!gradients.isEmpty() || LinkReader.declared(root, LinkSpec.Kind.GRADIENT, region.name()))
            {
                // a declared gradient link with problems of its own (reported there) still says what the region learns from
                GradientRules.check(check, linkObjects, regionObjects, region, gradients, regions, links, given);
                if (root.get("task") == null)
                {
                    requireTrialSteps(check, regionOrigin, region); // with a task, its trials are the task's
                }
                settled.add(settle(check, region, List.of()));
                continue;
            }
            if (!errors.isEmpty())
            {
                if (errors.size() > 1)
                {
                    check.problem(regionOrigin, path, "at most one error link may come in, found " + errors.size());
                }
                if (given && region.learns())
                {
                    check.problem(RegionReader.origin(regionObjects, region.name(), "objective"), path + ".objective",
                        "the region learns online from its error link, so it takes no objective");
                }
                if (root.get("task") == null)
                {
                    requireTrialSteps(check, regionOrigin, region); // with a task, its trials are the task's
                }
                settled.add(settle(check, region, List.of()));
                continue;
            }
            if (!region.learns())
            {
                for (final LinkSpec t : targets)
                {
                    check.problem(linkObjects.get(t.name()).origin(), "links." + t.name() + ".kind", "region '" +
                        region.name() + "' has no rule, so it takes no target (give it a rule, or kind = activity)");
                }
                settled.add(settle(check, region, List.of()));
                continue;
            }
            List<ObjectiveSpec> objectives = objectives(check, regionObjects, region, targets, given, widths,
                linkObjects);
            if (objectives != null)
            {
                objectives = Predictions.resolve(check, regionObjects, linkObjects, region, objectives, links, sources);
            }
            if (objectives != null && (targets.isEmpty() || !fromTask) && root.get("task") == null)
            {
                requireTrialSteps(check, regionOrigin, region); // with a task, its trials are the task's
            }
            final RegionSpec done = settle(check, region, objectives == null ? region.objectives() : objectives);
            final boolean outputsGiven = regionObjects.get(region.name()) instanceof ConfigObject ro &&
                ro.get("outputs") != null;
            settled.add(Predictions.onlyPredicts(done, links) && !outputsGiven ? outputs(check, done, 0) : done);
        }
        return Predictions.finish(check, root, settled, links);
    }

    /** @return the region with {@code n} target/action readout units, as the resolved scenario records it. */
    private static RegionSpec outputs(final ConfigChecker check, final RegionSpec region, final int n)
    {
        check.record("regions." + region.name(), "outputs", n);
        return region.withOutputs(n);
    }

    private static RegionSpec settle(final ConfigChecker check, final RegionSpec region, final List<ObjectiveSpec> objectives)
    {
        check.record("regions." + region.name(), "objectives", RegionReader.render(objectives));
        return region.withObjectives(objectives);
    }

    private static List<LinkSpec> into(final List<LinkSpec> links, final RegionSpec region, final LinkSpec.Kind kind)
    {
        return links.stream().filter(l -> l.kind() == kind && l.to().equals(region.name())).toList();
    }

    private static void requireTrialSteps(final ConfigChecker check, final ConfigOrigin origin, final RegionSpec region)
    {
        if (region.trialSteps() == 0)
        {
            check.problem(origin, "regions." + region.name() + ".trial_steps", "missing (required: an integer >= 1, " +
                "the trial length, unless the scenario has a task, whose trials the region then follows)");
        }
    }

    private static void checkError(
        final ConfigChecker check, final ConfigOrigin origin, final LinkSpec e, final RegionSpec region,
        final List<RegionSpec> regions, final List<LinkSpec> links, final boolean hasTarget,
        final boolean declaredRegion)
    {
        final RegionSpec source = regions.stream().filter(r -> r.name().equals(e.from())).findFirst().orElse(null);
        if (source == null && declaredRegion)
        {
            return; // a region with problems of its own, reported there
        }
        final boolean sourceHasTarget = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.TARGET &&
            l.to().equals(e.from()));
        final boolean sourcePredicts = source != null && source.objectives().stream().anyMatch(o -> o.predict() != null);
        if (source == null || !source.learns() || !sourceHasTarget && !sourcePredicts)
        {
            check.problem(origin, "links." + e.name() + ".from", "'" + e.from() + "' emits no error: an error link " +
                "starts at a learning region with a target link or a predictive objective");
        }
        if (region.rule() == null || !region.rule().learnsOnline(region.model()))
        {
            check.problem(origin, "links." + e.name() + ".to", "region '" + region.name() + "' cannot learn from an " +
                "error link (only regions whose rule learns online do: " + online() + ")");
        }
        else if (source != null && hasTarget)
        {
            check.problem(origin, "links." + e.name() + ".to", "region '" + region.name() + "' has a target link too: " +
                "it learns from one or the other");
        }
    }

    /** An error about step t arrives error_delay_steps later; the trace ring pairs it only within the trial. */
    private static void checkErrorDelay(
        final ConfigChecker check, final ConfigOrigin delayOrigin, final LinkSpec e, final RegionSpec region,
        final int trialSteps)
    {
        if (region.learns() && trialSteps > 0 && region.errorDelaySteps() >= trialSteps)
        {
            check.problem(delayOrigin, "regions." + region.name() + ".error_delay_steps", region.errorDelaySteps() +
                " is too long: the ring of eligibility traces holds the trial's steps, at most trial_steps - 1 = " +
                (trialSteps - 1) + " steps back (an error arriving later would miss the trial's update)");
        }
        if (region.errorDelaySteps() < e.delaySteps())
        {
            check.problem(delayOrigin, "regions." + region.name() + ".error_delay_steps", region.errorDelaySteps() +
                " is shorter than the error link's delay_steps = " + e.delaySteps() + " (expected: the activity " +
                "delay to '" + e.from() + "' plus the error link's delay, at least " + e.delaySteps() + ")");
        }
    }

    /** @return the (rule, models) pairs that learn online, e.g. "eprop with lif, alif". */
    private static String online()
    {
        final List<String> pairs = new ArrayList<>();
        Rules.REGISTRY.all().forEach(r ->
        {
            final List<String> models = Models.REGISTRY.all().stream().filter(r::learnsOnline).map(m -> m.name()).toList();
            if (!models.isEmpty())
            {
                pairs.add("rule = " + r.name() + " with model " + String.join(", ", models));
            }
        });
        return String.join("; ", pairs);
    }

    /** @return a learning region's objectives against its target links, or {@code null} after a problem. */
    private static List<ObjectiveSpec> objectives(
        final ConfigChecker check, final ConfigObject regionObjects, final RegionSpec region, final List<LinkSpec> targets,
        final boolean given, final Map<String, Integer> widths, final ConfigObject linkObjects)
    {
        final String key = regionObjects.get(region.name()) instanceof ConfigObject o && o.get("objectives") != null ?
            "objectives" : "objective";
        final ConfigOrigin origin = RegionReader.origin(regionObjects, region.name(), key);
        final String path = "regions." + region.name();
        if (!given && targets.isEmpty())
        {
            check.problem(RegionReader.origin(regionObjects, region.name(), "rule"), path + ".rule", "a learning " +
                "region needs exactly one link with kind = target into it, found 0 (or an error link to learn from " +
                "online, or objectives that read no target)");
            return null;
        }
        boolean ok = true;
        for (final ObjectiveSpec o : region.objectives())
        {
            if (!o.type().appliesTo(region.isSpiking()))
            {
                check.problem(origin, path + "." + key, "objective " + o.type().name() + " does not apply to model " +
                    region.model().name() + " (" + o.type().description() + ")");
                ok = false;
            }
        }
        final boolean readsTarget = region.objectives().stream()
            .anyMatch(o -> o.type().inputs().contains(ObjectiveInput.TARGET));
        if (readsTarget && targets.size() != 1)
        {
            check.problem(given ? origin : RegionReader.origin(regionObjects, region.name(), "rule"),
                path + (given ? "." + key : ".rule"), "a learning region needs exactly one link with kind = target " +
                    "into it, found " + targets.size());
            return null;
        }
        if (!readsTarget && !targets.isEmpty())
        {
            check.problem(linkObjects.get(targets.get(0).name()).origin(), "links." + targets.get(0).name() + ".to",
                "no objective of region '" + region.name() + "' reads a target (" + region.objectives().stream()
                    .map(o -> o.type().name()).toList() + "): remove the link or add a supervised objective");
            return null;
        }
        if (readsTarget)
        {
            final LinkSpec target = targets.get(0);
            final Integer width = widths.get(target.from());
            if (width != null && width != region.outputs())
            {
                check.problem(linkObjects.get(target.name()).origin(), "links." + target.name() + ".from",
                    "target '" + target.from() + "' has " + width + " units but region '" + region.name() +
                        "' has outputs = " + region.outputs() + " (they must match)");
                return null;
            }
        }
        return ok ? region.objectives() : null;
    }
}
