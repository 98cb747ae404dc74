package org.brainsim.deploy.cluster;

import org.brainsim.deploy.testing.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.brainsim.scenarios.testing.RunArrays.assertSame;
import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.brainsim.deploy.testing.Cli.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node JVMs on 127.0.0.1 form a cluster; scenarios submitted to it give the arrays of a one-JVM run, bit for
 * bit, whatever the placement of their regions.
 */
@Tag("slow") // starts node JVMs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterRunTest
{
    @TempDir
    Path dir;

    private Rehearsal nodes;

    @BeforeAll
    void startNodes(@TempDir final Path logs) throws Exception
    {
        nodes = Rehearsal.start(3, logs);
    }

    @AfterAll
    void stopNodes()
    {
        if (nodes != null)
        {
            nodes.close();
        }
    }

    /** Runs {@code args} in one JVM and on the cluster (with {@code clusterArgs} too); asserts identical arrays. */
    private JsonNode assertClusterMatchesOneJvm(final String name, final List<String> args, final String... clusterArgs)
        throws Exception
    {
        final Path one = dir.resolve(name + "-one");
        final List<String> local = new ArrayList<>(List.of("run"));
        local.addAll(args);
        local.addAll(List.of("--out", one.toString(), "--quiet"));
        final Cli.Result r1 = brainsim(local.toArray(String[]::new));
        assertEquals(0, r1.exitCode(), r1.err());

        final Path three = dir.resolve(name + "-cluster");
        final List<String> remote = new ArrayList<>(List.of("run"));
        remote.addAll(args);
        remote.addAll(List.of(clusterArgs));
        remote.addAll(List.of("--cluster", nodes.seed(), "--expect-nodes", "3", "--out", three.toString()));
        final Cli.Result r3 = brainsim(remote.toArray(String[]::new));
        assertEquals(0, r3.exitCode(), r3.err());

        assertSame(one, three);
        final ObjectMapper json = new ObjectMapper();
        final JsonNode m1 = json.readTree(one.resolve("manifest.json").toFile());
        final JsonNode m3 = json.readTree(three.resolve("manifest.json").toFile());
        assertEquals("completed", m3.get("status").asText());
        final java.util.Set<String> used = new java.util.TreeSet<>();
        m3.get("cluster").get("placement").forEach(n -> used.add(n.asText()));
        final java.util.Set<String> listed = new java.util.TreeSet<>();
        m3.get("cluster").get("nodes").fieldNames().forEachRemaining(listed::add);
        assertEquals(used, listed, "the manifest lists the nodes that ran regions: " + m3.get("cluster"));
        assertEquals(m3.get("cluster").get("placement").size(), m1.get("scenario").get("resolved").get("regions").size());
        assertEquals(m1.get("arrays"), m3.get("arrays"), "the manifests describe different arrays");
        if (!m1.has("task"))
        {
            // with a task the run stops when the task is done, a few steps later or earlier: only the arrays count
            assertEquals(m1.get("steps_completed"), m3.get("steps_completed"));
        }
        return json.readTree("{\"err\": " + json.writeValueAsString(r3.err()) + "}");
    }

    @Test
    void shouldRunHelloAcrossThreeNodesWithTheArraysOfOneJvm() throws Exception
    {
        final JsonNode r = assertClusterMatchesOneJvm("hello", List.of(scenario("hello.conf"), "--steps", "300"));
        // balanced placement: the three regions cost about the same, so each node runs one
        final String err = r.get("err").asText();
        assertTrue(err.contains("node-1=[") && err.contains("node-2=[") && err.contains("node-3=["), err);
    }

    @Test
    void shouldGiveTheSameArraysUnderAnotherPlacement() throws Exception
    {
        // two regions share node-3 (IPC between them), the third is alone on node-1
        final JsonNode r = assertClusterMatchesOneJvm("hello-placed", List.of(scenario("hello.conf"), "--steps", "300"),
            "--set", "placement.v1=node-3", "--set", "placement.pfc=node-3", "--set", "placement.hpc=node-1");
        assertTrue(r.get("err").asText().contains("node-3=[pfc, v1]"), r.get("err").asText());
    }

    @Test
    void shouldLearnAcrossNodesWithTheArraysOfOneJvm() throws Exception
    {
        // two learning regions on two nodes, an error link between them, readouts and per-region recordings
        assertClusterMatchesOneJvm("learn", List.of(scenario("learn-from-error.conf"), "--steps", "1000"),
            "--set", "placement.ctx=node-1", "--set", "placement.out=node-2");
    }

    @Test
    void shouldRunATaskAcrossNodesWithTheArraysOfOneJvm() throws Exception
    {
        // the task runs at the submitter, the region on a node: trials, phases, scores, weight snapshots
        assertClusterMatchesOneJvm("task", List.of(scenario("evidence-accumulation.conf"), "--trials", "2",
            "--set", "batch=4", "--set", "record.rows=2", "--set", "record.every_trials=1",
            "--set", "record.weights_every_trials=1"));
    }

    @Test
    void shouldRefuseAPlacementOnANodeThatIsNotUp() throws Exception
    {
        final Cli.Result r = brainsim("run", scenario("hello.conf"), "--steps", "10", "--set",
            "placement.v1=node-9", "--cluster", nodes.seed(), "--expect-nodes", "3", "--out",
            dir.resolve("refused").toString(), "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("placement.v1") && r.err().contains("node-9") && r.err().contains("node-1, node-2, node-3"),
            r.err());
    }
}
