package org.brainsim.deploy.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The Akka configuration of a cluster member, built from {@link NodeSettings} rather than read from an
 * {@code application.conf} (the lockstep graph of each run has its own local actor system, which must not turn
 * into a cluster member).
 */
public final class ClusterConfig
{
    /** Every member's actor system name (it is part of the address). */
    public static final String SYSTEM_NAME = "brainsim";
    /** Largest control message: forwarded recordings are chunked well below, weight snapshots may be large. */
    public static final String MAXIMUM_FRAME_SIZE = "8 MiB";
    /**
     * How long heartbeats from a member may be missing before it is unreachable (which fails a run it takes part in).
     * Long enough for a garbage-collection pause or a starved CPU, short enough that a lost node is reported within
     * seconds.
     */
    public static final String ACCEPTABLE_HEARTBEAT_PAUSE = "10s";

    private ClusterConfig()
    {
    }

    /**
     * @param exitJvm whether the JVM exits when the member leaves or is downed (true for {@code brainsim node}).
     */
    public static Config of(final NodeSettings s, final boolean exitJvm)
    {
        final List<String> seeds = new ArrayList<>();
        for (final String seed : s.seeds())
        {
            seeds.add("akka://" + SYSTEM_NAME + "@" + seed);
        }
        if (seeds.isEmpty())
        {
            seeds.add(s.address()); // the first node: it forms the cluster by joining itself
        }
        Config c = ConfigFactory.parseString(String.join("\n",
            "akka {",
            "  loglevel = WARNING",
            "  stdout-loglevel = WARNING",
            "  loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
            "  logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
            "  log-dead-letters = 0",
            "  log-dead-letters-during-shutdown = off",
            "  actor {",
            "    provider = cluster",
            "    serializers.brainsim = \"" + ClusterSerializer.class.getName() + "\"",
            "    serialization-bindings { \"" + ClusterMessage.class.getName() + "\" = brainsim }",
            "  }",
            "  remote.artery {",
            "    transport = " + (s.tls() == null ? "tcp" : "tls-tcp"),
            "    advanced.maximum-frame-size = " + MAXIMUM_FRAME_SIZE,
            "  }",
            "  cluster {",
            "    # never auto-down: the split-brain resolver decides, and only the majority side of the nodes survives",
            "    downing-provider-class = \"akka.cluster.sbr.SplitBrainResolverProvider\"",
            "    split-brain-resolver {",
            "      active-strategy = keep-majority",
            "      keep-majority.role = " + NodeSettings.NODE_ROLE,
            "      stable-after = 10s",
            "    }",
            "    # a member is unreachable after " + ACCEPTABLE_HEARTBEAT_PAUSE + " without heartbeats (Akka's default, 3 s,",
            "    # marked busy but live nodes unreachable on a 2-core machine running 4 JVMs: a run failed in CI)",
            "    failure-detector.acceptable-heartbeat-pause = " + ACCEPTABLE_HEARTBEAT_PAUSE,
            "    jmx.multi-mbeans-in-same-jvm = on",
            "    log-info = off",
            "  }",
            "  coordinated-shutdown.exit-jvm = " + (exitJvm ? "on" : "off"),
            "  # a submitter leaves after its run; when a node was lost, leaving cannot converge: do not wait long",
            "  coordinated-shutdown.phases.cluster-exiting.timeout = " + (exitJvm ? "10s" : "3s"),
            "  coordinated-shutdown.run-by-jvm-shutdown-hook = " + (exitJvm ? "on" : "off"),
            "}"))
            .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(s.host()))
            .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(s.port()))
            .withValue("akka.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(s.bindHost()))
            .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
            .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(s.roles()));
        if (s.tls() != null)
        {
            final String engine = "akka.remote.artery.ssl.config-ssl-engine.";
            c = c.withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(s.tls().keyStore().toString()))
                .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(s.tls().trustStore().toString()))
                .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(s.tls().keyStorePassword()))
                .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(s.tls().keyStorePassword()))
                .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(s.tls().trustStorePassword()))
                .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef(s.tls().protocol()))
                .withValue(engine + "enabled-algorithms", ConfigValueFactory.fromIterable(
                    "TLSv1.3".equals(s.tls().protocol()) ? List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256") :
                        List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")))
                .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true))
                .withValue(engine + "hostname-verification", ConfigValueFactory.fromAnyRef(false));
        }
        return c.withFallback(ConfigFactory.load());
    }
}
