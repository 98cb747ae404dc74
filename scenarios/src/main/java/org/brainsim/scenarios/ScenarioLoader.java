package org.brainsim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import org.brainsim.regions.lockstep.ThreadMode;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.optim.OptimizerSettings;
import org.brainsim.scenarios.load.ConfigChecker;
import org.brainsim.scenarios.load.ConfigText;
import org.brainsim.scenarios.load.InputReader;
import org.brainsim.scenarios.load.LinkReader;
import org.brainsim.scenarios.load.LinkRules;
import org.brainsim.scenarios.load.MemoryCheck;
import org.brainsim.scenarios.load.PhaseReader;
import org.brainsim.scenarios.load.PlacementReader;
import org.brainsim.scenarios.load.RecordReader;
import org.brainsim.scenarios.load.RegionReader;
import org.brainsim.scenarios.load.TargetRules;
import org.brainsim.scenarios.load.TaskReader;
import org.brainsim.scenarios.spec.InputSpec;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.scenarios.spec.RecordSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a scenario script (HOCON) into a typed {@link Scenario}, applying {@code --set key=value} overrides and
 * checking everything before anything runs. One reader per section ({@code org.brainsim.scenarios.load}); the
 * checks across sections last. Every problem is reported, each with file, line and key and what is allowed; see
 * {@code docs/scenarios.md} for the language.
 */
public final class ScenarioLoader
{
    /** Top-level keys. */
    static final List<String> TOP_KEYS = List.of(
        "name", "seed", "dt_ms", "steps", "trials", "batch", "window_steps", "threads", "task", "phases", "inputs",
        "regions", "links", "record", "placement");

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
        return parse(text, fileName, stripExtension(file.getFileName().toString()), overrides);
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
        final Config config = ConfigText.parse(text, fileName, overrides);
        final ConfigChecker check = new ConfigChecker(fileName);
        final ConfigObject root = config.root();
        check.onlyKeys(root, "", TOP_KEYS);

        final String name = check.string(root, "", "name", defaultName, List.of());
        final Long seed = check.integer(root, "", "seed", null, Long.MIN_VALUE, Long.MAX_VALUE);
        final Double dtMs = check.number(root, "", "dt_ms", null, 0, false, 1_000);
        final TaskSpec task = TaskReader.read(check, root);
        final boolean hasTask = root.get("task") != null;
        final Long steps = hasTask && root.get("steps") == null ? Long.valueOf(Long.MAX_VALUE) :
            check.integer(root, "", "steps", null, 1, Long.MAX_VALUE);
        final Long trials = trials(check, root, hasTask);
        final Long batch = check.integer(root, "", "batch", 1L, 1, 1 << 16);
        final Long window = check.integer(root, "", "window_steps", 8L, 1, 1 << 16);
        final ThreadMode threads = check.choice(root, "", "threads", ThreadMode.PER_NODE, ThreadMode.class);

        final Set<String> names = new HashSet<>();
        if (hasTask)
        {
            names.add(TaskSpec.NODE);
        }
        final List<InputSpec> inputs = InputReader.read(check, root, dtMs, names);
        final RegionReader.Read read = RegionReader.read(check, root, dtMs, names);
        // Links and records are checked against every declared name, even one whose own fields have
        // problems, so one mistake is reported once rather than again at every link that uses the name.
        final Set<String> inputNames = declaredNames(root, "inputs");
        final Set<String> regionNames = declaredNames(root, "regions");
        final List<LinkSpec> links = LinkReader.read(check, root, inputNames, regionNames, hasTask);
        final Set<String> recordable = new LinkedHashSet<>();
        if (hasTask)
        {
            recordable.add(TaskSpec.NODE);
        }
        recordable.addAll(inputNames);
        recordable.addAll(regionNames);
        final RecordSpec record = RecordReader.read(check, root, recordable, hasTask, batch);
        final Task made = TaskReader.instance(check, root, task, dtMs, batch);
        // laid out for its response lag, as the run will (an acting task's trials depend on it)
        final Task taskInstance = made == null || links == null ? made :
            made.timed(LinkSpec.responseLag(links), LinkSpec.settle(links));
        LinkRules.checkTask(check, root, read.regions(), links, taskInstance, hasTask);
        final List<RegionSpec> regions = TargetRules.settle(check, root, inputs, read.regions(), links, taskInstance,
            read.objectivesGiven());
        final List<PhaseSpec> phases = PhaseReader.read(check, root, learningRates(regions), models(regions), hasTask,
            links, taskInstance);
        if (phases != null && phases.stream().anyMatch(p -> p.errorBelow() != null) &&
            !LinkReader.declared(root, LinkSpec.Kind.ACTION, null))
        {
            check.problem(root.get("phases").origin(), "phases", "a stop_when criterion needs the task to score " +
                "trials: add a link with kind = action from the learning region to task");
        }
        final Map<String, String> placement = PlacementReader.read(check, root, regionNames);
        if (!check.problems().isEmpty())
        {
            throw new ScenarioException(check.problems());
        }
        final Map<String, Long> memory = MemoryCheck.run(check, root, inputs, regions, links, taskInstance,
            batch.intValue(), dtMs);
        if (!check.problems().isEmpty())
        {
            throw new ScenarioException(check.problems());
        }
        return new Scenario(name, fileName, text, List.copyOf(overrides), check.resolved().root(), seed, dtMs, steps,
            batch.intValue(), window.intValue(), threads, inputs, regions, links, record, task,
            phases == null ? List.of() : phases, trials, Long.MAX_VALUE, placement, memory);
    }

    /** @return with a task and no phases, the trials to run; {@code null} otherwise (problems reported). */
    private static Long trials(final ConfigChecker check, final ConfigObject root, final boolean hasTask)
    {
        final boolean phases = root.get("phases") != null;
        final ConfigValue given = root.get("trials");
        if (hasTask && !phases && given == null)
        {
            check.problem(root.origin(), "trials", "missing (required: an integer in [1, ∞], the trials of the task " +
                "to run, or a phases list)");
            return null;
        }
        if (given == null)
        {
            return null;
        }
        final Long trials = check.integer(root, "", "trials", null, 1, Long.MAX_VALUE);
        if (trials != null && !hasTask)
        {
            check.problem(given.origin(), "trials", "trials count a task's trials: add a task { name = … } section, " +
                "or give steps");
        }
        if (trials != null && phases)
        {
            check.problem(given.origin(), "trials", "with phases, each phase says how long it runs (remove the " +
                "top-level trials)");
        }
        return trials != null && hasTask && !phases ? trials : null;
    }

    private static Map<String, Double> learningRates(final List<RegionSpec> regions)
    {
        final Map<String, Double> rates = new TreeMap<>();
        regions.stream().filter(RegionSpec::learns)
            .forEach(r -> rates.put(r.name(), r.update().get(OptimizerSettings.LEARNING_RATE)));
        return rates;
    }

    private static Map<String, RegionModel> models(final List<RegionSpec> regions)
    {
        final Map<String, RegionModel> models = new LinkedHashMap<>();
        regions.forEach(r -> models.put(r.name(), r.model()));
        return models;
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
