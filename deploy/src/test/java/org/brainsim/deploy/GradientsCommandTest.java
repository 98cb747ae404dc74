package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GradientsCommandTest
{
    @TempDir
    Path dir;

    private static int run(final StringWriter err, final String... args)
    {
        return BrainsimCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldWriteGradientsWeightsParametersAndAlignment() throws Exception
    {
        final StringWriter err = new StringWriter();
        final int code = run(err, "gradients", "--model", "alif", "--rules", "bptt,eprop-symmetric,eprop-random",
            "--size", "20", "--inputs-n", "10", "--steps", "120", "--batch", "2", "--out", dir.toString());

        assertEquals(0, code, err.toString());
        final JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        for (final String key : new String[] {"alpha", "rho", "beta", "v_th", "zeta", "kappa", "gamma_pd",
            "refractory_steps"})
        {
            assertTrue(manifest.get("parameters").has(key), "manifest states " + key);
        }
        assertTrue(manifest.get("loss").asText().contains("(y - y*)^2"));
        final JsonNode alignment = new ObjectMapper().readTree(dir.resolve("alignment.json").toFile());
        assertEquals(1.0, alignment.get("cosine_in_and_rec").get("bptt").asDouble(), 1e-12);
        final double symmetric = alignment.get("cosine_in_and_rec").get("eprop-symmetric").asDouble();
        assertTrue(symmetric > 0 && symmetric < 1, "symmetric e-prop approximates BPTT: " + symmetric);
        assertArrayEquals(new long[] {2, 120, 10}, NpyReader.read(dir.resolve("inputs.npy")).header().shape());
        assertArrayEquals(new long[] {20, 20}, NpyReader.read(dir.resolve("gradients/eprop-random/rec.npy")).header().shape());
        assertArrayEquals(new long[] {1, 20}, NpyReader.read(dir.resolve("feedback.npy")).header().shape());
    }

    @Test
    void shouldAcceptASuppliedInputTargetPairAndLoadInNumPy() throws Exception
    {
        final Path first = dir.resolve("first");
        assertEquals(0, run(new StringWriter(), "gradients", "--model", "rate", "--rules", "bptt,rtrl,rflo-random",
            "--size", "6", "--inputs-n", "3", "--steps", "30", "--out", first.toString()));
        final Path second = dir.resolve("second");
        final StringWriter err = new StringWriter();
        assertEquals(0, run(err, "gradients", "--model", "rate", "--rules", "bptt,rtrl,rflo-random", "--size", "6",
            "--inputs", first.resolve("inputs.npy").toString(), "--targets", first.resolve("targets.npy").toString(),
            "--out", second.toString()), err.toString());

        final JsonNode alignment = new ObjectMapper().readTree(second.resolve("alignment.json").toFile());
        assertEquals(1.0, alignment.get("cosine_in_and_rec").get("rtrl").asDouble(), 1e-9, "RTRL is exact");
        assertArrayEquals(NpyReader.read(first.resolve("gradients/rtrl/rec.npy")).doubles(),
            NpyReader.read(second.resolve("gradients/rtrl/rec.npy")).doubles(), 1e-12,
            "the same inputs and targets give the same gradients");

        final File python = new File("/usr/bin/python3");
        assumeTrue(python.canExecute() && new ProcessBuilder(python.getPath(), "-c", "import numpy").start().waitFor() == 0,
            "Debian's python3-numpy is not installed (.ci/run installs it)");
        final Process p = new ProcessBuilder(python.getPath(), "-c", String.join("\n",
            "import numpy as np, sys, json",
            "d = sys.argv[1]",
            "g = np.load(d + '/gradients/bptt/rec.npy'); w = np.load(d + '/weights_rec.npy')",
            "assert g.shape == w.shape == (6, 6), (g.shape, w.shape)",
            "print('numpy ok', g.dtype)"), second.toString()).redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), text);
        assertTrue(text.contains("numpy ok float64"), text);
    }

    @Test
    void shouldExitTwoForARuleThatDoesNotApplyToTheModel()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, run(err, "gradients", "--model", "lif", "--rules", "rtrl", "--out", dir.toString()));
        assertTrue(err.toString().contains("does not apply to model lif"), err.toString());
        final StringWriter err2 = new StringWriter();
        assertEquals(2, run(err2, "gradients", "--model", "lif", "--rules", "magic", "--out", dir.toString()));
        assertTrue(err2.toString().contains("allowed: bptt"), err2.toString());
    }
}
