package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import org.brainsim.scenarios.spec.InputKind;
import org.brainsim.scenarios.spec.InputSpec;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.spec.OutputWidths;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.settings.Names;

import java.util.ArrayList;
import java.util.List;

/**
 * Settles what each predictive term predicts once the links are known: {@code predict.link} names an activity or
 * observation link into the region (or {@code self}); the term predicts as many values per row as that link
 * carries, and spikes when its source spikes.
 */
final class Predictions
{
    private Predictions()
    {
    }

    /** @return whether the region's objectives predict and none reads a target, and no action leaves it. */
    static boolean onlyPredicts(final RegionSpec region, final List<LinkSpec> links)
    {
        return region.objectives().stream().anyMatch(o -> o.predict() != null) &&
            region.objectives().stream().noneMatch(o -> o.predict() == null && o.emitsError()) &&
            links.stream().noneMatch(l -> l.kind() == LinkSpec.Kind.ACTION && l.from().equals(region.name()));
    }

    /** @return the objectives with their predictions resolved, or {@code null} after a problem. */
    static List<ObjectiveSpec> resolve(
        final ConfigChecker check, final ConfigObject regionObjects, final ConfigObject linkObjects,
        final RegionSpec region, final List<ObjectiveSpec> objectives, final List<LinkSpec> links,
        final Sources sources)
    {
        final List<ObjectiveSpec> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < objectives.size(); i++)
        {
            final ObjectiveSpec o = objectives.get(i);
            if (o.predict() == null)
            {
                out.add(o);
                continue;
            }
            final ObjectiveSpec.Predict p = o.predict();
            final int trial = region.trialSteps() > 0 ? region.trialSteps() : sources.task() == null ? 0 :
                sources.task().maxTrialSteps();
            if (trial > 0 && p.horizon() >= trial)
            {
                check.problem(origin(regionObjects, region.name(), i, "horizon"), path(regionObjects, region.name(), i)
                    .replace(".link", ".horizon"), p.horizon() + " leaves no step to judge: a trial of " + trial +
                    " steps judges its steps t < " + trial + " - horizon (allowed: 1 … " + (trial - 1) + ")");
                ok = false;
                continue;
            }
            if (p.self())
            {
                out.add(o.with(p.resolved(region.size(), region.isSpiking())));
                continue;
            }
            final List<LinkSpec> into = links.stream().filter(l -> l.to().equals(region.name()) && l.isInput()).toList();
            final LinkSpec link = into.stream().filter(l -> l.name().equals(p.link())).findFirst().orElse(null);
            if (link == null && linkObjects != null && linkObjects.containsKey(p.link()) &&
                links.stream().noneMatch(l -> l.name().equals(p.link())))
            {
                ok = false; // a link with problems of its own, reported there
                continue;
            }
            if (link == null)
            {
                final List<String> allowed = new ArrayList<>(List.of(ObjectiveSpec.SELF));
                into.forEach(l -> allowed.add(l.name()));
                final boolean exists = links.stream().anyMatch(l -> l.name().equals(p.link()));
                check.problem(origin(regionObjects, region.name(), i, "link"), path(regionObjects, region.name(), i),
                    "'" + p.link() + "' " + (exists ? "is not an activity or observation link into region '" +
                        region.name() + "'" : "is not a link") + " (allowed: " + String.join(", ", allowed) + ")");
                ok = false;
                continue;
            }
            if (link.signal() != LinkSpec.Signal.ACTIVITY)
            {
                out.add(o); // another region's error or prediction: sized once that region is (see finish)
                continue;
            }
            out.add(o.with(p.resolved(sources.width(link.from()), sources.spikes(link.from()))));
        }
        return ok ? out : null;
    }

    /**
     * Sizes the predictive terms that predict another region's error or prediction, once that region's own terms
     * are sized (in as many passes as the chain is long), and checks that every error or prediction link starts at a
     * region that emits one.
     *
     * @return the regions, sized.
     */
    static List<RegionSpec> finish(
        final ConfigChecker check, final ConfigObject root, final List<RegionSpec> regions, final List<LinkSpec> links)
    {
        final List<RegionSpec> out = new ArrayList<>(regions);
        for (int pass = 0; pass <= out.size(); pass++)
        {
            boolean changed = false;
            for (int r = 0; r < out.size(); r++)
            {
                final RegionSpec region = out.get(r);
                final List<ObjectiveSpec> objectives = new ArrayList<>(region.objectives());
                boolean mine = false;
                for (int i = 0; i < objectives.size(); i++)
                {
                    final ObjectiveSpec.Predict p = objectives.get(i).predict();
                    if (p == null || p.width() > 0)
                    {
                        continue;
                    }
                    final LinkSpec link = links.stream().filter(l -> l.name().equals(p.link())).findFirst().orElse(null);
                    if (link == null)
                    {
                        continue; // reported when the region was settled
                    }
                    final RegionSpec source = out.stream().filter(s -> s.name().equals(link.from())).findFirst()
                        .orElse(null);
                    if (source != null && sized(source))
                    {
                        final int width = OutputWidths.of(null, List.of(), List.of(source)).get(link.source());
                        if (width > 0)
                        {
                            objectives.set(i, objectives.get(i).with(p.resolved(width, false)));
                            mine = true;
                        }
                    }
                }
                if (mine)
                {
                    out.set(r, region.withObjectives(objectives));
                    check.record("regions." + region.name(), "objectives", RegionReader.render(objectives));
                    changed = true;
                }
            }
            if (!changed)
            {
                break;
            }
        }
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        for (final LinkSpec link : links)
        {
            if (link.signal() == LinkSpec.Signal.ACTIVITY)
            {
                continue;
            }
            final RegionSpec source = out.stream().filter(s -> s.name().equals(link.from())).findFirst().orElse(null);
            if (source == null)
            {
                continue; // a region with problems of its own
            }
            final int width = OutputWidths.of(null, List.of(), List.of(source)).get(link.source());
            if (!sized(source) && !cyclic(source, links))
            {
                continue; // its prediction's link has problems of its own, reported there
            }
            if (!sized(source))
            {
                check.problem(linkObjects.get(link.name()).origin(), "links." + link.name() + ".signal", "region '" +
                    source.name() + "' cannot be sized: its predictions depend, around a cycle, on its own");
            }
            else if (!source.learns() || width == 0)
            {
                check.problem(linkObjects.get(link.name()).origin(), "links." + link.name() + ".signal", "region '" +
                    source.name() + "' emits no " + Names.of(link.signal()) + " (" + (link.signal() ==
                    LinkSpec.Signal.ERROR ? "an error comes from a learning region with a target link or a predictive " +
                    "objective" : "predictions come from a learning region with a predictive objective") + ")");
            }
        }
        return out;
    }

    /** @return whether every prediction of the region that is not sized predicts a valid signal link (a cycle). */
    private static boolean cyclic(final RegionSpec region, final List<LinkSpec> links)
    {
        return region.objectives().stream().filter(o -> o.predict() != null && o.predict().width() == 0)
            .allMatch(o -> links.stream().anyMatch(l -> l.name().equals(o.predict().link()) &&
                l.signal() != LinkSpec.Signal.ACTIVITY));
    }

    private static boolean sized(final RegionSpec region)
    {
        return region.objectives().stream().allMatch(o -> o.predict() == null || o.predict().width() > 0);
    }

    private static boolean listed(final ConfigObject regionObjects, final String region)
    {
        return regionObjects.get(region) instanceof ConfigObject o && o.get("objectives") != null;
    }

    private static String path(final ConfigObject regionObjects, final String region, final int i)
    {
        return "regions." + region + (listed(regionObjects, region) ? ".objectives[" + i + "]" : "") +
            ".predict.link";
    }

    /**
     * @param key a key of {@code predict} ({@code link}, {@code horizon}).
     * @return where {@code predict.<key>} of term i stands (in the region itself with the shorthand); its {@code
     * predict} object when the key is absent.
     */
    private static ConfigOrigin origin(final ConfigObject regionObjects, final String region, final int i,
                                       final String key)
    {
        ConfigValue at = regionObjects.get(region);
        if (at instanceof ConfigObject o && o.get("objectives") instanceof com.typesafe.config.ConfigList list &&
            i >= 0 && i < list.size())
        {
            at = list.get(i);
        }
        if (at instanceof ConfigObject o && o.get(RegionReader.PREDICT) instanceof ConfigObject p)
        {
            return p.get(key) != null ? p.get(key).origin() : p.origin();
        }
        return at == null ? regionObjects.origin() : at.origin();
    }

    /** What every node emits, as a prediction needs to know it. */
    record Sources(List<InputSpec> inputs, List<RegionSpec> regions, Task task)
    {
        int width(final String node)
        {
            if (task != null && TaskSpec.NODE.equals(node))
            {
                return task.observationWidth();
            }
            for (final InputSpec i : inputs)
            {
                if (i.name().equals(node))
                {
                    return i.size();
                }
            }
            return regions.stream().filter(r -> r.name().equals(node)).findFirst().orElseThrow().size();
        }

        boolean spikes(final String node)
        {
            if (task != null && TaskSpec.NODE.equals(node))
            {
                return task.spikingObservations();
            }
            for (final InputSpec i : inputs)
            {
                if (i.name().equals(node))
                {
                    return i.kind() == InputKind.POISSON;
                }
            }
            return regions.stream().filter(r -> r.name().equals(node)).findFirst().orElseThrow().isSpiking();
        }
    }
}
