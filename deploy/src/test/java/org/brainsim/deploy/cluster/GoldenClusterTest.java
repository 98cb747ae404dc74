package org.brainsim.deploy.cluster;

import org.brainsim.deploy.testing.Cli;
import org.brainsim.scenarios.testing.GoldenArrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.brainsim.deploy.testing.Cli.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden arrays ({@link GoldenArrays}) across 3 node JVMs: {@code brainsim run SCENARIO --nodes 3} records every
 * golden array byte for byte, as the one-JVM run does ({@code GoldenArraysTest}).
 */
@Tag("slow")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class GoldenClusterTest
{
    @TempDir
    Path dir;

    static List<GoldenArrays.Case> cases()
    {
        return GoldenArrays.CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRecordTheGoldenArraysAcrossThreeNodes(final GoldenArrays.Case run)
    {
        final Path out = dir.resolve(run.sums());
        final List<String> args = new ArrayList<>(List.of("run", scenario(run.scenario() + ".conf"), "--nodes", "3",
            "--out", out.toString(), "--quiet"));
        if (run.trials() > 0)
        {
            args.addAll(List.of("--trials", String.valueOf(run.trials())));
        }
        for (final String override : run.overrides())
        {
            args.addAll(List.of("--set", override));
        }

        final Cli.Result r = brainsim(args.toArray(String[]::new));

        assertEquals(0, r.exitCode(), r.err());
        GoldenArrays.assertMatches(run, out);
    }
}
