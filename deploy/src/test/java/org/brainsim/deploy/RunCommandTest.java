package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandTest
{
    /** Tests run in deploy/; scenario scripts live in scenarios/. */
    private static final String HELLO = Cli.scenario("hello.conf");

    @TempDir
    Path dir;


    @Test
    void shouldRunHelloAndWriteAManifestAndLoadableArrays() throws Exception
    {
        final Path out = dir.resolve("run");
        final Cli.Result r = brainsim("run", HELLO, "--steps", "200", "--out", out.toString(), "--quiet");

        assertEquals(0, r.exitCode(), r.err());
        final JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("completed", manifest.get("status").asText());
        assertEquals(200, manifest.get("steps").asLong());
        assertEquals(4, manifest.get("arrays").size());
        for (final JsonNode a : manifest.get("arrays"))
        {
            final NpyReader.Array array = NpyReader.read(out.resolve(a.get("file").asText()));
            assertEquals(8, array.header().shape()[0]);
            assertEquals(200, array.header().shape()[1]);
        }
        assertTrue(r.out().contains("200 steps"), r.out());
    }

    @Test
    void shouldWriteArraysThatNumPyLoads() throws Exception
    {
        final File python = new File("/usr/bin/python3");
        assumeTrue(python.canExecute() && new ProcessBuilder(python.getPath(), "-c", "import numpy").start().waitFor() == 0,
            "Debian's python3-numpy is not installed (.ci/run installs it)");
        final Path out = dir.resolve("run");
        assertEquals(0, brainsim("run", HELLO, "--steps", "30", "--out", out.toString(), "--quiet").exitCode());

        final Process p = new ProcessBuilder(python.getPath(), "-c", String.join("\n",
            "import json, sys, numpy as np",
            "d = sys.argv[1]",
            "m = json.load(open(d + '/manifest.json'))",
            "for a in m['arrays']:",
            "    x = np.load(d + '/' + a['file'])",
            "    assert list(x.shape) == a['shape'], (x.shape, a['shape'])",
            "    assert str(x.dtype) == a['dtype'], (x.dtype, a['dtype'])",
            "    assert np.isfinite(x.astype('f8')).all()",
            "print('numpy ok', len(m['arrays']))"), out.toString()).redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), text);
        assertTrue(text.contains("numpy ok 4"), text);
    }

    @Test
    void shouldGiveTheSameArraysOnOneThreadAndOnOneThreadPerRegion() throws Exception
    {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        assertEquals(0, brainsim("run", HELLO, "--steps", "100", "--out", a.toString(), "--quiet",
            "--threads", "per-node").exitCode());
        assertEquals(0, brainsim("run", HELLO, "--steps", "100", "--out", b.toString(), "--quiet",
            "--threads", "single").exitCode());

        for (final String node : new String[] {"stim", "v1", "pfc", "hpc"})
        {
            assertArrayEquals(Files.readAllBytes(a.resolve("activity/" + node + ".npy")),
                Files.readAllBytes(b.resolve("activity/" + node + ".npy")), node);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key        | tau_ms = 10     | tua_ms = 10    | :17: regions.v1.tua_ms: unknown key",
        "wrong type         | size = 128, tau_ms = 10 | size = big, tau_ms = 10 | :17: regions.v1.size: expected an integer",
        "missing region     | to = pfc        | to = pcf       | :24: links.v1_to_pfc.to: no region named 'pcf'",
        "delay below one    | delay_steps = 2 | delay_steps = 0 | :24: links.v1_to_pfc.delay_steps: must be in [1,",
        "non-positive size  | size = 64       | size = -64     | :19: regions.hpc.size: must be in [1,"})
    void shouldExitTwoWithFileAndLineForEachInvalidScenario(
        final String name, final String from, final String to, final String expected) throws Exception
    {
        final String text = Files.readString(Path.of(HELLO));
        assertTrue(text.contains(from.strip()), "fixture text: " + from);
        final Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, text.replaceFirst(java.util.regex.Pattern.quote(from.strip()), to.strip()));
        final Path out = dir.resolve("out");

        final Cli.Result r = brainsim("run", bad.toString(), "--out", out.toString(), "--quiet");

        assertEquals(BrainsimCli.EXIT_BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(bad + expected.strip()), r.err());
        assertFalse(Files.exists(out), "nothing starts before the scenario is valid");
    }

    @Test
    void shouldExitTwoForABadOverrideNamingIt()
    {
        final Cli.Result r = brainsim("run", HELLO, "--set", "regions.v1.tau_ms=-3", "--quiet", "--out",
            dir.resolve("x").toString());

        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--set regions.v1.tau_ms=-3:1: regions.v1.tau_ms: must be"), r.err());
    }

    @Test
    void shouldExitTwoForUsageErrorsAndPrintHelpForEveryCommand()
    {
        assertEquals(2, brainsim("run").exitCode());
        assertEquals(2, brainsim("run", HELLO, "--steps", "many").exitCode());
        assertEquals(2, brainsim("frobnicate").exitCode());
        for (final String[] help : new String[][] {{"--help"}, {"run", "--help"}, {"validate", "--help"}})
        {
            final Cli.Result r = brainsim(help);
            assertEquals(0, r.exitCode());
            assertTrue(r.out().startsWith("Usage: brainsim"), r.out());
        }
    }

    @Test
    void shouldValidateWithoutRunning()
    {
        final Cli.Result ok = brainsim("validate", HELLO);
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("ok (1 inputs, 3 regions, 4 links"), ok.out());
    }

    @Test
    void shouldRefuseToOverwriteAnEarlierRun() throws Exception
    {
        final Path out = dir.resolve("run");
        assertEquals(0, brainsim("run", HELLO, "--steps", "5", "--out", out.toString(), "--quiet").exitCode());

        final Cli.Result again = brainsim("run", HELLO, "--steps", "5", "--out", out.toString(), "--quiet");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }

    /** Also fix (issue 10): a region that cannot fit this JVM is refused before anything runs, with the numbers. */
    @Test
    void shouldRefuseARegionTooLargeForThisJvm()
    {
        for (final String size : List.of("65536", "50000", "46000"))
        {
            final Cli.Result r = brainsim("validate", HELLO, "--set", "regions.pfc.size=" + size);
            assertEquals(2, r.exitCode(), size + ": " + r.out() + r.err());
            assertTrue(r.err().contains("regions.pfc.size: ") && r.err().contains("needs about") &&
                r.err().contains("off the heap"), r.err());
        }
    }

    /** Also fix (issue 10): a run whose loss leaves the finite floats stops, says so, and keeps its data. */
    @Test
    void shouldExitOneNamingRegionTrialAndStepWhenARunDiverges() throws Exception
    {
        final Path out = dir.resolve("diverged");
        final Cli.Result r = brainsim("run", Cli.scenario("learn-sine.conf"), "--set", "regions.ctx.learning_rate=1e30",
            "--out", out.toString(), "--quiet");

        assertEquals(BrainsimCli.EXIT_RUNTIME_FAILURE, r.exitCode(), r.err());
        assertTrue(r.err().contains("run diverged") && r.err().contains("node ctx") && r.err().contains("(trial "),
            r.err());
        assertEquals("diverged", new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("status")
            .asText());
    }

    /** Also fix (issue 10): --trials says which phases it leaves out, and how to look at every phase instead. */
    @Test
    void shouldSayWhichPhasesTrialsLeavesOut()
    {
        final Cli.Result r = brainsim("run", Cli.scenario("evidence-accumulation.conf"), "--trials", "1", "--set",
            "batch=4", "--set", "record.every_trials=0", "--quiet", "--out", dir.resolve("t").toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("--trials 1") && r.err().contains("test, lesion") &&
            r.err().contains("--set phases.<name>.trials=N"), r.err());
        final Cli.Result help = brainsim("run", "--help");
        final String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("Later phases do not run") && text.contains("shorten each with --set phases.<name>."),
            help.out());
    }
}
