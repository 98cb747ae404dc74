package org.brainsim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import org.brainsim.regions.lockstep.ThreadMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario script (HOCON) into a {@link Scenario}, applying {@code --set key=value} overrides and
 * checking everything before anything runs. Every problem is reported, each with file, line and key and
 * what is allowed; see {@code docs/scenarios.md} for the language.
 */
public final class ScenarioLoader
{
    /** Top-level keys. */
    static final List<String> TOP_KEYS = List.of(
        "name", "seed", "dt_ms", "steps", "trials", "batch", "window_steps", "threads", "task", "phases", "inputs", "regions",
        "links", "record", "placement");
    static final List<String> REGION_KEYS = List.of(
        "model", "size", "tau_ms", "recurrent_gain", "bias_std", "initial_state_std", "activation",
        "rule", "feedback", "window_steps", "trial_steps", "outputs", "optimizer", "learning_rate", "l2", "clip_norm",
        "rate_reg", "target_rate_hz", "error_delay_steps", "objective", "loss", "loss_reduction", "feedback_std", "pseudo_derivative", "adam_beta1",
        "adam_beta2", "adam_epsilon", "tau_a_ms", "beta", "v_th", "refractory_steps", "tau_out_ms", "alif_fraction");
    static final List<String> INPUT_KEYS = List.of("kind", "size", "rate_hz", "frequency_hz", "amplitude", "noise_std",
        "frozen_steps", "phase");
    static final List<String> LINK_KEYS = List.of("from", "to", "delay_steps", "weight_scale", "kind", "init", "sparsity",
        "plastic");
    static final List<String> LINK_KINDS = List.of("activity", "observation", "target", "error", "action", "modulator",
        "reward");
    static final List<String> RECORD_KEYS = List.of("nodes", "every_steps", "every_trials", "rows", "weights_every_trials");
    static final List<String> OBJECTIVES = List.of("supervised");
    static final List<String> LOSSES = List.of("task", "mse", "cross-entropy");
    static final List<String> REDUCTIONS = List.of("sum", "mean");
    static final List<String> MODELS = List.of("rate", "lif", "alif");
    static final List<String> ACTIVATIONS = List.of("tanh", "relu", "softplus");
    static final List<String> FEEDBACK = List.of("symmetric", "random", "adaptive");
    static final List<String> OPTIMIZERS = List.of("adam", "sgd");
    static final List<String> THREAD_MODES = List.of("per-node", "single");

    private ScenarioLoader()
    {
    }

