package org.brainsim.deploy;

import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run MBean's {@code pause()} stops every node at a step boundary, for longer than the stall timeout without
 * failing the run, and {@code resume()} lets it end with the arrays of a run that was never paused.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PauseTest
{
    private static final List<String> SCENARIO = List.of("run", Cli.scenario("cooperation.conf"), "--set", "batch=4",
        "--set", "phases.train.trials=16", "--set", "phases.test.trials=4", "--quiet", "--stall-timeout", "2");

    @TempDir
    Path dir;

    @Test
    void aPausedRunStandsStillWithoutStallingAndEndsWithTheSameArrays() throws Exception
    {
        pauseAndCompare(List.of());
    }

    @Test
    @Tag("slow") // three node JVMs
    void aPausedThreeNodeRunStandsStillOnEveryNodeAndEndsWithTheSameArrays() throws Exception
    {
        pauseAndCompare(List.of("--nodes", "3")); // the nodes' parts have the same 2 s stall timeout
    }

    private void pauseAndCompare(final List<String> more) throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Path paused = dir.resolve("paused");
        final List<String> args = new ArrayList<>(SCENARIO);
        args.addAll(List.of("--out", paused.toString(), "--jmx-port", String.valueOf(port)));
        args.addAll(more);
        final Process run = Cli.spawn(dir.resolve("run.log"), List.of(), args.toArray(String[]::new));
        try
        {
            final ObjectName association = new ObjectName("org.brainsim:type=Region,name=association");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            JMXConnector connector = null;
            while (connector == null)
            {
                try
                {
                    connector = JMXConnectorFactory.connect(JmxOptions.url("127.0.0.1", port));
                }
                catch (final IOException notYet)
                {
                    assertTrue(run.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("run.log")));
                    Thread.sleep(200);
                }
            }
            try (JMXConnector jmx = connector)
            {
                final MBeanServerConnection server = jmx.getMBeanServerConnection();
                while (!server.isRegistered(association) || (long)server.getAttribute(association, "Trial") < 2)
                {
                    assertTrue(run.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("run.log")));
                    Thread.sleep(50);
                }
                final ObjectName bean = server.queryNames(new ObjectName("org.brainsim:type=Run,*"), null).iterator()
                    .next();
                server.invoke(bean, "pause", new Object[0], new String[0]);
                Thread.sleep(2000); // every node finishes the step it is in (a cluster's mirrors: within a second)
                final long stoppedAt = (long)server.getAttribute(association, "Step");
                Thread.sleep(4000); // twice the stall timeout
                assertEquals(stoppedAt, (long)server.getAttribute(association, "Step"), "no step while paused");
                assertEquals("paused", server.getAttribute(bean, "Status"));
                server.invoke(bean, "resume", new Object[0], new String[0]);
            }
            assertTrue(run.waitFor(180, TimeUnit.SECONDS), "the run ended");
            assertEquals(0, run.exitValue(), Files.readString(dir.resolve("run.log")));
        }
        finally
        {
            run.destroyForcibly().waitFor();
        }
        final Path plain = dir.resolve("plain");
        final List<String> again = new ArrayList<>(SCENARIO);
        again.addAll(List.of("--out", plain.toString()));
        final Cli.Result r = brainsim(again.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(plain))
        {
            files = walk.filter(p -> p.toString().endsWith(".npy")).map(plain::relativize).sorted().toList();
        }
        assertTrue(files.size() > 5, files.toString());
        for (final Path f : files)
        {
            assertArrayEquals(Files.readAllBytes(plain.resolve(f)), Files.readAllBytes(paused.resolve(f)), f.toString());
        }
    }
}
