package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code brainsim monitor HOST:PORT --once --json} shows a run's regions and the run itself: in one JVM, and for a
 * three-node rehearsal from the submitter's port alone (it mirrors the nodes' regions).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MonitorCommandTest
{
    @TempDir
    Path dir;

    @Test
    void showsTheRegionsAndTheRunOfOneJvm() throws Exception
    {
        final Map<String, JsonNode> regions = watch(List.of(), "sensory");
        assertEquals(List.of("association", "sensory", "task"), new ArrayList<>(regions.keySet()));
        assertEquals("Task", regions.get("task").get("type").asText());
        assertEquals(0.005, regions.get("association").get("learning_rate").asDouble(), 1e-12);
        final JsonNode a = regions.get("association");
        assertTrue(a.get("step_time_p50_micros").asDouble() > 0 &&
            a.get("step_time_p50_micros").asDouble() <= a.get("step_time_p99_micros").asDouble() &&
            a.get("step_time_p99_micros").asDouble() <= a.get("step_time_max_micros").asDouble(), a.toString());
        assertTrue(a.get("rate_hz").isNull(), "a rate region has no rate in Hz: " + a);
        final double hz = regions.get("sensory").get("rate_hz").asDouble(); // spiking, dt 1 ms
        assertTrue(hz > 0 && hz < 1000, "sensory fires at " + hz + " Hz");
    }

    @Test
    @Tag("slow") // three node JVMs
    void showsEveryNodesRegionsFromTheSubmittersPort() throws Exception
    {
        final Map<String, JsonNode> regions = watch(List.of("--nodes", "3"), null);
        assertTrue(regions.keySet().containsAll(List.of("association", "sensory")), regions.keySet().toString());
        assertEquals(1.0, regions.get("sensory").get("plasticity").asDouble(), "a mirror of the node's bean");
    }

    @Test
    void refusesAnAddressWithoutAPortAndSaysWhenNothingListens() throws Exception
    {
        final Cli.Result bad = brainsim("monitor", "localhost");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("localhost (expected: HOST:PORT"), bad.err());
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Cli.Result nobody = brainsim("monitor", "127.0.0.1:" + port, "--once");
        assertEquals(1, nobody.exitCode(), nobody.err());
        assertTrue(nobody.err().contains("cannot connect to 127.0.0.1:" + port), nobody.err());
    }

    /**
     * @param firing a spiking region to wait for until it fires over a whole second, or {@code null}.
     * @return the nodes the monitor showed once the run's learning region had stepped, by name.
     */
    private Map<String, JsonNode> watch(final List<String> more, final String firing) throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final List<String> args = new ArrayList<>(List.of("run", Cli.scenario("cooperation.conf"), "--set", "batch=4",
            "--out", dir.resolve("run").toString(), "--quiet", "--jmx-port", String.valueOf(port)));
        args.addAll(more);
        final Process run = Cli.spawn(dir.resolve("run.log"), List.of(), args.toArray(String[]::new));
        try
        {
            final ObjectMapper json = new ObjectMapper();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (true)
            {
                assertTrue(run.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("run.log")));
                final Cli.Result r = brainsim("monitor", "127.0.0.1:" + port, "--once", "--json");
                if (r.exitCode() == 0)
                {
                    final JsonNode view = json.readTree(r.out());
                    final Map<String, JsonNode> nodes = new TreeMap<>();
                    view.get("regions").forEach(n -> nodes.put(n.get("name").asText(), n));
                    final JsonNode association = nodes.get("association");
                    if (association != null && association.get("step").asLong() > 0 && view.get("runs").size() == 1 &&
                        association.get("step_time_p99_micros").isNumber() &&
                        (firing == null || nodes.get(firing).get("rate_hz").asDouble() > 0))
                    {
                        final JsonNode runView = view.get("runs").get(0);
                        assertEquals("cooperation", runView.get("scenario").asText());
                        assertEquals("running", runView.get("status").asText());
                        assertTrue(runView.get("trials_planned").asLong() == 120, runView.toString());
                        return nodes;
                    }
                }
                Thread.sleep(300);
            }
        }
        finally
        {
            run.destroyForcibly().waitFor();
        }
    }
}