    /**
     * Loads and validates a scenario file.
     *
     * @param file      the scenario script.
     * @param overrides {@code key=value} pairs (HOCON values), applied in order on top of the file.
     * @throws ScenarioException listing every problem found.
     */
    public static Scenario load(final Path file, final List<String> overrides) throws ScenarioException
    {
        final String fileName = file.toString();
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ScenarioException(List.of(new ScenarioProblem(fileName, -1, "(file)",
                "cannot read: " + ex.getMessage())));
        }
        final String defaultName = stripExtension(file.getFileName().toString());
        return parse(text, fileName, defaultName, overrides);
    }

    /**
     * Parses and validates scenario text.
     *
     * @param text        HOCON text.
     * @param fileName    name used in messages.
     * @param defaultName scenario name when the text has none.
     * @param overrides   {@code key=value} pairs applied on top.
     */
    public static Scenario parse(
        final String text, final String fileName, final String defaultName, final List<String> overrides)
        throws ScenarioException
    {
        final Config config = parseConfig(text, fileName, overrides);
        final ConfigChecker check = new ConfigChecker(fileName);
        final ConfigObject root = config.root();
        check.onlyKeys(root, "", TOP_KEYS);

        final String name = check.string(root, "", "name", defaultName, List.of());
        final Long seed = check.integer(root, "", "seed", null, Long.MIN_VALUE, Long.MAX_VALUE);
        final Double dtMs = check.number(root, "", "dt_ms", null, 0, false, 1_000);
        final TaskSpec task = TaskLoader.task(check, root);
        final boolean hasTask = root.get("task") != null;
        final Long steps = check.integer(root, "", "steps", hasTask ? Long.MAX_VALUE : null, 1, Long.MAX_VALUE);
        final Long trials = check.integer(root, "", "trials", hasTask && root.get("phases") == null ? null : -1L, 1,
            Long.MAX_VALUE);
        if (trials != null && trials > 0 && !hasTask)
        {
            check.problem(root.get("trials").origin(), "trials", "trials count a task's trials: add a task { name = … } " +
                "section, or give steps");
        }
        if (trials != null && trials > 0 && root.get("phases") != null)
        {
            check.problem(root.get("trials").origin(), "trials", "with phases, each phase says how long it runs " +
                "(remove the top-level trials)");
        }
        final Long batch = check.integer(root, "", "batch", 1L, 1, 1 << 16);
        final Long window = check.integer(root, "", "window_steps", 8L, 1, 1 << 16);
        final String threads = check.string(root, "", "threads", "per-node", THREAD_MODES);

        final Set<String> names = new HashSet<>();
        if (hasTask)
        {
            names.add(TaskSpec.NODE);
        }
        final List<InputSpec> inputs = inputs(check, root, dtMs, names);
        final List<RegionSpec> regions = regions(check, root, dtMs, names);
        // Links and records are checked against every declared name, even one whose own fields have
        // problems, so one mistake is reported once rather than again at every link that uses the name.
        final Set<String> inputNames = declaredNames(root, "inputs");
        final Set<String> regionNames = declaredNames(root, "regions");
        final List<LinkSpec> links = links(check, root, inputNames, regionNames, hasTask);
        final RecordSpec record = record(check, root, inputNames, regionNames, hasTask, batch);
        final org.brainsim.scenarios.tasks.Task taskInstance = TaskLinks.instance(check, root, task, dtMs, batch);
        targets(check, root, inputs, regions, links, taskInstance);
        TaskLinks.check(check, root, regions, links, taskInstance, hasTask);
        final java.util.Map<String, Double> learningRates = new java.util.TreeMap<>();
        final java.util.Map<String, String> learningModels = new java.util.TreeMap<>();
        for (final RegionSpec r : regions)
        {
            if (r.learning().learns() || r.isSpiking())
            {
                learningRates.put(r.name(), r.learning().learningRate());
                learningModels.put(r.name(), r.model());
            }
        }
        final List<PhaseSpec> phases = TaskLoader.phases(check, root, learningRates, learningModels, hasTask);
        if (phases != null && phases.stream().anyMatch(p -> p.errorBelow() != null) &&
            !declaredLink(root, "action", null))
        {
            check.problem(root.get("phases").origin(), "phases", "a stop_when criterion needs the task to score " +
                "trials: add a link with kind = action from the learning region to task");
        }

        final java.util.Map<String, String> placement = placement(check, root, regionNames);

        if (!check.problems().isEmpty())
        {
            throw new ScenarioException(check.problems());
        }
        final String resolvedJson = config.root().render(ConfigRenderOptions.concise().setFormatted(true));
        return new Scenario(name, fileName, text, List.copyOf(overrides), resolvedJson, seed, dtMs, steps,
            batch.intValue(), window.intValue(), "single".equals(threads) ? ThreadMode.SINGLE : ThreadMode.PER_NODE,
            inputs, regions, links, record, task, phases == null ? List.of() : phases, trials != null && trials > 0 ?
            trials : null, Long.MAX_VALUE, placement);
    }

    private static Config parseConfig(final String text, final String fileName, final List<String> overrides)
        throws ScenarioException
    {
        final List<ScenarioProblem> problems = new ArrayList<>();
        Config config = ConfigFactory.empty();
        final List<String> phaseOverrides = new ArrayList<>();
        for (final String override : overrides)
        {
            if (override.startsWith("phases.") && override.indexOf('=') > 0)
            {
                phaseOverrides.add(override); // phases is a list: applied to its element below
                continue;
            }
            final int eq = override.indexOf('=');
            if (eq <= 0)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, override,
                    "expected key=value (e.g. --set regions.v1.size=128)"));
                continue;
            }
            try
            {
                final Config one = ConfigFactory.parseString(override,
                    ConfigParseOptions.defaults().setOriginDescription("--set " + override)
                        .setSyntax(ConfigSyntax.CONF));
                config = one.withFallback(config);
            }
            catch (final ConfigException ex)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, override.substring(0, eq).trim(),
                    "not a valid HOCON key=value: " + ex.getMessage()));
            }
        }
        try
        {
            final Config file = ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription(fileName).setSyntax(ConfigSyntax.CONF));
            config = config.withFallback(file).resolve(ConfigResolveOptions.noSystem());
            config = overridePhases(config, phaseOverrides, problems);
        }
        catch (final ConfigException ex)
        {
            final int line = ex.origin() == null ? -1 : ex.origin().lineNumber();
            problems.add(new ScenarioProblem(fileName, line, "(syntax)", stripOrigin(ex.getMessage())));
        }
        if (!problems.isEmpty())
        {
            throw new ScenarioException(problems);
        }
        return config;
    }

    /**
     * Applies {@code phases.<index or name>.<key> = value} overrides to one element of the phases list (HOCON
     * paths cannot index lists).
     */
    private static Config overridePhases(final Config config, final List<String> overrides,
                                         final List<ScenarioProblem> problems)
    {
        if (overrides.isEmpty())
        {
            return config;
        }
        if (!config.hasPath("phases") || config.getValue("phases").valueType() != com.typesafe.config.ConfigValueType.LIST)
        {
            overrides.forEach(o -> problems.add(new ScenarioProblem("--set " + o, -1, o.substring(0, o.indexOf('=')).trim(),
                "the scenario has no phases list to override")));
            return config;
        }
        final List<ConfigValue> phases = new ArrayList<>(config.getList("phases"));
        for (final String override : overrides)
        {
            final int eq = override.indexOf('=');
            final String key = override.substring(0, eq).trim();
            final String[] parts = key.split("\\.", 3);
            if (parts.length < 3)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, key,
                    "expected phases.<index or name>.<key>=value (e.g. --set phases.train.trials=100)"));
                continue;
            }
            int index = -1;
            for (int i = 0; i < phases.size(); i++)
            {
                final Object name = phases.get(i) instanceof ConfigObject o && o.get("name") != null ?
                    o.get("name").unwrapped() : null;
                if (parts[1].equals(String.valueOf(i)) || parts[1].equals(name))
                {
                    index = i;
                }
            }
            if (index < 0 || !(phases.get(index) instanceof ConfigObject element))
            {
                problems.add(new ScenarioProblem("--set " + override, -1, key, "no phase '" + parts[1] +
                    "' (phases are named by index 0 … " + (phases.size() - 1) + " or by name)"));
                continue;
            }
            try
            {
                final Config one = ConfigFactory.parseString(parts[2] + override.substring(eq),
                    ConfigParseOptions.defaults().setOriginDescription("--set " + override).setSyntax(ConfigSyntax.CONF));
                phases.set(index, one.withFallback(element.toConfig()).root());
            }
            catch (final ConfigException ex)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, key, "not a valid HOCON key=value: " +
                    ex.getMessage()));
            }
        }
        return config.withValue("phases", com.typesafe.config.ConfigValueFactory.fromIterable(phases));
    }

    private static String stripOrigin(final String message)
    {
        // HOCON prefixes "<description>: <line>: "; the problem already says where.
        final String[] parts = message.split(": ", 3);
        return parts.length == 3 && parts[1].matches("\\d+") ? parts[2] : message;
    }

    private static List<InputSpec> inputs(
        final ConfigChecker check, final ConfigObject root, final Double dtMs, final Set<String> names)
    {
        final List<InputSpec> inputs = new ArrayList<>();
        final ConfigObject all = check.object(root, "", "inputs", false);
        if (all == null)
        {
            return inputs;
        }
        for (final String name : new TreeSet<>(all.keySet()))
        {
            final String path = "inputs." + name;
            final ConfigValue value = all.get(name);
            final boolean nameOk = check.name(value, path, name, names);
            final ConfigObject o = check.object(all, "inputs", name, true);
            if (o == null)
            {
                continue;
            }
            check.onlyKeys(o, path, INPUT_KEYS);
            final String kindKey = check.string(o, path, "kind", null, InputKind.keys());
            final Long size = check.integer(o, path, "size", null, 1, 1 << 20);
            final double maxRate = dtMs == null ? Double.POSITIVE_INFINITY : 1000.0 / dtMs;
            final Double rate = check.number(o, path, "rate_hz", 10.0, 0, true, maxRate);
            final Double frequency = check.number(o, path, "frequency_hz", 1.0, 0, true,
                dtMs == null ? Double.POSITIVE_INFINITY : 500.0 / dtMs);
            final Double amplitude = check.number(o, path, "amplitude", 1.0, 0, true, Double.POSITIVE_INFINITY);
            final Double noise = check.number(o, path, "noise_std", 0.1, 0, true, Double.POSITIVE_INFINITY);
            final Long frozen = check.integer(o, path, "frozen_steps", 0L, 0, 1 << 20);
            final String phase = check.string(o, path, "phase", "random", List.of("random", "zero"));
            if (nameOk && kindKey != null && size != null && rate != null && frequency != null && amplitude != null &&
                noise != null && frozen != null && phase != null)
            {
                inputs.add(new InputSpec(name, InputKind.of(kindKey), size.intValue(), rate, frequency, amplitude,
                    noise, frozen.intValue(), "random".equals(phase)));
            }
        }
        return inputs;
    }

    private static List<RegionSpec> regions(
        final ConfigChecker check, final ConfigObject root, final Double dtMs, final Set<String> names)
    {
        final List<RegionSpec> regions = new ArrayList<>();
        final ConfigObject all = check.object(root, "", "regions", true);
        if (all == null)
        {
            return regions;
        }
        if (all.isEmpty())
        {
            check.problem(all.origin(), "regions", "empty (required: at least one region)");
        }
        for (final String name : new TreeSet<>(all.keySet()))
        {
            final String path = "regions." + name;
            final boolean nameOk = check.name(all.get(name), path, name, names);
            final ConfigObject o = check.object(all, "regions", name, true);
            if (o == null)
            {
                continue;
            }
            check.onlyKeys(o, path, REGION_KEYS);
            final String model = check.string(o, path, "model", "rate", MODELS);
            final Long size = check.integer(o, path, "size", null, 1, 1 << 16);
            final Double tau = check.number(o, path, "tau_ms", null, dtMs == null ? 0 : dtMs, dtMs != null,
                Double.POSITIVE_INFINITY);
            final Double gain = check.number(o, path, "recurrent_gain", 0.9, 0, true, Double.POSITIVE_INFINITY);
            final Double bias = check.number(o, path, "bias_std", 0.1, 0, true, Double.POSITIVE_INFINITY);
            final Double h0 = check.number(o, path, "initial_state_std", 0.0, 0, true, Double.POSITIVE_INFINITY);
            final String activation = check.string(o, path, "activation", "tanh", ACTIVATIONS);
            final RegionSpec.Learning learning = learning(check, o, path, model);
            final RegionSpec.Spiking spiking = spiking(check, o, path, model, dtMs, tau);
            if (nameOk && model != null && size != null && tau != null && gain != null && bias != null && h0 != null &&
                activation != null && learning != null && spiking != null)
            {
                regions.add(new RegionSpec(name, model, size.intValue(), tau, gain, bias, h0, activation, learning,
                    spiking));
            }
        }
        return regions;
    }

    /** Every learning region has exactly one target link, as wide as its readout; no other region has one. */
    private static void targets(
        final ConfigChecker check, final ConfigObject root, final List<InputSpec> inputs, final List<RegionSpec> regions,
        final List<LinkSpec> links, final org.brainsim.scenarios.tasks.Task task)
    {
        final java.util.Map<String, Integer> widths = new java.util.HashMap<>();
        if (task != null)
        {
            widths.put(TaskSpec.NODE, task.outputWidth()); // what its target links carry
        }
        inputs.forEach(i -> widths.put(i.name(), i.size()));
        regions.forEach(r -> widths.put(r.name(), r.size()));
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        final ConfigObject regionObjects = (ConfigObject)root.get("regions");
        for (final RegionSpec region : regions)
        {
            final List<LinkSpec> targets = links.stream().filter(l -> l.isTarget() && l.to().equals(region.name()))
                .toList();
            final List<LinkSpec> errors = links.stream().filter(l -> l.isError() && l.to().equals(region.name()))
                .toList();
            final com.typesafe.config.ConfigOrigin regionOrigin = regionObjects.get(region.name()).origin();
            // Declared links count even when they have problems of their own (reported once, there).
            final boolean hasActivityInput = declaredLink(root, "activity", region.name()) ||
                declaredLink(root, "observation", region.name());
            if ((region.learning().learns() || region.isSpiking()) && !hasActivityInput)
            {
                check.problem(regionOrigin, "regions." + region.name(), "a " + (region.learning().learns() ?
                    "learning" : "spiking") + " region needs at least one activity link into it");
            }
            for (final LinkSpec e : errors)
            {
                final RegionSpec source = regions.stream().filter(r -> r.name().equals(e.from())).findFirst().orElse(null);
                final boolean sourceHasTarget = links.stream().anyMatch(l -> l.isTarget() && l.to().equals(e.from()));
                if (source == null || !source.learning().learns() || !sourceHasTarget)
                {
                    check.problem(linkObjects.get(e.name()).origin(), "links." + e.name() + ".from",
                        "'" + e.from() + "' emits no error: an error link starts at a learning region with a target link");
                }
                if (!region.isSpiking() || !"eprop".equals(region.learning().rule()))
                {
                    check.problem(linkObjects.get(e.name()).origin(), "links." + e.name() + ".to",
                        "region '" + region.name() + "' cannot learn from an error link (only lif/alif regions with " +
                            "rule = eprop do)");
                }
                else if (source != null && source.learning().outputs() > 0 && !targets.isEmpty())
                {
                    check.problem(linkObjects.get(e.name()).origin(), "links." + e.name() + ".to",
                        "region '" + region.name() + "' has a target link too: it learns from one or the other");
                }
            }
            final boolean fromTask = targets.stream().anyMatch(l -> TaskSpec.NODE.equals(l.from()));
            if (region.learning().trialSteps() == 0 && (!errors.isEmpty() || (!targets.isEmpty() && !fromTask) ||
                (region.isSpiking() && targets.isEmpty() && errors.isEmpty())))
            {
                check.problem(regionOrigin, "regions." + region.name() + ".trial_steps", "missing (required: an " +
                    "integer >= 1, the trial length, unless the region's target link comes from the task)");
            }
            if (!errors.isEmpty())
            {
                if (errors.size() > 1)
                {
                    check.problem(regionOrigin, "regions." + region.name(), "at most one error link may come in, found " +
                        errors.size());
                }
                continue;
            }
            if (!region.learning().learns())
            {
                for (final LinkSpec t : targets)
                {
                    check.problem(linkObjects.get(t.name()).origin(), "links." + t.name() + ".kind",
                        "region '" + region.name() + "' has no rule, so it takes no target (give it a rule, or kind = activity)");
                }
                continue;
            }
            if (targets.size() != 1)
            {
                check.problem(regionOrigin, "regions." + region.name() + ".rule", "a learning region needs exactly " +
                    "one link with kind = target into it, found " + targets.size());
                continue;
            }
            final LinkSpec target = targets.get(0);
            final Integer width = widths.get(target.from());
            if (width != null && width != region.learning().outputs())
            {
                check.problem(linkObjects.get(target.name()).origin(), "links." + target.name() + ".from",
                    "target '" + target.from() + "' has " + width + " units but region '" + region.name() +
                        "' has outputs = " + region.learning().outputs() + " (they must match)");
            }
        }
    }

    private static RegionSpec.Learning learning(
        final ConfigChecker check, final ConfigObject o, final String path, final String model)
    {
        final List<String> allowed = model == null ? RuleNames.ALL : RuleNames.forModel(model);
        final String rule = check.string(o, path, "rule", "none", allowed);
        final String feedback = check.string(o, path, "feedback", "random", FEEDBACK);
        final Long window = check.integer(o, path, "window_steps", 0L, 0, Integer.MAX_VALUE);
        final boolean learns = rule != null && !"none".equals(rule);
        final Long trial = check.integer(o, path, "trial_steps", 0L, 1, Integer.MAX_VALUE);
        final Long outputs = check.integer(o, path, "outputs", 1L, 1, 1 << 16);
        final String optimizer = check.string(o, path, "optimizer", "adam", OPTIMIZERS);
        final Double lr = check.number(o, path, "learning_rate", 1e-3, 0, true, Double.POSITIVE_INFINITY);
        final Double l2 = check.number(o, path, "l2", 0.0, 0, true, Double.POSITIVE_INFINITY);
        final Double clip = check.number(o, path, "clip_norm", 0.0, 0, true, Double.POSITIVE_INFINITY);
        final Double rateReg = check.number(o, path, "rate_reg", 0.0, 0, true, Double.POSITIVE_INFINITY);
        final Double targetRate = check.number(o, path, "target_rate_hz", 10.0, 0, true, Double.POSITIVE_INFINITY);
        final Long errorDelay = check.integer(o, path, "error_delay_steps", 0L, 0, 1 << 16);
        check.string(o, path, "objective", "supervised", OBJECTIVES);
        final String loss = check.string(o, path, "loss", "task", LOSSES);
        final String reduction = check.string(o, path, "loss_reduction", "sum", REDUCTIONS);
        final Double feedbackStd = check.number(o, path, "feedback_std", 0.0, 0, true, Double.POSITIVE_INFINITY);
        final Double beta1 = check.number(o, path, "adam_beta1", 0.9, 0, true, 0.999999);
        final Double beta2 = check.number(o, path, "adam_beta2", 0.999, 0, true, 0.999999999);
        final Double epsilon = check.number(o, path, "adam_epsilon", 1e-7, 0, false, 1);
        if (beta1 == null || beta2 == null || epsilon == null || feedbackStd == null || loss == null || reduction == null || errorDelay == null || rule == null || feedback == null || window == null || trial == null || outputs == null ||
            optimizer == null || lr == null || l2 == null || clip == null || rateReg == null || targetRate == null)
        {
            return null;
        }
        return new RegionSpec.Learning(rule, feedback, window.intValue(), trial.intValue(), outputs.intValue(),
            optimizer, lr, l2, clip, rateReg, targetRate, errorDelay.intValue(), loss, reduction, feedbackStd, beta1, beta2, epsilon);
    }

    private static RegionSpec.Spiking spiking(
        final ConfigChecker check, final ConfigObject o, final String path, final String model, final Double dtMs,
        final Double tauM)
    {
        final Double tauA = check.number(o, path, "tau_a_ms", 2000.0, 0, false, Double.POSITIVE_INFINITY);
        final double dt = dtMs == null ? 1 : dtMs;
        final double alpha = Math.exp(-dt / (tauM == null ? 20 : tauM));
        final double rho = Math.exp(-dt / (tauA == null ? 2000 : tauA));
        final Double beta = check.number(o, path, "beta", 1.7 * (1 - rho) / (1 - alpha), 0, true, Double.POSITIVE_INFINITY);
        final Double vTh = check.number(o, path, "v_th", 0.6, 0, false, Double.POSITIVE_INFINITY);
        final Long nRef = check.integer(o, path, "refractory_steps", 5L, 0, 1 << 16);
        final Double gammaPd = check.number(o, path, "pseudo_derivative", 0.3, 0, true, Double.POSITIVE_INFINITY);
        final Double tauOut = check.number(o, path, "tau_out_ms", 20.0, 0, false, Double.POSITIVE_INFINITY);
        final Double fraction = check.number(o, path, "alif_fraction", "alif".equals(model) ? 0.5 : 0.0, 0, true, 1);
        if (gammaPd == null || tauA == null || beta == null || vTh == null || nRef == null || tauOut == null ||
            fraction == null)
        {
            return null;
        }
        if ("lif".equals(model) && fraction != 0)
        {
            check.problem(o.get("alif_fraction").origin(), path + ".alif_fraction",
                "must be 0 for model lif (use model = alif for adaptive units)");
            return null;
        }
        return new RegionSpec.Spiking(tauA, beta, vTh, nRef.intValue(), tauOut, fraction, gammaPd);
    }

    private static List<LinkSpec> links(
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
            check.onlyKeys(o, path, LINK_KEYS);
            final String from = check.string(o, path, "from", null, List.of());
            final String to = check.string(o, path, "to", null, List.of());
            final Long delay = check.integer(o, path, "delay_steps", null, 1, 1 << 20);
            final Double scale = check.number(o, path, "weight_scale", 1.0, 0, true, Double.POSITIVE_INFINITY);
            final String kind = check.string(o, path, "kind", "activity", LINK_KINDS);
            final String init = check.string(o, path, "init", "normal", List.of("normal", "uniform"));
            final Double sparsity = check.number(o, path, "sparsity", 0.0, 0, true, 0.999);
            final Boolean plastic = check.bool(o, path, "plastic", true);
            if (kind != null && !"activity".equals(kind) && !"observation".equals(kind))
            {
                for (final String key : List.of("init", "sparsity", "plastic", "weight_scale"))
                {
                    if (o.get(key) != null)
                    {
                        check.problem(o.get(key).origin(), path + "." + key, "only links that feed units (kind = " +
                            "activity or observation) have weights; a " + kind + " link has none");
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
            if (to != null && toTask && kind != null && !"action".equals(kind))
            {
                check.problem(o.get("to").origin(), path + ".to", "the task takes only kind = action links (a " +
                    "region's readout), not kind = " + kind);
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
                ends = TaskLinks.kindFits(check, o, path, kind, from, to, hasTask, regionNames);
            }
            if (ends && from != null && to != null && delay != null && scale != null && kind != null && init != null &&
                sparsity != null && plastic != null)
            {
                links.add(new LinkSpec(links.size(), name, from, to, delay.intValue(), scale, kind, init, sparsity, plastic));
            }
        }
        links.sort(Comparator.comparingInt(LinkSpec::id));
        return links;
    }

    private static RecordSpec record(
        final ConfigChecker check, final ConfigObject root, final Set<String> inputNames, final Set<String> regionNames,
        final boolean hasTask, final Long batch)
    {
        final Set<String> all = new LinkedHashSet<>();
        if (hasTask)
        {
            all.add(TaskSpec.NODE);
        }
        all.addAll(inputNames);
        all.addAll(regionNames);
        final int batchRows = batch == null ? 1 : batch.intValue();
        final ConfigObject o = check.object(root, "", "record", false);
        if (o == null)
        {
            return new RecordSpec(List.copyOf(all), 1, 1, batchRows, 0);
        }
        check.onlyKeys(o, "record", RECORD_KEYS);
        final List<String> nodes = check.strings(o, "record", "nodes", List.copyOf(all));
        final Long every = check.integer(o, "record", "every_steps", 1L, 1, Integer.MAX_VALUE);
        final Long everyTrials = check.integer(o, "record", "every_trials", 1L, 0, Integer.MAX_VALUE);
        final Long rows = check.integer(o, "record", "rows", (long)batchRows, 1, batchRows);
        final Long weights = check.integer(o, "record", "weights_every_trials", 0L, 0, Integer.MAX_VALUE);
        for (final String key : List.of("every_trials", "weights_every_trials"))
        {
            if (!hasTask && o.get(key) != null)
            {
                check.problem(o.get(key).origin(), "record." + key, "counts a task's trials: add a task { name = … } " +
                    "section (without a task, use every_steps)");
            }
        }
        if (nodes != null)
        {
            for (final String node : nodes)
            {
                if (!all.contains(node))
                {
                    check.problem(o.get("nodes").origin(), "record.nodes",
                        "no input or region named '" + node + "' (known: " + String.join(", ", all) + ")");
                }
            }
        }
        return new RecordSpec(nodes == null ? List.of() : nodes, every == null ? 1 : every.intValue(),
            everyTrials == null ? 1 : everyTrials.intValue(), rows == null ? batchRows : rows.intValue(),
            weights == null ? 0 : weights.intValue());
    }

    /** @return whether a link of {@code kind} (into {@code to}, when given) is declared, valid or not. */
    private static boolean declaredLink(final ConfigObject root, final String kind, final String to)
    {
        if (!(root.get("links") instanceof ConfigObject links))
        {
            return false;
        }
        for (final ConfigValue value : links.values())
        {
            if (value instanceof ConfigObject link)
            {
                final Object k = link.get("kind") == null ? "activity" : link.get("kind").unwrapped();
                final Object t = link.get("to") == null ? null : link.get("to").unwrapped();
                if (kind.equals(k) && (to == null || to.equals(t)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code placement { region = node-name }}: which cluster node runs a region (cluster runs only; node names
     * are checked when the run is submitted, against the nodes that are up).
     */
    private static java.util.Map<String, String> placement(
        final ConfigChecker check, final ConfigObject root, final Set<String> regionNames)
    {
        final java.util.Map<String, String> placement = new java.util.TreeMap<>();
        final ConfigObject object = check.object(root, "", "placement", false);
        if (object == null)
        {
            return placement;
        }
        for (final String region : new TreeSet<>(object.keySet()))
        {
            final ConfigValue value = object.get(region);
            if (!regionNames.contains(region))
            {
                check.problem(value.origin(), "placement." + region, "no such region (regions: " +
                    String.join(", ", regionNames) + "); only regions are placed: the task and inputs run where the " +
                    "run is submitted");
                continue;
            }
            if (value.valueType() != com.typesafe.config.ConfigValueType.STRING ||
                String.valueOf(value.unwrapped()).isBlank())
            {
                check.problem(value.origin(), "placement." + region, "expected a node name (as given to brainsim " +
                    "node --name), got " + value.render());
                continue;
            }
            placement.put(region, String.valueOf(value.unwrapped()));
        }
        return placement;
    }

    private static Set<String> declaredNames(final ConfigObject root, final String key)
    {
        final ConfigValue value = root.get(key);
        return value instanceof ConfigObject o ? new TreeSet<>(o.keySet()) : new TreeSet<>();
    }

    private static String stripExtension(final String fileName)
    {
        final int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
