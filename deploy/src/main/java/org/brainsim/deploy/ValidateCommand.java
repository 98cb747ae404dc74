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
        final String length = s.task() == null ? s.steps() + " steps" : "task " + s.task().name() + ", " +
            (s.phases().isEmpty() ? (s.trials() == null ? "no trial limit" : s.trials() + " trials") :
                s.phases().size() + " phases (" + String.join(", ", s.phases().stream().map(p -> p.name()).toList()) + ")");
        spec.commandLine().getOut().printf("%s: ok (%d inputs, %d regions, %d links, %s, %s ms steps, batch %d)%n",
            scenario.scenarioFile, s.inputs().size(), s.regions().size(), s.links().size(), length, s.dtMs(), s.batch());
        return 0;
    }
}
