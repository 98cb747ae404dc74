package org.brainsim.scenarios;

import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.Objectives;
import org.brainsim.regions.network.Models;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.regions.rules.Rules;
import org.brainsim.scenarios.tasks.TaskFactory;
import org.brainsim.scenarios.tasks.TaskRegistry;
import org.brainsim.settings.Param;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario can name — models, rules, objectives, tasks — one line each with their settings, for
 * {@code brainsim list}. Everything comes from the registries, so the list cannot drift from what runs.
 */
public final class Catalog
{
    private Catalog()
    {
    }

    /** @return {name, description, settings} per model. */
    public static List<String[]> models()
    {
        final List<String[]> out = new ArrayList<>();
        for (final RegionModel m : Models.REGISTRY.all())
        {
            out.add(new String[] {m.name(), m.description(), settings(m.params())});
        }
        return out;
    }

    /** @return {name, models, description, settings} per rule. */
    public static List<String[]> rules()
    {
        final List<String[]> out = new ArrayList<>();
        for (final RuleType r : Rules.REGISTRY.all())
        {
            final List<String> models = Models.REGISTRY.all().stream().filter(r::appliesTo).map(RegionModel::name).toList();
            out.add(new String[] {r.name(), String.join("/", models), r.description(), settings(r.params())});
        }
        return out;
    }

    /** @return {name, description, settings} per objective. */
    public static List<String[]> objectives()
    {
        final List<String[]> out = new ArrayList<>();
        for (final ObjectiveType o : Objectives.REGISTRY.all())
        {
            out.add(new String[] {o.name(), o.description(), settings(o.params())});
        }
        return out;
    }

    /** @return {name, description, parameters} per task. */
    public static List<String[]> tasks()
    {
        final List<String[]> out = new ArrayList<>();
        for (final TaskFactory f : TaskRegistry.REGISTRY.all())
        {
            out.add(new String[] {f.name(), f.description(), settings(f.params())});
        }
        return out;
    }

    /** @return "key=default, …" of a list of settings. */
    public static String settings(final List<Param<?>> params)
    {
        final List<String> out = new ArrayList<>();
        for (final Param<?> p : params)
        {
            out.add(p.key() + "=" + p.defaultText());
        }
        return String.join(", ", out);
    }
}
