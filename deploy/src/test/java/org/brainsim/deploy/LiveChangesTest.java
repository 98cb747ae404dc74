package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
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
import static org.brainsim.deploy.testing.RunArrays.assertSameArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live changes over remote JMX are reproducible: a run whose learning rate (one region) and units (another, a lesion)
 * an operator changed mid-run over {@code --jmx-port} logs both in {@code events.jsonl}, and {@code brainsim run
 * --events} of that log records the same arrays byte for byte, in one JVM and across three node JVMs.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class LiveChangesTest
{
    private static final List<String> SCENARIO = List.of(Cli.scenario("cooperation.conf"), "--set", "batch=4",
        "--set", "phases.train.trials=16", "--set", "phases.test.trials=4", "--quiet");

    @TempDir
    Path dir;

    @Test
    void aRunChangedLiveOverJmxReplaysByteForByteFromItsEventLog() throws Exception
    {
        final Path live = liveRun(List.of());
        final Path replay = dir.resolve("replay");
        final Cli.Result r = brainsim(args("--out", replay.toString(), "--events",
            live.resolve("events.jsonl").toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertSameArrays(live, replay);
        // (regions apply their changes on their own threads: the log's lines are in order per region)
        assertEquals(sortedLines(live.resolve("events.jsonl")), sortedLines(replay.resolve("events.jsonl")),
            "the replay logs the same changes, at the same steps, with the same old values");
    }

    @Test
    @Tag("slow") // three node JVMs, twice
    void aThreeNodeRunChangedLiveAtTheSubmittersPortReplaysByteForByteInOneJvmAndOnThreeNodes() throws Exception
    {
        // the changes are asked of the submitter's mirrors, applied on the nodes, logged at the submitter
        final Path live = liveRun(List.of("--nodes", "3"));
        for (final List<String> where : List.of(List.<String>of(), List.of("--nodes", "3")))
        {
            final Path replay = dir.resolve("replay" + where.size());
            final List<String> flags = new ArrayList<>(where);
            flags.addAll(List.of("--out", replay.toString(), "--events", live.resolve("events.jsonl").toString()));
            final Cli.Result r = brainsim(args(flags.toArray(String[]::new)));
            assertEquals(0, r.exitCode(), r.err());
            assertSameArrays(live, replay);
            assertEquals(sortedLines(live.resolve("events.jsonl")), sortedLines(replay.resolve("events.jsonl")));
        }
    }

    @Test
    void aBadEventLogIsRefusedWithItsLineAndKey() throws Exception
    {
        final Path log = dir.resolve("bad.jsonl");
        Files.writeString(log, """
            {"step":10,"target":"association","what":"learning_rate","old":0.005,"new":0.01,"source":"jmx"}
            {"step":20,"target":"cortex","what":"plasticity","new":0,"source":"jmx"}
            {"step":30,"target":"sensory","what":"lesion","lesion":"neurons","new":0.2}
            {"step":40,"target":"association","what":"lesion","lesion":"lif_units","new":0.2}
            """);
        final Cli.Result r = brainsim(args("--out", dir.resolve("never").toString(), "--events", log.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(log + ":2: target: cortex (expected: one of the scenario's regions " +
            "[association, sensory])"), r.err());
        assertTrue(r.err().contains(log + ":3: lesion: neurons (expected: units, lif_units"), r.err());
        assertTrue(r.err().contains(log + ":4: lesion: lif_units (region association is not spiking"), r.err());
        assertTrue(!Files.exists(dir.resolve("never").resolve("manifest.json")), "nothing ran");
    }

    /**
     * Runs the scenario in a JVM of its own (with {@code more} flags) and changes it over remote JMX once the first
     * trials are learned.
     */
    private Path liveRun(final List<String> more) throws Exception
    {
        final Path out = dir.resolve("live");
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final List<String> flags = new ArrayList<>(List.of("--out", out.toString(), "--jmx-port", String.valueOf(port)));
        flags.addAll(more);
        final Process run = Cli.spawn(dir.resolve("live.log"), List.of(), args(flags.toArray(String[]::new)));
        try
        {
            final ObjectName association = new ObjectName("org.brainsim:type=Region,name=association");
            final ObjectName sensory = new ObjectName("org.brainsim:type=Region,name=sensory");
            try (JMXConnector jmx = connect(port, run))
            {
                final MBeanServerConnection server = jmx.getMBeanServerConnection();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (!server.isRegistered(association) || (long)server.getAttribute(association, "Trial") < 3)
                {
                    assertTrue(run.isAlive() && System.nanoTime() < deadline, "the run reached trial 3:\n" +
                        Files.readString(dir.resolve("live.log")));
                    Thread.sleep(50);
                }
                assertEquals(0.005, (double)server.getAttribute(association, "LearningRate"), 1e-12);
                final RuntimeMBeanException refused = assertThrows(RuntimeMBeanException.class,
                    () -> server.setAttribute(association, new Attribute("LearningRate", -1.0)));
                assertTrue(refused.getCause().getMessage().contains("expected: a finite number >= 0"),
                    refused.getCause().getMessage());
                server.setAttribute(association, new Attribute("LearningRate", 0.02));
                server.invoke(sensory, "lesion", new Object[] {"units", 0.25},
                    new String[] {String.class.getName(), double.class.getName()});
                while (run.isAlive() && ((double)server.getAttribute(association, "LearningRate") != 0.02 ||
                    (double)server.getAttribute(sensory, "LesionedUnits") == 0))
                {
                    Thread.sleep(20);
                }
                assertEquals(0.25, (double)server.getAttribute(sensory, "LesionedUnits"), 1e-12, "12 of 48 units");
            }
            assertTrue(run.waitFor(240, TimeUnit.SECONDS), "the run ended");
            assertEquals(0, run.exitValue(), Files.readString(dir.resolve("live.log")));
        }
        finally
        {
            run.destroyForcibly().waitFor();
        }
        final List<String> events = Files.readAllLines(out.resolve("events.jsonl"));
        assertEquals(2, events.size(), String.valueOf(events));
        final ObjectMapper json = new ObjectMapper();
        final boolean rateFirst = json.readTree(events.get(0)).get("target").asText().equals("association");
        final JsonNode rate = json.readTree(events.get(rateFirst ? 0 : 1));
        final JsonNode lesion = json.readTree(events.get(rateFirst ? 1 : 0));
        assertEquals("learning_rate", rate.get("what").asText());
        assertEquals(0.005, rate.get("old").asDouble());
        assertEquals(0.02, rate.get("new").asDouble());
        assertEquals("jmx", rate.get("source").asText());
        assertTrue(rate.get("step").asLong() >= 300, "after trial 3 (100 steps each): " + rate);
        assertEquals("lesion", lesion.get("what").asText());
        assertEquals("units", lesion.get("lesion").asText());
        try (Stream<Path> lesions = Files.list(out.resolve("lesions").resolve("sensory")))
        {
            assertEquals(1, lesions.count(), "the lesion's silenced units are recorded");
        }
        return out;
    }

    private static JMXConnector connect(final int port, final Process run) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                return JMXConnectorFactory.connect(JmxOptions.url("127.0.0.1", port));
            }
            catch (final IOException notYet)
            {
                if (!run.isAlive() || System.nanoTime() > deadline)
                {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<String> sortedLines(final Path file) throws IOException
    {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    private static String[] args(final String... more)
    {
        final List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(SCENARIO);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
