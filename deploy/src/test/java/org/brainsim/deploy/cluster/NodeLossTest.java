package org.brainsim.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.brainsim.deploy.testing.Cli.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a node mid-run: the submitter stops within a bounded time, names the node and its regions,
 * and leaves a valid partial recording and a manifest that says where the run stopped.
 */
@Tag("slow") // starts node JVMs
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodeLossTest
{
    /** From the kill to the submitter's exit: failure detection (~4 s) plus flushing and leaving the cluster. */
    private static final long BOUND_SECONDS = 45;

    @TempDir
    Path dir;

    @Test
    void shouldStopNamingTheLostNodeAndItsRegionsWithAValidPartialRecording() throws Exception
    {
        final Path out = dir.resolve("run");
        try (Rehearsal nodes = Rehearsal.start(3, dir.resolve("logs")))
        {
            final java.io.StringWriter errText = new java.io.StringWriter();
            final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                org.brainsim.deploy.BrainsimCli.execute(new java.io.PrintWriter(new java.io.StringWriter(), true),
                    new java.io.PrintWriter(errText, true), "run", scenario("hello.conf"), "--steps", "200000",
                    "--cluster", nodes.seed(), "--expect-nodes", "3", "--out", out.toString()));
            // wait until the regions are placed and the run has been going for a while
            final Pattern placed = Pattern.compile("placement \\{.*node-2=\\[(\\w+)]");
            Matcher m = placed.matcher("");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !(m = placed.matcher(errText.toString())).find())
            {
                Thread.sleep(100);
            }
            assertTrue(m.find(0), "no placement seen: " + errText);
            final String region = m.group(1);
            Thread.sleep(10_000); // connected and stepping (steps_completed > 0 is checked below)

            final Process victim = nodes.processes().get(1); // node-2
            final long killedAt = System.nanoTime();
            victim.destroyForcibly(); // SIGKILL
            final int code = exit.get(BOUND_SECONDS + 30, TimeUnit.SECONDS);
            final double seconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.println("NodeLossTest: stopped " + seconds + " s after the kill; " + errText);

            assertEquals(1, code, errText.toString());
            final JsonNode finished = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
            assertTrue(seconds < BOUND_SECONDS, "took " + seconds + " s to stop (manifest written at " +
                finished.get("finished_at") + ", killed " + java.time.Instant.now().minusNanos(System.nanoTime() -
                killedAt) + ")");
            final String err = errText.toString();
            assertTrue(err.contains("node node-2") && err.contains("[" + region + "]"), err);

            final JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
            assertEquals("failed", manifest.get("status").asText());
            assertTrue(manifest.get("error").asText().contains("node-2"), manifest.toString());
            assertTrue(manifest.has("stopped_at"), manifest.toString());
            final long stoppedAt = manifest.get("steps_completed").asLong();
            assertTrue(stoppedAt > 0 && stoppedAt < 200000, "steps_completed " + stoppedAt);
            for (final JsonNode a : manifest.get("arrays"))
            {
                final NpyReader.Array array = NpyReader.read(out.resolve(a.get("file").asText()));
                assertEquals(a.get("shape").get(1).asLong(), array.header().shape()[1], a.toString());
                assertTrue(array.header().shape()[1] > 0, "nothing recorded in " + a);
            }
        }
    }
}
