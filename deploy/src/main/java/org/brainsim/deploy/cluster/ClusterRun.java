package org.brainsim.deploy.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import org.brainsim.deploy.cluster.Protocol.CoordinatorCommand;
import org.brainsim.deploy.cluster.Protocol.SubmitterEvent;
import org.brainsim.messaging.FreePorts;
import org.brainsim.messaging.TransportContext;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.RegionMXBean;
import org.brainsim.scenarios.RunListener;
import org.brainsim.scenarios.RunOutcome;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioRun;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.record.EventLog;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.RunSettings;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Submits a scenario to a running cluster and runs the submitting JVM's share: this JVM joins the cluster as a
 * {@code submitter} member, asks the coordinator to place the regions, runs the task and inputs itself, receives
 * what the nodes record and writes the run directory exactly as a one-JVM run does. When a node holding regions
 * becomes unreachable, the run stops at once with an error that names it and its regions; what was recorded is
 * flushed and the manifest says where the run stopped.
 */
public final class ClusterRun
{
    /** How long to wait to join the cluster and for the expected nodes to register. */
    public static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);

    /** The cluster refused the run (bad placement, no nodes, scenario error): exit code 2. */
    public static final class Refused extends Exception
    {
        public Refused(final String message)
        {
            super(message);
        }
    }

    private ClusterRun()
    {
    }

    /**
     * Where and how to submit.
     *
     * @param seed        {@code host:port} of a member of the cluster.
     * @param expectNodes wait until this many nodes take regions (at least 1).
     * @param port        TCP (Artery) and UDP (Aeron) port of this JVM; 0: free ones.
     * @param template    settings whose TLS (and, when set, host) the submitter uses; {@code null}: plain TCP.
     * @param joinTimeout how long to wait for the nodes and the placement ({@link #JOIN_TIMEOUT} by default).
     */
    public record Target(String seed, int expectNodes, int port, NodeSettings template, Duration joinTimeout)
    {
    }

    /**
     * @param settings the run's timeouts (sent to every node).
     * @param prepared sees the run once it exists (to cancel it on Ctrl-C).
     */
    public static RunOutcome execute(
        final Scenario scenario, final Path outDir, final Target target, final RunSettings settings,
        final RunListener listener, final Consumer<ScenarioRun> prepared)
        throws IOException, InterruptedException, Refused
    {
        final String seed = target.seed();
        final int expectNodes = target.expectNodes();
        final int port = target.port();
        final NodeSettings template = target.template();
        final Duration joinTimeout = target.joinTimeout();
        final int colon = seed.lastIndexOf(':');
        final String seedHost = seed.substring(0, colon);
        final int seedPort = Integer.parseInt(seed.substring(colon + 1));
        final String host = template != null && template.host() != null && !"127.0.0.1".equals(template.host()) ?
            template.host() : localAddressTowards(seedHost, seedPort);
        final String aeron = host + ":" + (port > 0 ? port : FreePorts.udp(host));
        final String runId = UUID.randomUUID().toString().substring(0, 8);
        final NodeSettings member = new NodeSettings("submitter-" + runId, host, port, host, List.of(seed),
            List.of(NodeSettings.SUBMITTER_ROLE), aeron, Files.createTempDirectory("brainsim-submitter"),
            template == null ? null : template.tls());
        final Submitter submitter = new Submitter(runId);
        final ActorSystem<SubmitterEvent> system = ActorSystem.create(submitter.behavior(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.of(member, false));
        try
        {
            final ActorRef<CoordinatorCommand> coordinator = Coordinator.proxy(system);
            awaitNodes(system, coordinator, expectNodes, seed, joinTimeout);
            final Protocol.RunRequest request = new Protocol.RunRequest(scenario.text(), scenario.source(),
                scenario.name(), new ArrayList<>(scenario.overrides()), scenario.steps(), scenario.trialLimit(),
                scenario.threads().name(), settings.stallTimeout().toMillis(),
                new ArrayList<>(settings.replay().stream().map(EventLog::line).toList()));
            coordinator.tell(new Protocol.Submit(runId, request, aeron,
                Cluster.get(system).selfMember().address().toString(), system));
            final Protocol.Placed placed;
            try
            {
                placed = submitter.placed.get(joinTimeout.toSeconds(), TimeUnit.SECONDS);
            }
            catch (final ExecutionException ex)
            {
                throw new Refused(ex.getCause().getMessage());
            }
            catch (final TimeoutException ex)
            {
                throw new Refused("the coordinator did not answer within " + joinTimeout.toSeconds() + " s");
            }
            listener.placed(placed.placement());
            final Map<String, String> remote = new HashMap<>();
            placed.placement().forEach((region, node) -> remote.put(region, placed.endpoints().get(node)));
            final Partition partition = new Partition()
            {
                @Override
                public Map<String, String> remote()
                {
                    return remote;
                }

                @Override
                public TransportContext transport()
                {
                    return new TransportContext().udpEndpoint(aeron).connectTimeoutNs(NodeAgent.CONNECT_TIMEOUT_NS);
                }

                @Override
                public RecordSink forward()
                {
                    return null;
                }

                @Override
                public CompletableFuture<Void> others()
                {
                    return submitter.others;
                }

                @Override
                public Map<String, Map<String, String>> placement()
                {
                    return Map.of("placement", placed.placement(), "nodes", placed.addresses(),
                        "aeron_endpoints", placed.endpoints());
                }

                @Override
                public void connect(final Interventions interventions)
                {
                    submitter.interventions = interventions; // the changes the nodes' regions apply, for the log
                }

                @Override
                public void pauseOthers(final boolean pause)
                {
                    placed.agents().values().forEach(a -> a.tell(new Protocol.Pause(runId, pause)));
                }

                @Override
                public Map<String, RegionMXBean> remoteStatuses()
                {
                    return Map.copyOf(submitter.mirrors);
                }

                @Override
                public void stopOthers()
                {
                    submitter.stopRequested = true;
                    placed.agents().values().forEach(a -> a.tell(new Protocol.Stop(runId)));
                }
            };
            final ScenarioRun run = ScenarioRun.prepare(scenario, outDir, partition, settings);
            system.tell(new Submitter.SetReceiver(run.receiver()));
            prepared.accept(run);
            return run.execute(listener);
        }
        finally
        {
            submitter.ended = true;
            submitter.mirrors.values().forEach(RegionMirror::unregister);
            final Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Leave.create(cluster.selfMember().address()));
            system.terminate();
            try
            {
                system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
            }
            catch (final ExecutionException | TimeoutException ignored)
            {
                // leaving is best effort; the split-brain resolver removes a member that vanished
            }
            submitter.mirrors.values().forEach(RegionMirror::unregister); // one made as the run ended, if any
        }
    }

    private static void awaitNodes(
        final ActorSystem<SubmitterEvent> system, final ActorRef<CoordinatorCommand> coordinator, final int expect,
        final String seed, final Duration joinTimeout) throws InterruptedException, Refused
    {
        final long deadline = System.nanoTime() + joinTimeout.toNanos();
        int seen = -1;
        while (System.nanoTime() - deadline < 0)
        {
            if (Cluster.get(system).selfMember().status() == MemberStatus.up())
            {
                try
                {
                    final Protocol.Nodes nodes = AskPattern.<CoordinatorCommand, Protocol.Nodes>ask(coordinator,
                        Protocol.ListNodes::new, Duration.ofSeconds(3), system.scheduler()).toCompletableFuture()
                        .get(4, TimeUnit.SECONDS);
                    seen = nodes.names().size();
                    if (seen >= Math.max(1, expect))
                    {
                        return;
                    }
                }
                catch (final ExecutionException | TimeoutException ex)
                {
                    // the singleton is still starting: ask again
                }
            }
            Thread.sleep(250);
        }
        throw new Refused(seen < 0 ? "could not join the cluster at " + seed + " within " + joinTimeout.toSeconds() +
            " s (is a brainsim node running there, and reachable?)" : "the cluster at " + seed + " has " + seen +
            " node(s) taking regions; waited " + joinTimeout.toSeconds() + " s for " + expect);
    }

    /** @return this machine's address on the route to {@code host} (no packet is sent). */
    static String localAddressTowards(final String host, final int port) throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.connect(new InetSocketAddress(host, port));
            return socket.getLocalAddress().getHostAddress();
        }
    }
}
