package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.regions.LinkWeights;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.settings.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads a scenario's {@code links} section: ends, delay, kind and, for links that feed units, their weights. */
public final class LinkReader
{
    static final List<String> KEYS = List.of("from", "to", "delay_steps", "weight_scale", "kind", "init", "sparsity",
        "plastic", "signal");
    /** The keys of a link's projection (links that feed units only). */
    static final List<String> WEIGHT_KEYS = List.of("init", "sparsity", "plastic", "weight_scale");

    private LinkReader()
    {
    }

    /**
     * @param inputNames  every declared input, valid or not (a name with problems of its own is not reported again).
     * @param regionNames every declared region, likewise.
     * @return the links in id order (sorted names).
     */
    public static List<LinkSpec> read(
        final ConfigChecker check, final ConfigObject root, final Set<String> inputNames, final Set<String> regionNames,
        final boolean hasTask)
    {
        final List<LinkSpec> links = new ArrayList<>();
        final ConfigObject all = check.object(root, "", "links", false);
        if (all == null)
        {
            return links;
        }
        final Set<String> producers = new TreeSet<>(inputNames);
        producers.addAll(regionNames);
        if (hasTask)
        {
            producers.add(TaskSpec.NODE);
        }
        for (final String name : new TreeSet<>(all.keySet()))
        {
            final String path = "links." + name;
            final ConfigObject o = check.object(all, "links", name, true);
            if (o == null)
            {
                continue;
            }
            check.onlyKeys(o, path, KEYS);
            final String from = check.string(o, path, "from", null, List.of());
            final String to = check.string(o, path, "to", null, List.of());
            final Long delay = check.integer(o, path, "delay_steps", null, 1, 1 << 20);
            final String kindName = check.string(o, path, "kind", Names.of(LinkSpec.Kind.ACTIVITY),
                LinkSpec.Kind.declarableNames());
            final LinkSpec.Kind kind = kindName == null ? null : Names.parse(LinkSpec.Kind.class, kindName);
            LinkWeights weights = LinkWeights.normal(1.0);
            boolean weightsOk = true;
            final LinkSpec.Signal signal = check.choice(o, path, "signal", LinkSpec.Signal.ACTIVITY, LinkSpec.Signal.class);
            weightsOk = signal != null;
            if (signal != null && signal != LinkSpec.Signal.ACTIVITY && kind != null && kind != LinkSpec.Kind.ACTIVITY)
            {
                check.problem(o.get("signal").origin(), path + ".signal", "only activity links carry a signal other " +
                    "than activity (this link is kind = " + kindName + ")");
                weightsOk = false;
            }
            else if (signal != null && signal != LinkSpec.Signal.ACTIVITY && from != null && !regionNames.contains(from))
            {
                check.problem(o.get("signal").origin(), path + ".signal", "signal = " + Names.of(signal) +
                    " comes from a learning region, not from '" + from + "'");
                weightsOk = false;
            }
            if (kind != null && kind.isInput())
            {
                final Double scale = check.number(o, path, "weight_scale", 1.0, 0, true, Double.POSITIVE_INFINITY);
                final LinkWeights.Distribution init = check.choice(o, path, "init", LinkWeights.Distribution.NORMAL,
                    LinkWeights.Distribution.class);
                final Double sparsity = check.number(o, path, "sparsity", 0.0, 0, true, 0.999);
                final Boolean plastic = check.bool(o, path, "plastic", true);
                weightsOk = weightsOk && scale != null && init != null && sparsity != null && plastic != null;
                if (weightsOk)
                {
                    weights = new LinkWeights(init, scale, sparsity, plastic);
                }
            }
            else if (kind != null)
            {
                for (final String key : WEIGHT_KEYS)
                {
                    if (o.get(key) != null)
                    {
                        check.problem(o.get(key).origin(), path + "." + key, "only links that feed units (kind = " +
                            "activity or observation) have weights; a " + kindName + " link has none");
                    }
                }
            }
            boolean ends = true;
            if (from != null && !producers.contains(from))
            {
                check.problem(o.get("from").origin(), path + ".from",
                    "no input or region named '" + from + "' (known: " + String.join(", ", producers) + ")");
                ends = false;
            }
            final boolean toTask = hasTask && TaskSpec.NODE.equals(to);
            if (to != null && toTask && kind != null && kind != LinkSpec.Kind.ACTION)
            {
                check.problem(o.get("to").origin(), path + ".to", "the task takes only kind = action links (a " +
                    "region's readout), not kind = " + kindName);
                ends = false;
            }
            else if (to != null && !toTask && !regionNames.contains(to))
            {
                check.problem(o.get("to").origin(), path + ".to", (inputNames.contains(to) ?
                    "'" + to + "' is an input; links can only end at a region" :
                    "no region named '" + to + "'") + " (regions: " + String.join(", ", regionNames) + ")");
                ends = false;
            }
            if (kind != null && from != null && to != null && ends)
            {
                ends = LinkRules.kindFits(check, o, path, kind, from, to, hasTask, regionNames);
            }
            if (ends && from != null && to != null && delay != null && kind != null && weightsOk)
            {
                links.add(new LinkSpec(links.size(), name, from, to, delay.intValue(), kind, weights, signal));
            }
        }
        return links;
    }

    /** @return whether a link of {@code kind} (into {@code to}, when given) is declared, valid or not. */
    public static boolean declared(final ConfigObject root, final LinkSpec.Kind kind, final String to)
    {
        if (!(root.get("links") instanceof ConfigObject links))
        {
            return false;
        }
        for (final com.typesafe.config.ConfigValue value : links.values())
        {
            if (value instanceof ConfigObject link)
            {
                final Object k = link.get("kind") == null ? Names.of(LinkSpec.Kind.ACTIVITY) : link.get("kind").unwrapped();
                final Object t = link.get("to") == null ? null : link.get("to").unwrapped();
                if (Names.of(kind).equals(k) && (to == null || to.equals(t)))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
