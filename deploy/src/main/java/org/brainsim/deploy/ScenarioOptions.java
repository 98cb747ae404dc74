package org.brainsim.deploy;

import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioException;
import org.brainsim.scenarios.ScenarioLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario file and its overrides, shared by every command that reads a scenario.
 */
final class ScenarioOptions
{
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario script (HOCON), e.g. scenarios/hello.conf.")
    Path scenarioFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Override any scenario entry, e.g. --set regions.v1.size=128 (repeatable; applied in order).")
    List<String> overrides = new ArrayList<>();

    /**
     * Loads the scenario, printing every problem to {@code err}.
     *
     * @return the scenario, or {@code null} after printing problems.
     */
    Scenario load(final PrintWriter err)
    {
        try
        {
            return ScenarioLoader.load(scenarioFile, overrides);
        }
        catch (final ScenarioException ex)
        {
            final int n = ex.problems().size();
            err.println("brainsim: " + scenarioFile + " has " + n + (n == 1 ? " problem:" : " problems:"));
            ex.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return null;
        }
    }
}
