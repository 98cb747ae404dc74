package org.brainsim.deploy;

import org.brainsim.deploy.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus recipe of docs/monitoring.md, as a user follows it: a run started with the JMX exporter's java agent
 * and {@code deploy/prometheus/brainsim.yaml} serves {@code /metrics}, where the learning region's step counter and
 * its loss appear and move.
 */
class PrometheusScrapeTest
{
    @TempDir
    Path dir;

    private static double metric(final String body, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([^ \\n]+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void aRunWithTheAgentServesItsRegionsStepAndLoss() throws Exception
    {
        final String agent = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(p -> p.contains("jmx_prometheus_javaagent")).findFirst().orElse(null);
        assertNotNull(agent, "the agent jar is a test dependency of deploy");
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Process run = Cli.spawn(dir.resolve("run.log"), List.of("-javaagent:" + agent + "=127.0.0.1:" + port + ":" +
            Path.of("prometheus/brainsim.yaml").toAbsolutePath()), "run", Cli.scenario("learn-sine.conf"), "--steps",
            "1000000", "--out", dir.resolve("run").toString(), "--quiet");
        try
        {
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
            final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            String body = "";
            double firstStep = Double.NaN;
            double step = Double.NaN;
            double loss = Double.NaN;
            while (System.nanoTime() < deadline && run.isAlive())
            {
                try
                {
                    body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                    step = metric(body, "brainsim_region_step{name=\"ctx\",}");
                    if (Double.isNaN(step))
                    {
                        step = metric(body, "brainsim_region_step{name=\"ctx\"}");
                    }
                    loss = metric(body, "brainsim_region_loss{name=\"ctx\",}");
                    if (Double.isNaN(loss))
                    {
                        loss = metric(body, "brainsim_region_loss{name=\"ctx\"}");
                    }
                    if (Double.isNaN(firstStep) && step > 0)
                    {
                        firstStep = step;
                    }
                    if (step > firstStep && Double.isFinite(loss))
                    {
                        break; // the counter moves and a trial's loss is there
                    }
                }
                catch (final java.io.IOException notYet)
                {
                    // the agent's server starts with the JVM; the MBeans once the run starts
                }
                Thread.sleep(300);
            }
            assertTrue(step > firstStep, "the step counter moves: first " + firstStep + ", then " + step + " in\n" +
                body.lines().filter(l -> l.startsWith("brainsim_")).toList());
            assertTrue(Double.isFinite(loss) && loss >= 0, "a trial's loss: " + loss);
            assertTrue(body.contains("# HELP brainsim_region_loss") && body.contains("jvm_memory"),
                "help text and the JVM's own metrics");
        }
        finally
        {
            run.destroyForcibly().waitFor();
        }
    }
}
