package org.brainsim.deploy;

import org.brainsim.scenarios.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code brainsim validate SCENARIO}: checks a scenario without running it.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a scenario script without running it; prints every problem with file:line.")
final class ValidateCommand implements Callable<Integer>
{
    @Mixin
    ScenarioOptions scenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final Scenario s = scenario.load(spec.commandLine().getErr());
        if (s == null)
        {
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        spec.commandLine().getOut().printf("%s: ok (%d inputs, %d regions, %d links, %d steps of %s ms, batch %d)%n",
            scenario.scenarioFile, s.inputs().size(), s.regions().size(), s.links().size(), s.steps(), s.dtMs(),
            s.batch());
        return 0;
    }
}
