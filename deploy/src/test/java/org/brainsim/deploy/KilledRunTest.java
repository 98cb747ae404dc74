package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.deploy.testing.Cli;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed with SIGKILL (nothing of it gets to run again) still says what it was and how far it got: its
 * manifest, written when it started and rewritten while it ran, holds status {@code running}, the steps done and,
 * per array, how many steps hold data; the arrays load.
 */
@Tag("slow") // starts a brainsim JVM
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KilledRunTest
{
    @TempDir
    Path dir;

    @Test
    void aKilledRunStillSaysWhatItIsAndWhereItStopped() throws Exception
    {
        final Path out = dir.resolve("run");
        final Process process = Cli.spawn(dir.resolve("log.txt"), List.of(), "run", Cli.scenario("hello.conf"),
            "--steps", "200000", "--out", out.toString(), "--quiet");
        final ObjectMapper json = new ObjectMapper();
        final Path manifest = out.resolve("manifest.json");
        long steps = 0;
        boolean everyArrayWritten = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // An array is written a chunk (up to 1 MiB) at a time: stim's first chunk is 3276 steps. Kill the run once
        // the manifest shows 3000 steps and a written chunk of every array, however fast the run goes.
        while ((steps < 3000 || !everyArrayWritten) && System.nanoTime() < deadline && process.isAlive())
        {
            Thread.sleep(200);
            if (Files.exists(manifest))
            {
                final JsonNode running = json.readTree(manifest.toFile());
                steps = running.get("steps_completed").asLong();
                everyArrayWritten = running.get("arrays").size() > 0;
                for (final JsonNode a : running.get("arrays"))
                {
                    everyArrayWritten &= a.get("recorded_steps").asLong() > 0;
                }
            }
        }
        assertTrue(process.isAlive(), "the run went on: " + Files.readString(dir.resolve("log.txt")));
        process.destroyForcibly(); // SIGKILL
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));

        final JsonNode m = json.readTree(manifest.toFile());
        assertEquals("running", m.get("status").asText(), "the last word of a killed run");
        assertTrue(m.get("steps_completed").asLong() >= 3000, m.toString());
        assertTrue(m.has("updated_at"));
        for (final JsonNode a : m.get("arrays"))
        {
            final NpyReader.Array array = NpyReader.read(out.resolve(a.get("file").asText()));
            final long recorded = a.get("recorded_steps").asLong();
            assertTrue(recorded > 0 && recorded <= array.header().shape()[1], a.toString());
        }
    }
}
