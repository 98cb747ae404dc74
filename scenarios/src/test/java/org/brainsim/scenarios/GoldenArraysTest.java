package org.brainsim.scenarios;

import org.brainsim.scenarios.testing.GoldenArrays;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safety net of every refactor: the example scenarios, run in one JVM as {@code brainsim run} runs them, give
 * arrays byte-identical to the golden ones ({@link GoldenArrays}). The same check across 3 node JVMs is
 * {@code GoldenClusterTest} (slow).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GoldenArraysTest
{
    @TempDir
    Path dir;

    static List<GoldenArrays.Case> cases()
    {
        return GoldenArrays.CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRecordTheGoldenArrays(final GoldenArrays.Case run) throws Exception
    {
        Scenario scenario = ScenarioLoader.load(Path.of(run.scenario() + ".conf"), run.overrides());
        if (run.trials() > 0)
        {
            scenario = scenario.withTrialLimit(run.trials());
        }
        final Path out = dir.resolve(run.sums());

        final RunOutcome outcome = ScenarioRun.prepare(scenario, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        GoldenArrays.assertMatches(run, out);
    }
}
