package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.brainsim.regions.network.Lesion;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.settings.Names;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskConditions;
import org.brainsim.scenarios.tasks.TaskRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario's {@code phases} section (checked like the rest: every problem with file, line, key and what
 * is allowed): lengths, stop criteria, plasticity and learning-rate changes, lesions.
 */
public final class PhaseReader
{
    static final List<String> PHASE_KEYS = List.of("name", "trials", "steps", "stop_when", "plasticity", "evaluate",
        "lesion", "set", "cut", "silence", "devalue", "devalued_value", "extinction");
    static final List<String> STOP_KEYS = List.of("error_below", "over_trials");
    static final List<String> LESION_KEYS = List.of("region", "units", "synapses", "fraction");

    /** What {@code units = …} of a lesion silences. */
    enum Units
    {
        ALL(Lesion.Target.UNITS),
        LIF(Lesion.Target.LIF_UNITS),
        ALIF(Lesion.Target.ALIF_UNITS);

        final Lesion.Target target;

        Units(final Lesion.Target target)
        {
            this.target = target;
        }
    }

    /** What {@code synapses = …} of a lesion silences. */
    enum Synapses
    {
        RECURRENT(Lesion.Target.RECURRENT_SYNAPSES),
        INPUT(Lesion.Target.INPUT_SYNAPSES);

        final Lesion.Target target;

        Synapses(final Lesion.Target target)
        {
            this.target = target;
        }
    }
    static final List<String> SETTABLE = List.of("learning_rate", "plasticity");

    private PhaseReader()
    {
    }

    /**
     * @param learningRegions the regions with a rule, and their learning rates.
     * @param models          every region's model (lesions may hit any region).
     * @param task            the task, laid out as the run will ({@code null}: none, or it could not be made).
     * @return the phases, each with the plasticity gate of every learning region resolved; {@code null} after
     * a problem.
     */
    public static List<PhaseSpec> read(
        final ConfigChecker check, final ConfigObject root, final Map<String, Double> learningRegions,
        final Map<String, RegionModel> models, final boolean hasTask, final List<LinkSpec> links, final Task task)
    {
        final List<ConfigObject> items = check.objects(root, "", "phases");
        if (items == null)
        {
            return null;
        }
        if (!items.isEmpty() && !hasTask)
        {
            check.problem(root.get("phases").origin(), "phases", "phases need a task: the task environment runs " +
                "the phase schedule (add a task { name = … } section; tasks: " + String.join(", ", TaskRegistry.REGISTRY.names()) + ")");
            return null;
        }
        final List<PhaseSpec> phases = new ArrayList<>();
        final Map<String, Double> gates = new LinkedHashMap<>();
        learningRegions.keySet().forEach(r -> gates.put(r, 1.0));
        final Map<String, Double> rates = new LinkedHashMap<>(learningRegions);
        final Set<String> names = new HashSet<>();
        final Map<String, Double> devalued = new LinkedHashMap<>(); // what earlier phases devalued: it lasts
        boolean ok = true;
        for (int i = 0; i < items.size(); i++)
        {
            final ConfigObject o = items.get(i);
            final String path = "phases[" + i + "]";
            check.onlyKeys(o, path, PHASE_KEYS);
            final String name = check.string(o, path, "name", null, List.of());
            if (name != null && !names.add(name))
            {
                check.problem(o.get("name").origin(), path + ".name", "phase name '" + name + "' is used twice");
                ok = false;
            }
            final boolean trialsOk = o.get("trials") == null || check.optionalInteger(o, path, "trials", 1, Long.MAX_VALUE) != null;
            final boolean stepsOk = o.get("steps") == null || check.optionalInteger(o, path, "steps", 1, Long.MAX_VALUE) != null;
            final Long trials = o.get("trials") == null ? Long.valueOf(-1) : trialsOk ? longValue(o, "trials") : null;
            final Long steps = o.get("steps") == null ? Long.valueOf(-1) : stepsOk ? longValue(o, "steps") : null;
            Double below = null;
            Long over = 1L;
            final ConfigObject stop = check.object(o, path, "stop_when", false);
            if (stop != null)
            {
                check.onlyKeys(stop, path + ".stop_when", STOP_KEYS);
                below = check.number(stop, path + ".stop_when", "error_below", null, 0, false, Double.POSITIVE_INFINITY);
                over = check.integer(stop, path + ".stop_when", "over_trials", 1L, 1, 1 << 20);
                ok &= below != null && over != null;
            }
            if (trials != null && steps != null && trials < 0 && steps < 0)
            {
                check.problem(o.origin(), path, "a phase needs a length: trials = N or steps = N (a stop_when " +
                    "criterion may end it earlier)");
                ok = false;
            }
            // Plasticity: evaluate = true freezes every region; plasticity = on|off|number for all, or per region.
            final Boolean evaluate = check.bool(o, path, "evaluate", false);
            final ConfigValue plasticity = o.get("plasticity");
            if (plasticity != null)
            {
                ok &= plasticity(check, plasticity, path + ".plasticity", gates);
            }
            if (Boolean.TRUE.equals(evaluate))
            {
                gates.replaceAll((r, g) -> 0.0);
            }
            final ConfigObject set = check.object(o, path, "set", false);
            if (set != null)
            {
                ok &= settings(check, set, path + ".set", gates, rates, learningRegions);
            }
            final List<PhaseSpec.LesionSpec> lesions = lesions(check, o, path, models);
            final List<String> cuts = cuts(check, o, path, links);
            final TaskConditions conditions = conditions(check, o, path, task, devalued);
            ok &= lesions != null && cuts != null && trials != null && steps != null && evaluate != null && name != null &&
                conditions != null;
            if (ok)
            {
                final Map<String, Double> resolved = new LinkedHashMap<>();
                // a region whose own learning_rate is 0 learns nothing whatever the gate (and 0/0 is no gate)
                gates.forEach((r, g) -> resolved.put(r, learningRegions.get(r) == 0 ? 0.0 :
                    g * rates.get(r) / learningRegions.get(r)));
                check.record(path, "plasticity", new LinkedHashMap<>(resolved)); // the gate of every learning region
                phases.add(new PhaseSpec(name, trials < 0 ? null : trials, steps < 0 ? null : steps, below,
                    over.intValue(), resolved, lesions, cuts, conditions));
            }
        }
        return ok ? phases : null;
    }

