package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.Objectives;
import org.brainsim.regions.network.RateModel;
import org.brainsim.regions.network.Models;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.optim.OptimizerSettings;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.regions.rules.Rules;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.settings.Context;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario's {@code regions} section. A region's keys are its own ({@link #KEYS}) and the settings its
 * model, rule, optimiser and objectives declare; the allowed keys and values come from the registries
 * ({@link Models}, {@link Rules}, {@link Objectives}), never from lists kept here.
 *
 * <p>A region that names no model has the first registered one ({@code rate}).
 *
 * <p>Objectives: a list, {@code objectives = [{kind = supervised, weight = 1, loss = mse}, …]}, or the shorthand of one
 * objective whose settings sit in the region ({@code objective = supervised, loss = mse}) plus {@code rate_reg}, the
 * weight of a firing-rate term. Which objectives a region without any such key gets depends on its links; {@link
 * LinkRules} settles it.
 */
public final class RegionReader
{
    /** The keys every region has, whatever its model, rule and objectives. */
    static final List<String> KEYS = List.of("model", "size", "rule", "outputs", "trial_steps", "error_delay_steps",
        "objective", "objectives", "rate_reg", "predict");
    /** The keys of an item of an {@code objectives} list, besides the objective's settings. */
    static final List<String> ITEM_KEYS = List.of("kind", "weight");
    /** What a predictive term predicts: {@code predict = {link = <link> | self, horizon = 1}}. */
    static final String PREDICT = "predict";
    static final List<String> PREDICT_KEYS = List.of("link", "horizon");
    static final String NO_RULE = "none";

    /**
     * What the regions section says.
     *
     * @param regions          the regions, sorted by name; objectives as read (see {@link LinkRules#objectives}).
     * @param objectivesGiven  the regions whose objectives the scenario names ({@code objective}, {@code objectives}).
     */
    public record Read(List<RegionSpec> regions, Set<String> objectivesGiven)
    {
    }

    private RegionReader()
    {
    }

    /** @return every key a region may hold: its own and those the registries declare. */
    static Set<String> allowedKeys()
    {
        final Set<String> keys = new TreeSet<>(KEYS);
        Models.REGISTRY.all().forEach(m -> m.params().forEach(p -> keys.add(p.key())));
        Rules.REGISTRY.all().forEach(r -> r.params().forEach(p -> keys.add(p.key())));
        OptimizerSettings.PARAMS.forEach(p -> keys.add(p.key()));
        Objectives.REGISTRY.all().forEach(o -> o.params().forEach(p -> keys.add(p.key())));
        return keys;
    }

    public static Read read(final ConfigChecker check, final ConfigObject root, final Double dtMs, final Set<String> names)
    {
        final List<RegionSpec> regions = new ArrayList<>();
        final Set<String> given = new LinkedHashSet<>();
        final ConfigObject all = check.object(root, "", "regions", true);
        if (all == null)
        {
            return new Read(regions, given);
        }
        if (all.isEmpty())
        {
            check.problem(all.origin(), "regions", "empty (required: at least one region)");
        }
        final Set<String> allowed = allowedKeys();
        final ParamValues context = dtMs == null ? ParamValues.EMPTY : Context.of(dtMs);
        final ParamReader params = new ParamReader(check);
        for (final String name : new TreeSet<>(all.keySet()))
        {
            final String path = "regions." + name;
            final boolean nameOk = check.name(all.get(name), path, name, names);
            final ConfigObject o = check.object(all, "regions", name, true);
            if (o == null)
            {
                continue;
            }
            check.onlyKeys(o, path, allowed);
            final String modelName = check.string(o, path, "model", Models.REGISTRY.names().get(0), Models.REGISTRY.names());
            final RegionModel model = modelName == null ? null : Models.REGISTRY.find(modelName).orElseThrow();
            final Long size = check.integer(o, path, "size", null, 1, 1 << 16);
            final ParamValues modelParams = model == null ? null : params.params(o, path, model.params(), context);
            if (model != null && modelParams != null && dtMs != null)
            {
                model.check(modelParams, dtMs).forEach((key, message) ->
                    check.problem(o.get(key) != null ? o.get(key).origin() : o.origin(), path + "." + key, message));
            }
            final List<String> rules = new ArrayList<>(List.of(NO_RULE));
            Rules.REGISTRY.all().stream().filter(r -> model == null || r.appliesTo(model)).forEach(r -> rules.add(r.name()));
            final String ruleName = check.string(o, path, "rule", NO_RULE, rules);
            final RuleType rule = ruleName == null || NO_RULE.equals(ruleName) ? null : Rules.REGISTRY.find(ruleName).orElseThrow();
            final ParamValues ruleParams = rule == null ? ParamValues.EMPTY : params.params(o, path, rule.params(), context);
            final ParamValues update = params.params(o, path, OptimizerSettings.PARAMS, context);
            final Long outputs = check.integer(o, path, "outputs", 1L, 1, 1 << 16);
            final Long trialSteps = o.get("trial_steps") == null ? Long.valueOf(0) :
                check.integer(o, path, "trial_steps", null, 1, Integer.MAX_VALUE);
            final Long errorDelay = check.integer(o, path, "error_delay_steps", 0L, 0, 1 << 16);
            final boolean named = o.get("objective") != null || o.get("objectives") != null;
            final List<ObjectiveSpec> objectives = objectives(check, params, o, path, rule != null, context);
            if (named)
            {
                given.add(name);
            }
            if (nameOk && model != null && size != null && modelParams != null && ruleName != null && ruleParams != null &&
                update != null && outputs != null && trialSteps != null && errorDelay != null && objectives != null)
            {
                final RegionSpec spec = new RegionSpec(name, model, size.intValue(), modelParams, rule, ruleParams,
                    update, objectives, outputs.intValue(), trialSteps.intValue(), errorDelay.intValue());
                if (model == RateModel.RATE && modelParams.get(RateModel.READOUT) == RateModel.Readout.UNITS &&
                    spec.readoutWidth() > size)
                {
                    check.problem(o.get("readout").origin(), path + ".readout", "readout = units reads the readout's " +
                        spec.readoutWidth() + " values (outputs and what the objectives add) from as many units, but " +
                        "the region has size = " + size + " (expected: readout width <= size)");
                }
                regions.add(spec);
            }
        }
        return new Read(regions, given);
    }

    /**
     * @return the objectives the region names (list or shorthand), or, without any, the shorthand's default
     * (supervised) and a firing-rate term when {@code rate_reg} &gt; 0; {@code null} after a problem.
     */
    private static List<ObjectiveSpec> objectives(
        final ConfigChecker check, final ParamReader params, final ConfigObject o, final String path,
        final boolean learns, final ParamValues context)
    {
        final List<String> shorthand = new ArrayList<>(List.of("objective", "rate_reg", PREDICT));
        Objectives.REGISTRY.all().forEach(t -> t.params().forEach(p -> shorthand.add(p.key())));
        if (o.get("objectives") != null)
        {
            boolean ok = true;
            for (final String key : shorthand)
            {
                if (o.get(key) != null)
                {
                    check.problem(o.get(key).origin(), path + "." + key, "give the objectives list or the shorthand " +
                        "keys (objective, its settings, rate_reg), not both");
                    ok = false;
                }
            }
            final List<ObjectiveSpec> list = list(check, params, o, path, context);
            return ok ? list : null;
        }
        final String kind = check.string(o, path, "objective", Objectives.REGISTRY.names().get(0), Objectives.REGISTRY.names());
        final Double rateReg = check.number(o, path, "rate_reg", 0.0, 0, true, Double.POSITIVE_INFINITY);
        if (kind == null || rateReg == null)
        {
            return null;
        }
        final ObjectiveType type = Objectives.REGISTRY.find(kind).orElseThrow();
        final ParamValues values = params.params(o, path, type.params(), context);
        final Optional<ObjectiveSpec.Predict> predict = predict(check, o, path, type);
        if (values == null || predict == null)
        {
            return null;
        }
        final List<ObjectiveSpec> list = new ArrayList<>(List.of(new ObjectiveSpec(type, 1.0, values, predict.orElse(null))));
        if (rateReg > 0)
        {
            if (type == FiringRate.TYPE)
            {
                check.problem(o.get("rate_reg").origin(), path + ".rate_reg", "rate_reg adds a firing-rate term; " +
                    "the objective is one already (give it a weight in an objectives list instead)");
                return null;
            }
            final ParamValues rate = params.params(o, path, FiringRate.TYPE.params(), context);
            if (rate == null)
            {
                return null;
            }
            list.add(new ObjectiveSpec(FiringRate.TYPE, rateReg, rate));
        }
        for (final String key : shorthand)
        {
            check.resolved().remove(path, key); // written back as the objectives list, once the links have settled it
        }
        if (!learns && (o.get("objective") != null || rateReg > 0))
        {
            check.problem(o.get(o.get("objective") != null ? "objective" : "rate_reg").origin(), path + "." +
                (o.get("objective") != null ? "objective" : "rate_reg"), "the region has no rule, so no objective " +
                "(give it a rule, e.g. rule = " + Rules.REGISTRY.names().get(0) + ")");
            return null;
        }
        return list;
    }

    /** @return the items of an {@code objectives} list, or {@code null} after a problem. */
    private static List<ObjectiveSpec> list(
        final ConfigChecker check, final ParamReader params, final ConfigObject o, final String path,
        final ParamValues context)
    {
        final List<ConfigObject> items = check.objects(o, path, "objectives");
        if (items == null)
        {
            return null;
        }
        if (items.isEmpty())
        {
            check.problem(o.get("objectives").origin(), path + ".objectives", "empty (give at least one objective, " +
                "e.g. [{kind = " + Objectives.REGISTRY.names().get(0) + "}])");
            return null;
        }
        final List<ObjectiveSpec> list = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++)
        {
            final ConfigObject item = items.get(i);
            final String ip = path + ".objectives[" + i + "]";
            final String kind = check.string(item, ip, "kind", null, Objectives.REGISTRY.names());
            final Double weight = check.number(item, ip, "weight", 1.0, 0, true, Double.POSITIVE_INFINITY);
            if (kind == null || weight == null)
            {
                ok = false;
                continue;
            }
            final ObjectiveType type = Objectives.REGISTRY.find(kind).orElseThrow();
            final List<String> keys = new ArrayList<>(ITEM_KEYS);
            type.params().forEach(p -> keys.add(p.key()));
            if (predicts(type))
            {
                keys.add(PREDICT);
            }
            check.onlyKeys(item, ip, keys);
            final ParamValues values = params.params(item, ip, type.params(), context);
            final Optional<ObjectiveSpec.Predict> predict = predict(check, item, ip, type);
            if (values == null || predict == null)
            {
                ok = false;
                continue;
            }
            list.add(new ObjectiveSpec(type, weight, values, predict.orElse(null)));
        }
        if (ok && list.stream().allMatch(t -> t.weight() == 0))
        {
            check.problem(o.get("objectives").origin(), path + ".objectives", "every weight is 0 (expected: at least " +
                "one term with weight > 0)");
            return null;
        }
        return ok ? list : null;
    }

    /** @return whether terms of this type predict something (and so take {@code predict}). */
    static boolean predicts(final ObjectiveType type)
    {
        return type.inputs().contains(ObjectiveInput.PREDICTED);
    }

    /**
     * @return what a term predicts ({@code predict = {link, horizon}}), empty for a type that predicts nothing, or
     * {@code null} after a problem (missing for a predictive term, present for another, a bad key or value).
     */
    private static Optional<ObjectiveSpec.Predict> predict(
        final ConfigChecker check, final ConfigObject o, final String path, final ObjectiveType type)
    {
        final String full = path + "." + PREDICT;
        if (!predicts(type))
        {
            if (o.get(PREDICT) != null)
            {
                check.problem(o.get(PREDICT).origin(), full, "only a predictive objective takes predict (this one is " +
                    type.name() + ")");
                return null;
            }
            return Optional.empty();
        }
        if (o.get(PREDICT) == null)
        {
            check.problem(o.origin(), full, "missing (required for objective " + type.name() + ": { link = <an " +
                "activity or observation link into the region> | " + ObjectiveSpec.SELF + ", horizon = <steps ahead, " +
                ">= 1> })");
            return null;
        }
        final ConfigObject p = check.object(o, path, PREDICT, true);
        if (p == null)
        {
            return null;
        }
        check.onlyKeys(p, full, PREDICT_KEYS);
        final String link = check.string(p, full, "link", null, List.of());
        final Long horizon = check.integer(p, full, "horizon", 1L, 1, 1 << 16);
        if (link == null || horizon == null)
        {
            return null;
        }
        return Optional.of(new ObjectiveSpec.Predict(link, horizon.intValue(), 0, false));
    }

    /** @return the objectives as the resolved scenario writes them. */
    static List<Map<String, Object>> render(final List<ObjectiveSpec> objectives)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final ObjectiveSpec o : objectives)
        {
            final Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("kind", o.type().name());
            item.put("weight", o.weight());
            o.params().asMap().forEach((k, v) -> item.put(k, v instanceof Enum<?> e ?
                org.brainsim.settings.Names.of(e) : v));
            if (o.predict() != null)
            {
                final Map<String, Object> predict = new java.util.LinkedHashMap<>();
                predict.put("link", o.predict().link());
                predict.put("horizon", o.predict().horizon());
                item.put(PREDICT, predict);
            }
            out.add(item);
        }
        return out;
    }

    /** @return the key of {@code param} in a region (for messages). */
    static String key(final String region, final Param<?> param)
    {
        return "regions." + region + "." + param.key();
    }

    /** @return the origin of {@code key} in a region's object, or of the object when the key is absent. */
    static com.typesafe.config.ConfigOrigin origin(final ConfigObject regions, final String region, final String key)
    {
        final ConfigValue r = regions.get(region);
        if (r instanceof ConfigObject o && o.get(key) != null)
        {
            return o.get(key).origin();
        }
        return r == null ? regions.origin() : r.origin();
    }
}
