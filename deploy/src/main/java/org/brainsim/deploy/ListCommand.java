package org.brainsim.deploy;

import org.brainsim.scenarios.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code brainsim list}: the models, rules, objectives and tasks a scenario can name, one line each, and the analyses
 * {@code brainsim analyze} runs.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the models, rules, objectives and tasks a scenario can name (docs/scenarios.md has every key), " +
        "and the analyses of brainsim analyze.")
final class ListCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("models (regions.<name>.model; settings with defaults):");
        Catalog.models().forEach(m -> out.printf("  %-18s %s%n  %-18s %s%n", m[0], m[1], "", m[2]));
        out.println("rules (regions.<name>.rule; the models each applies to; settings with defaults):");
        Catalog.rules().forEach(r -> out.printf("  %-18s %-15s %s%n  %-34s %s%n", r[0], r[1], r[2], "", r[3]));
        out.println("objectives (regions.<name>.objective, or objectives = [{kind = …, weight = …}]; settings):");
        Catalog.objectives().forEach(o -> out.printf("  %-18s %s%n  %-18s %s%n", o[0], o[1], "", o[2]));
        out.println("tasks (task.name; parameters with defaults):");
        Catalog.tasks().forEach(t -> out.printf("  %-22s %s%n  %-22s %s%n", t[0], t[1], "", t[2]));
        out.println("analyses (brainsim analyze ANALYSIS RUN_DIR; options):");
        AnalyzeCommand.DESCRIPTIONS.forEach((name, text) -> out.printf("  %-18s %s%n", name, text));
        out.flush();
        return 0;
    }
}