    /**
     * Reads what a phase changes in the task's world: {@code devalue = [outcomes]} (with {@code devalued_value}, 0 by
     * default) and {@code extinction = true}; {@code devalued} carries the devaluations of earlier phases on.
     *
     * @return the conditions, or {@code null} after a problem.
     */
    private static TaskConditions conditions(final ConfigChecker check, final ConfigObject phase, final String path,
                                             final Task task, final Map<String, Double> devalued)
    {
        final List<String> devalue = check.strings(phase, path, "devalue", List.of());
        final Double value = check.number(phase, path, "devalued_value", 0.0, -1e6, true, 1e6);
        final Boolean extinction = check.bool(phase, path, "extinction", false);
        if (devalue == null || value == null || extinction == null)
        {
            return null;
        }
        boolean ok = true;
        if (phase.get("devalued_value") != null && devalue.isEmpty())
        {
            check.problem(phase.get("devalued_value").origin(), path + ".devalued_value", "devalued_value is the new " +
                "value of the outcomes the phase devalues: name them with devalue = [...]");
            ok = false;
        }
        if (extinction && !devalue.isEmpty())
        {
            check.problem(phase.get("extinction").origin(), path + ".extinction", "a phase that devalues outcomes " +
                "presents them, so it cannot withhold them too: put the extinction test in a phase of its own");
            ok = false;
        }
        if (task == null)
        {
            return null; // the task's own problem is reported where it is declared
        }
        final List<String> outcomes = task.outcomes();
        for (final String outcome : devalue)
        {
            if (!outcomes.contains(outcome))
            {
                check.problem(phase.get("devalue").origin(), path + ".devalue", outcomes.isEmpty() ?
                    "the task has no outcomes to devalue (tasks with outcomes: " + String.join(", ",
                        TaskRegistry.withOutcomes()) + ")" : "'" + outcome + "' is not an outcome of the task " +
                        "(allowed: " + String.join(", ", outcomes) + ")");
                ok = false;
            }
        }
        if (extinction && !task.extinguishable())
        {
            check.problem(phase.get("extinction").origin(), path + ".extinction", "the task cannot withhold its " +
                "outcomes (tasks that can: " + String.join(", ", TaskRegistry.withOutcomes()) + ")");
            ok = false;
        }
        if (!ok)
        {
            return null;
        }
        devalue.forEach(o -> devalued.put(o, value));
        return devalue.isEmpty() && devalued.isEmpty() && !extinction ? TaskConditions.NONE :
            new TaskConditions(devalue, devalued, extinction);
    }

