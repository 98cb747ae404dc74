package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code brainsim run … --trials}, {@code brainsim report} and {@code brainsim list} as a user types them.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReportAndListCommandTest
{
    private static final String EVIDENCE = Cli.scenario("evidence-accumulation.conf");
    private static final String HELLO = Cli.scenario("hello.conf");

    @TempDir
    Path dir;


    private static void assertPng(final Path file, final int minWidth) throws Exception
    {
        assertTrue(Files.isRegularFile(file), file + " exists");
        final BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes as an image");
        assertTrue(image.getWidth() >= minWidth && image.getHeight() > 100, file + " " + image.getWidth() + "x" +
            image.getHeight());
    }

    /** The shipped experiment, cut to 3 trials of a small batch, writes arrays and a report with every plot. */
    @Test
    void evidenceAccumulationCutShortThenReported() throws Exception
    {
        final Path out = dir.resolve("ev");
        final Cli.Result run = brainsim("run", EVIDENCE, "--trials", "3", "--set", "batch=4", "--set", "record.rows=2",
            "--set", "record.every_trials=1", "--set", "record.weights_every_trials=1", "--out", out.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.err());
        final JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("completed", m.get("status").asText());
        assertEquals(3, m.get("task").get("trials_scored").asLong());
        for (final JsonNode a : m.get("arrays"))
        {
            final NpyReader.Array array = NpyReader.read(out.resolve(a.get("file").asText()));
            assertEquals(a.get("shape").size(), array.header().shape().length, a.toString());
            for (int i = 0; i < array.header().shape().length; i++)
            {
                assertEquals(a.get("shape").get(i).asLong(), array.header().shape()[i], a.toString());
            }
        }
        final Cli.Result report = brainsim("report", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        for (final String png : List.of("loss.png", "error.png", "raster-ctx.png", "raster-task.png", "weights-ctx.png"))
        {
            assertPng(out.resolve(png), 800);
        }
        final String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<img src=\"raster-ctx.png\"") && html.contains("phase train") &&
            html.contains("evidence-accumulation"), html);
        assertTrue(html.contains("trials 0–2 (3), ended by"), "the train phase's 3 scored trials: " + html);
        assertFalse(html.contains("NaN"), "every phase's mean error is a number: " + html);
    }

    /** A scenario without a task: rate heat maps from the per-step recording. */
    @Test
    void helloIsReportedWithHeatMaps() throws Exception
    {
        final Path out = dir.resolve("hello");
        assertEquals(0, brainsim("run", HELLO, "--steps", "100", "--out", out.toString(), "--quiet").exitCode());
        final Cli.Result report = brainsim("report", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertPng(out.resolve("activity-pfc.png"), 800);
        assertPng(out.resolve("raster-stim.png"), 800);
    }

    @Test
    void reportOfADirectoryThatIsNotARunIsBadInput()
    {
        final Cli.Result r = brainsim("report", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no manifest.json"), r.err());
    }

    @Test
    void trialsOnAScenarioWithoutATaskIsBadInput()
    {
        final Cli.Result r = brainsim("run", HELLO, "--trials", "3", "--quiet", "--out", dir.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("has no task"), r.err());
    }

    @Test
    void listNamesEveryModelRuleObjectiveAndTask()
    {
        final Cli.Result r = brainsim("list");
        assertEquals(0, r.exitCode(), r.err());
        for (final String name : List.of("alif", "bptt", "eprop", "rflo", "readout-only", "supervised",
            "evidence-accumulation", "pattern-generation", "p_minority", "model-free", "model-based", "arbiter",
            "analyses", "--fit hybrid"))
        {
            assertTrue(r.out().contains(name), name + " in:\n" + r.out());
        }
    }
}
