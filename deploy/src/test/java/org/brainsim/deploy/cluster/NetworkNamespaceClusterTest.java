package org.brainsim.deploy.cluster;

import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.brainsim.scenarios.testing.RunArrays.assertSame;
import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.brainsim.deploy.testing.Cli.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hosts with their own addresses: three node JVMs, each in its own Linux network namespace (10.77.0.11–13) joined
 * to this one (10.77.0.1) by veth pairs on a bridge, run hello.conf submitted from here. Frames cross real
 * interfaces, not loopback; the arrays equal a one-JVM run's. Needs root (CI runs as root): tagged slow, run by
 * {@code .ci/run}.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NetworkNamespaceClusterTest
{
    private static final String BRIDGE = "bsbr0";
    private static final int NODES = 3;
    private static final int PORT = 25520;

    @TempDir
    Path dir;

    private final List<Process> nodes = new ArrayList<>();

    private static String sh(final String... command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0)
        {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    private static void quietly(final String... command)
    {
        try
        {
            sh(command);
        }
        catch (final IOException | InterruptedException ignored)
        {
            // cleanup of what may not exist
        }
    }

    private static boolean root()
    {
        try
        {
            return "0".equals(sh("id", "-u").trim()) && new java.io.File("/usr/sbin/ip").canExecute() ||
                "0".equals(sh("id", "-u").trim()) && new java.io.File("/sbin/ip").canExecute();
        }
        catch (final IOException | InterruptedException ex)
        {
            return false;
        }
    }

    private static void cleanUp()
    {
        for (int i = 1; i <= NODES; i++)
        {
            quietly("ip", "netns", "del", "bs-ns" + i); // removes the veth pair with it
        }
        quietly("ip", "link", "del", BRIDGE);
    }

    private static void createNetwork() throws IOException, InterruptedException
    {
        cleanUp();
        sh("ip", "link", "add", BRIDGE, "type", "bridge");
        sh("ip", "addr", "add", "10.77.0.1/24", "dev", BRIDGE);
        sh("ip", "link", "set", BRIDGE, "up");
        for (int i = 1; i <= NODES; i++)
        {
            final String ns = "bs-ns" + i;
            sh("ip", "netns", "add", ns);
            sh("ip", "link", "add", "bsv" + i, "type", "veth", "peer", "name", "bsp" + i);
            sh("ip", "link", "set", "bsp" + i, "netns", ns);
            sh("ip", "link", "set", "bsv" + i, "master", BRIDGE);
            sh("ip", "link", "set", "bsv" + i, "up");
            sh("ip", "-n", ns, "addr", "add", "10.77.0.1" + i + "/24", "dev", "bsp" + i);
            sh("ip", "-n", ns, "link", "set", "bsp" + i, "up");
            sh("ip", "-n", ns, "link", "set", "lo", "up");
        }
    }

    private static long bytesThrough(final String device) throws IOException
    {
        final Path stats = Path.of("/sys/class/net", device, "statistics");
        return Long.parseLong(Files.readString(stats.resolve("rx_bytes")).trim()) +
            Long.parseLong(Files.readString(stats.resolve("tx_bytes")).trim());
    }

    @AfterEach
    void tearDown()
    {
        Rehearsal.stop(nodes);
        cleanUp();
    }

    @Test
    void shouldRunAcrossNamespacesWithTheArraysOfOneJvm() throws Exception
    {
        assumeTrue(root(), "needs root and iproute2 to create network namespaces (CI runs as root)");
        createNetwork();
        final String seed = "10.77.0.11:" + PORT;
        for (int i = 1; i <= NODES; i++)
        {
            final String host = "10.77.0.1" + i;
            nodes.add(Rehearsal.startNode(List.of("ip", "netns", "exec", "bs-ns" + i),
                List.of("--name", "ns-node-" + i, "--host", host, "--port", String.valueOf(PORT), "--seed", seed,
                    "--data-dir", dir.resolve("data-" + i).toString()), dir.resolve("node-" + i + ".log")));
        }
        final long before = bytesThrough("bsv1") + bytesThrough("bsv2") + bytesThrough("bsv3");

        final Path cluster = dir.resolve("cluster");
        final Cli.Result r = brainsim("run", scenario("hello.conf"), "--steps", "300", "--cluster", seed,
            "--expect-nodes", String.valueOf(NODES), "--out", cluster.toString());
        assertEquals(0, r.exitCode(), r.err() + "\nnode-1 log:\n" + Files.readString(dir.resolve("node-1.log")));
        assertTrue(r.err().contains("ns-node-1=[") && r.err().contains("ns-node-2=[") && r.err().contains("ns-node-3=["),
            r.err());
        final long crossed = bytesThrough("bsv1") + bytesThrough("bsv2") + bytesThrough("bsv3") - before;
        // 300 steps of three regions (128, 128, 64 units, 8 rows of float32) alone are ~3 MB of frames
        assertTrue(crossed > 2_000_000, "only " + crossed + " bytes crossed the veth interfaces");

        final Path one = dir.resolve("one");
        assertEquals(0, brainsim("run", scenario("hello.conf"), "--steps", "300", "--out", one.toString(), "--quiet")
            .exitCode());
        assertSame(one, cluster);
    }
}
