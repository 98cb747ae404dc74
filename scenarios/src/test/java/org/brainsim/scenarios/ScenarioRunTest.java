package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScenarioRunTest
{
    @TempDir
    Path dir;

    private static Scenario hello(final long steps, final String... overrides) throws ScenarioException
    {
        return ScenarioLoader.load(Path.of("hello.conf"), List.of(overrides)).withSteps(steps);
    }

    @Test
    void shouldWriteAManifestThatDescribesEveryArray() throws Exception
    {
        final RunOutcome outcome = ScenarioRun.prepare(hello(50, "batch=2"), dir).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals("completed", m.get("status").asText());
        assertEquals(50, m.get("steps_completed").asLong());
        assertEquals(20261128, m.get("seed").asLong());
        assertTrue(m.get("scenario").get("text").asText().contains("hello.conf"));
        assertEquals("batch=2", m.get("scenario").get("overrides").get(0).asText());
        assertEquals(4, m.get("arrays").size());
        for (final JsonNode a : m.get("arrays"))
        {
            final NpyReader.Array array = NpyReader.read(dir.resolve(a.get("file").asText()));
            final long[] shape = {a.get("shape").get(0).asLong(), a.get("shape").get(1).asLong(),
                a.get("shape").get(2).asLong()};
            assertArrayEquals(shape, array.header().shape(), a.toString());
            assertEquals(2, shape[0]);
            assertEquals(50, shape[1]);
            assertTrue(a.get("units").asText().length() > 0);
        }
    }

    @Test
    void shouldGiveBitIdenticalArraysWhateverTheThreadPlacement() throws Exception
    {
        final Path perNode = dir.resolve("per-node");
        final Path single = dir.resolve("single");
        ScenarioRun.prepare(hello(120, "threads=per-node"), perNode).execute(RunListener.NONE);
        ScenarioRun.prepare(hello(120, "threads=single"), single).execute(RunListener.NONE);

        for (final String node : List.of("v1", "pfc", "hpc"))
        {
            assertArrayEquals(NpyReader.read(perNode.resolve("activity/" + node + ".npy")).floats(),
                NpyReader.read(single.resolve("activity/" + node + ".npy")).floats(), node);
        }
    }

    @Test
    void shouldFlushAndWriteAnInterruptedManifestWhenCancelled() throws Exception
    {
        final ScenarioRun run = ScenarioRun.prepare(hello(20_000), dir);
        final RunOutcome outcome = run.execute(new RunListener()
        {
            @Override
            public void progress(final long stepsDone)
            {
                if (stepsDone >= 100)
                {
                    run.cancel();
                }
            }
        });

        assertEquals("interrupted", outcome.status());
        final JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals("interrupted", m.get("status").asText());
        final long completed = m.get("steps_completed").asLong();
        assertTrue(completed >= 100 && completed < 20_000, "stopped where it said: " + completed);
        for (final JsonNode a : m.get("arrays"))
        {
            assertTrue(a.get("recorded_steps").asLong() >= completed, a.toString());
            NpyReader.header(dir.resolve(a.get("file").asText())); // a complete, loadable file
        }
    }
}
