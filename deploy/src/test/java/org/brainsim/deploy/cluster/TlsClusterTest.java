package org.brainsim.deploy.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import org.brainsim.scenarios.RunListener;
import org.brainsim.scenarios.RunOutcome;
import org.brainsim.scenarios.RunSettings;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.brainsim.scenarios.testing.RunArrays.assertSame;
import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.brainsim.deploy.testing.Cli.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artery over TLS with a certificate generated here (keytool): members that trust it form a cluster and run a
 * scenario; a member with another certificate cannot join.
 */
@Tag("slow") // starts node JVMs
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsClusterTest
{
    private static final String PASSWORD = "brainsim-test";

    @TempDir
    Path dir;

    /** Generates a self-signed key pair in a PKCS12 store with keytool. */
    static Path keyStore(final Path dir, final String name) throws Exception
    {
        final Path store = dir.resolve(name + ".p12");
        final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return store;
    }

    private static NodeSettings settings(
        final String name, final int port, final String seed, final String role, final Path store, final Path data)
    {
        return new NodeSettings(name, "127.0.0.1", port, "127.0.0.1", seed == null ? List.of() : List.of(seed),
            List.of(role), "127.0.0.1:" + port, data,
            new NodeSettings.Tls(store, PASSWORD, store, PASSWORD, "TLSv1.3"));
    }

    private static ActorSystem<Void> node(final NodeSettings s)
    {
        return ActorSystem.create(NodeAgent.guardian(s), ClusterConfig.SYSTEM_NAME, ClusterConfig.of(s, false));
    }

    @Test
    void shouldFormAClusterAndRunAScenarioOverTlsAndKeepOutAnUntrustedMember() throws Exception
    {
        final Path trusted = keyStore(dir, "brainsim-cluster");
        final int port = Rehearsal.freePorts("127.0.0.1", 1).get(0);
        final String seed = "127.0.0.1:" + port;
        final ActorSystem<Void> a = node(settings("tls-a", port, null, NodeSettings.NODE_ROLE, trusted, dir.resolve("a")));
        ActorSystem<Void> stranger = null;
        try
        {
            // the node answers a submitter that holds the same certificate: the scenario runs over TLS
            final Scenario hello = ScenarioLoader.load(Path.of(scenario("hello.conf")), List.of()).withSteps(100);
            final RunOutcome outcome = ClusterRun.execute(hello, dir.resolve("tls-run"), new ClusterRun.Target(seed, 1, 0,
                settings("submitter", 0, seed, NodeSettings.SUBMITTER_ROLE, trusted, dir.resolve("s")),
                ClusterRun.JOIN_TIMEOUT), RunSettings.DEFAULTS, new RunListener() { }, run -> { });
            assertEquals("completed", outcome.status(), outcome.error());
            assertEquals(0, brainsim("run", scenario("hello.conf"), "--steps", "100", "--out",
                dir.resolve("one").toString(), "--quiet").exitCode());
            assertSame(dir.resolve("one"), dir.resolve("tls-run"));

            // a member with a certificate the cluster does not trust is refused at the TLS handshake
            final Path other = keyStore(dir, "stranger");
            final int strangerPort = Rehearsal.freePorts("127.0.0.1", 1).get(0);
            stranger = node(settings("stranger", strangerPort, seed, NodeSettings.NODE_ROLE, other, dir.resolve("x")));
            Thread.sleep(10_000);
            assertNotEquals(MemberStatus.up(), Cluster.get(stranger).selfMember().status(),
                "a member with an untrusted certificate joined");
            final Protocol.Nodes nodes = AskPattern.<Protocol.CoordinatorCommand, Protocol.Nodes>ask(
                Coordinator.proxy(a), Protocol.ListNodes::new, Duration.ofSeconds(5), a.scheduler())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(List.of("tls-a"), nodes.names());
            assertTrue(Cluster.get(a).state().getMembers().iterator().hasNext());
        }
        finally
        {
            if (stranger != null)
            {
                stranger.terminate();
            }
            a.terminate();
            a.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
