package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.RegionSpec;

import java.util.List;

/**
 * The rules of exact cross-region BPTT ({@code kind = gradient}): a gradient link goes from a downstream region D,
 * which learns by full BPTT against a target or a prediction, back to an upstream region U, which learns by full BPTT
 * from that link alone; U feeds D over exactly one activity link (the one whose gradients travel back) and D does not
 * feed U (the pair is acyclic).
 */
final class GradientRules
{
    private GradientRules()
    {
    }

    /** Checks the gradient links into {@code region} (U), and each one's source (D). */
    static void check(
        final ConfigChecker check, final ConfigObject linkObjects, final ConfigObject regionObjects,
        final RegionSpec region, final List<LinkSpec> gradients, final List<RegionSpec> regions,
        final List<LinkSpec> links, final boolean given)
    {
        final String path = "regions." + region.name();
        final ConfigOrigin regionOrigin = regionObjects.get(region.name()).origin();
        if (gradients.size() > 1)
        {
            check.problem(regionOrigin, path, "at most one gradient link may come in, found " + gradients.size());
        }
        if (given)
        {
            check.problem(RegionReader.origin(regionObjects, region.name(), "objective"), path + ".objective",
                "the region learns from its gradient link, so it takes no objective");
        }
        for (final LinkSpec g : gradients)
        {
            final ConfigOrigin origin = linkObjects.get(g.name()).origin();
            final String at = "links." + g.name();
            if (!fullBptt(region))
            {
                check.problem(origin, at + ".to", "region '" + region.name() + "' must learn by rule = bptt with " +
                    "window_steps = 0 to back-propagate exact gradients (it has rule = " + ruleName(region) + ")");
            }
            if (links.stream().anyMatch(l -> l.to().equals(region.name()) &&
                (l.kind() == LinkSpec.Kind.TARGET || l.kind() == LinkSpec.Kind.ERROR)))
            {
                check.problem(origin, at + ".to", "region '" + region.name() + "' has a target or error link too: " +
                    "it learns from its gradient link alone");
            }
            final RegionSpec source = regions.stream().filter(r -> r.name().equals(g.from())).findFirst().orElse(null);
            if (source == null)
            {
                continue; // reported with the link or the region
            }
            // a loss its rule back-propagates: a target's, a prediction's, or a habit's SARSA(lambda) loss (issue 14:
            // a region that learns for the habit's objective)
            final boolean judged = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.TARGET &&
                l.to().equals(source.name())) || source.objectives().stream().anyMatch(o -> o.predict() != null ||
                o.type().name().equals("model-free"));
            if (!fullBptt(source) || !judged)
            {
                check.problem(origin, at + ".from", "'" + g.from() + "' must learn by rule = bptt with window_steps = 0 " +
                    "against a target link, a predictive or a model-free objective, whose gradients the link carries (it has " +
                    "rule = " +
                    ruleName(source) + (judged ? "" : " and no target, prediction or model-free objective") + ")");
            }
            final long forward = links.stream().filter(l -> l.kind() == LinkSpec.Kind.ACTIVITY &&
                l.signal() == LinkSpec.Signal.ACTIVITY && l.from().equals(region.name()) &&
                l.to().equals(source.name())).count();
            if (forward != 1)
            {
                check.problem(origin, at, "a gradient link needs exactly one activity link from '" + region.name() +
                    "' to '" + source.name() + "' (the link whose gradients it carries back), found " + forward);
            }
            if (reaches(source.name(), region.name(), links, null))
            {
                check.problem(origin, at, "'" + source.name() + "' also feeds '" + region.name() + "' (directly or " +
                    "through other regions): exact gradients across regions need the pair to be acyclic");
            }
            else if (forward == 1 && reaches(region.name(), source.name(), links, LinkSpec.Kind.ACTIVITY))
            {
                check.problem(origin, at, "'" + region.name() + "' also reaches '" + source.name() + "' through " +
                    "other regions or a target link, a path whose gradients this link does not carry");
            }
            if (source.objectives().stream().anyMatch(o -> o.predict() != null && !o.predict().self() &&
                links.stream().anyMatch(l -> l.name().equals(o.predict().link()) && l.from().equals(region.name()))))
            {
                check.problem(origin, at, "'" + source.name() + "' predicts what '" + region.name() + "' sends it: its " +
                    "loss then depends on that activity as a target too, which exact gradients do not follow");
            }
            if (links.stream().filter(l -> l.kind() == LinkSpec.Kind.GRADIENT && l.from().equals(source.name()))
                .count() > 1)
            {
                check.problem(origin, at + ".from", "at most one gradient link may leave '" + source.name() + "'");
            }
        }
    }

    /**
     * @return whether {@code from}'s activity reaches {@code to} along links that feed units or targets (the task
     *         environment, which takes actions, is taken as open-loop); with {@code skipDirect}, the one direct link
     *         of that kind from {@code from} to {@code to} does not count.
     */
    private static boolean reaches(
        final String from, final String to, final List<LinkSpec> links, final LinkSpec.Kind skipDirect)
    {
        final java.util.Set<String> seen = new java.util.HashSet<>();
        final java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(from));
        while (!queue.isEmpty())
        {
            final String node = queue.poll();
            for (final LinkSpec l : links)
            {
                final boolean feeds = l.kind() == LinkSpec.Kind.ACTIVITY || l.kind() == LinkSpec.Kind.TARGET;
                final boolean direct = skipDirect != null && l.kind() == skipDirect && l.from().equals(from) &&
                    l.to().equals(to) && l.signal() == LinkSpec.Signal.ACTIVITY;
                if (feeds && !direct && l.from().equals(node))
                {
                    if (l.to().equals(to))
                    {
                        return true;
                    }
                    if (seen.add(l.to()))
                    {
                        queue.add(l.to());
                    }
                }
            }
        }
        return false;
    }

    private static boolean fullBptt(final RegionSpec region)
    {
        return region.rule() == BpttRule.TYPE && region.ruleParams().get(BpttRule.WINDOW_STEPS) == 0;
    }

    private static String ruleName(final RegionSpec region)
    {
        return region.rule() == null ? "none" : region.rule().name() + (region.rule() == BpttRule.TYPE ?
            ", window_steps = " + region.ruleParams().get(BpttRule.WINDOW_STEPS) : "");
    }
}