    private static Long longValue(final ConfigObject o, final String key)
    {
        return ((Number)o.get(key).unwrapped()).longValue();
    }

    private static boolean plasticity(
        final ConfigChecker check, final ConfigValue value, final String path, final Map<String, Double> gates)
    {
        if (value.valueType() == ConfigValueType.OBJECT)
        {
            final ConfigObject o = (ConfigObject)value;
            check.onlyKeys(o, path, gates.keySet());
            boolean ok = true;
            for (final String region : o.keySet())
            {
                if (gates.containsKey(region))
                {
                    final Double g = gate(check, o.get(region), path + "." + region);
                    ok &= g != null;
                    if (g != null)
                    {
                        gates.put(region, g);
                    }
                }
            }
            return ok;
        }
        final Double g = gate(check, value, path);
        if (g != null)
        {
            gates.replaceAll((r, old) -> g);
        }
        return g != null;
    }

    private static Double gate(final ConfigChecker check, final ConfigValue value, final String path)
    {
        final Object v = value.unwrapped();
        if ("on".equals(v) || Boolean.TRUE.equals(v))
        {
            return 1.0;
        }
        if ("off".equals(v) || Boolean.FALSE.equals(v))
        {
            return 0.0;
        }
        if (v instanceof Number n && n.doubleValue() >= 0 && Double.isFinite(n.doubleValue()))
        {
            return n.doubleValue();
        }
        check.problem(value.origin(), path, "expected on, off or a gate >= 0 (a multiplier of every update), got " +
            ConfigChecker.describe(value));
        return null;
    }

    private static boolean settings(
        final ConfigChecker check, final ConfigObject set, final String path, final Map<String, Double> gates,
        final Map<String, Double> rates, final Map<String, Double> learningRegions)
    {
        check.onlyKeys(set, path, List.of("regions"));
        final ConfigObject regions = check.object(set, path, "regions", false);
        if (regions == null)
        {
            return set.get("regions") == null;
        }
        boolean ok = true;
        check.onlyKeys(regions, path + ".regions", learningRegions.keySet());
        for (final String region : regions.keySet())
        {
            if (!learningRegions.containsKey(region))
            {
                ok = false;
                continue;
            }
            final String rp = path + ".regions." + region;
            final ConfigObject o = check.object(regions, path + ".regions", region, true);
            if (o == null)
            {
                ok = false;
                continue;
            }
            check.onlyKeys(o, rp, SETTABLE);
            final Double lr = check.number(o, rp, "learning_rate", rates.get(region), 0, true, Double.POSITIVE_INFINITY);
            if (lr == null)
            {
                ok = false;
            }
            else
            {
                if (lr > 0 && learningRegions.get(region) == 0)
                {
                    check.problem(o.get("learning_rate").origin(), rp + ".learning_rate", "the region's own " +
                        "learning_rate is 0, so a phase cannot scale it (set the region's learning_rate > 0)");
                    ok = false;
                }
                rates.put(region, lr);
            }
            if (o.get("plasticity") != null)
            {
                final Double g = gate(check, o.get("plasticity"), rp + ".plasticity");
                ok &= g != null;
                if (g != null)
                {
                    gates.put(region, g);
                }
            }
        }
        return ok;
    }

