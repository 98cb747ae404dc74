package org.brainsim.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.brainsim.deploy.testing.RunArrays.assertSameArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code BRAINSIM_GEMM=onednn} (here its system property): a rate region learning by BPTT computes its products with
 * oneDNN, says so in the manifest, and stays deterministic across thread modes; a setting that names no engine is
 * refused before the run, with exit code 2.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GemmEngineTest
{
    private static final String[] RATE_BPTT = {"--steps", "1200", "--set", "regions.ctx.model=rate", "--set",
        "regions.ctx.rule=bptt", "--quiet"};

    private static int run(final Path dir, final String name, final String engine, final String... more)
        throws Exception
    {
        final List<String> args = new java.util.ArrayList<>(List.of("run", Cli.scenario("learn-sine.conf"), "--out",
            dir.resolve(name).toString()));
        args.addAll(List.of(RATE_BPTT));
        args.addAll(List.of(more));
        final Process p = Cli.spawn(dir.resolve(name + ".log"), List.of("-Dbrainsim.gemm=" + engine),
            args.toArray(String[]::new));
        try
        {
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), name + " finished");
            return p.exitValue();
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    @Test
    void oneDnnRunsAreTheSameWhateverTheThreadsAndSaySo(@TempDir final Path dir) throws Exception
    {
        assertEquals(0, run(dir, "single", "onednn", "--threads", "single"), () -> log(dir, "single"));
        assertEquals(0, run(dir, "per-node", "onednn", "--threads", "per-node"), () -> log(dir, "per-node"));
        assertSameArrays(dir.resolve("single"), dir.resolve("per-node"));
        assertEquals("onednn", new ObjectMapper().readTree(dir.resolve("single/manifest.json").toFile())
            .path("products").path("engine").asText());
    }

    @Test
    void anUnknownEngineIsRefusedUpFront(@TempDir final Path dir) throws Exception
    {
        assertEquals(2, run(dir, "bad", "mkl"));
        final String log = log(dir, "bad");
        assertTrue(log.contains("BRAINSIM_GEMM: mkl (allowed: openblas, onednn)"), log);
        assertTrue(!Files.exists(dir.resolve("bad/manifest.json")), "no run started");
    }

    private static String log(final Path dir, final String name)
    {
        try
        {
            return Files.readString(dir.resolve(name + ".log"));
        }
        catch (final java.io.IOException e)
        {
            return e.toString();
        }
    }
}
