package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run says what it is and where it stands at every moment (issue 10): its manifest exists from the start and
 * stays current while it runs, and a run whose numbers leave the finite floats stops cleanly as {@code diverged},
 * naming the region, trial and step, with what it recorded so far.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunStatusTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDivergingRunStopsCleanlyAndSaysWhere() throws Exception
    {
        final Scenario s = ScenarioLoader.load(Path.of("learn-sine.conf"), List.of("regions.ctx.learning_rate=1e30"));

        final RunOutcome outcome = ScenarioRun.prepare(s, dir).execute(RunListener.NONE);

        assertEquals("diverged", outcome.status(), String.valueOf(outcome.error()));
        assertTrue(outcome.error().contains("node ctx") && outcome.error().contains("diverged at step") &&
            outcome.error().contains("(trial "), outcome.error());
        assertTrue(outcome.stepsCompleted() < s.steps(), "it stopped early: " + outcome.stepsCompleted());
        final JsonNode m = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals("diverged", m.get("status").asText());
        assertEquals(outcome.error(), m.get("error").asText());
        assertTrue(m.has("stopped_at"), m.toString());
        // everything recorded so far is flushed and loads
        final double[] loss = NpyReader.read(dir.resolve("loss/ctx.npy")).doubles();
        assertTrue(loss.length >= 1 && loss.length < 40, "trials recorded: " + loss.length);
        assertTrue(Double.isFinite(loss[0]) && !Double.isFinite(loss[loss.length - 1]),
            "the last recorded trial is the one that diverged: " + java.util.Arrays.toString(loss));
        for (final JsonNode a : m.get("arrays"))
        {
            NpyReader.read(dir.resolve(a.get("file").asText()));
        }
    }

    @Test
    void theManifestIsWrittenAtTheStartAndKeptCurrent() throws Exception
    {
        final Scenario s = ScenarioLoader.load(Path.of("hello.conf"), List.of()).withSteps(200_000);
        final ScenarioRun run = ScenarioRun.prepare(s, dir);
        final CompletableFuture<RunOutcome> outcome = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return run.execute(RunListener.NONE);
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        final Path manifest = dir.resolve("manifest.json");
        JsonNode first = null;
        JsonNode later = null;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && later == null)
        {
            if (Files.exists(manifest))
            {
                final JsonNode m = JSON.readTree(manifest.toFile());
                if (first == null)
                {
                    first = m;
                }
                else if (m.get("steps_completed").asLong() > first.get("steps_completed").asLong() &&
                    m.get("steps_completed").asLong() > 0)
                {
                    later = m;
                }
            }
            Thread.sleep(100);
        }
        run.cancel();
        assertEquals("interrupted", outcome.get(60, TimeUnit.SECONDS).status());

        assertTrue(first != null && later != null, "the manifest appeared and moved on while the run went");
        assertEquals("running", first.get("status").asText());
        assertEquals("running", later.get("status").asText());
        assertTrue(later.has("updated_at") && !later.has("finished_at"));
        for (final JsonNode a : later.get("arrays"))
        {
            // how far each array holds data: the activity files have their full length from the start
            assertTrue(a.get("recorded_steps").asLong() <= later.get("steps_completed").asLong() + 8, a.toString());
        }
        assertEquals("interrupted", JSON.readTree(manifest.toFile()).get("status").asText());
    }
}