    /**
     * @return the links the phase cuts ({@code cut = [names]}: links that feed a region's units, modulator links (a
     *     lesion of the neuromodulator) or values links (a controller's values, as an arbiter sees them); and
     *     {@code silence = [regions]}: every such link that leaves those regions, a lesion of the whole region as the
     *     others see it), or null.
     */
    private static List<String> cuts(
        final ConfigChecker check, final ConfigObject phase, final String path, final List<LinkSpec> links)
    {
        final List<String> given = check.strings(phase, path, "cut", List.of());
        final List<String> silenced = check.strings(phase, path, "silence", List.of());
        if (given == null || silenced == null)
        {
            return null;
        }
        final java.util.function.Predicate<LinkSpec> cuttable = l -> l.isInput() ||
            l.kind() == LinkSpec.Kind.MODULATOR || l.kind() == LinkSpec.Kind.VALUES;
        final List<String> allowed = links.stream().filter(cuttable).map(LinkSpec::name).toList();
        final List<String> regions = links.stream().filter(cuttable).map(LinkSpec::from)
            .filter(f -> !org.brainsim.scenarios.spec.TaskSpec.NODE.equals(f)).distinct().toList();
        final List<String> names = new ArrayList<>(given);
        for (final String region : silenced)
        {
            if (!regions.contains(region))
            {
                check.problem(phase.get("silence").origin(), path + ".silence", "'" + region + "' is not a region or " +
                    "input that sends on links a phase can cut (allowed: " + String.join(", ", regions) + ")");
                return null;
            }
            links.stream().filter(l -> cuttable.test(l) && l.from().equals(region) && !names.contains(l.name()))
                .forEach(l -> names.add(l.name()));
        }
        boolean ok = true;
        for (final String name : names)
        {
            if (!allowed.contains(name))
            {
                check.problem(phase.get("cut").origin(), path + ".cut", "'" + name + "' is not a link that feeds a " +
                    "region's units, a modulator link or a values link (allowed: " + String.join(", ", allowed) + ")");
                ok = false;
            }
        }
        return ok ? List.copyOf(names) : null;
    }

    private static List<PhaseSpec.LesionSpec> lesions(
        final ConfigChecker check, final ConfigObject phase, final String path, final Map<String, RegionModel> models)
    {
        final List<ConfigObject> items = check.objects(phase, path, "lesion");
        if (items == null)
        {
            return null;
        }
        final List<PhaseSpec.LesionSpec> lesions = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++)
        {
            final ConfigObject o = items.get(i);
            final String lp = path + ".lesion[" + i + "]";
            check.onlyKeys(o, lp, LESION_KEYS);
            final String region = check.string(o, lp, "region", null, List.copyOf(models.keySet()));
            final boolean hasUnits = o.get("units") != null;
            final boolean hasSynapses = o.get("synapses") != null;
            final Units units = hasUnits ? check.choice(o, lp, "units", null, Units.class) : null;
            final Synapses synapses = hasSynapses ? check.choice(o, lp, "synapses", null, Synapses.class) : null;
            final Double fraction = check.number(o, lp, "fraction", null, 0, true, 1);
            if (region == null || hasUnits && units == null || hasSynapses && synapses == null || fraction == null)
            {
                ok = false;
                continue;
            }
            if (hasUnits == hasSynapses)
            {
                check.problem(o.origin(), lp, "give exactly one of units = " + String.join("|", Names.all(Units.class)) +
                    " or synapses = " + String.join("|", Names.all(Synapses.class)));
                ok = false;
                continue;
            }
            if (!models.containsKey(region))
            {
                ok = false; // a region with problems of its own, reported there
                continue;
            }
            if (units != null && units != Units.ALL && !models.get(region).spiking())
            {
                check.problem(o.get("units").origin(), lp + ".units", "region '" + region + "' is a " +
                    models.get(region).name() + " region: it has no " + Names.of(units) + " units (allowed: all)");
                ok = false;
                continue;
            }
            lesions.add(new PhaseSpec.LesionSpec(region, new Lesion(units != null ? units.target : synapses.target,
                fraction)));
        }
        return ok ? lesions : null;
    }
}
