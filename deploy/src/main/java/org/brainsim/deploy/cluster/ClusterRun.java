package org.brainsim.deploy.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import org.brainsim.deploy.cluster.Protocol.CoordinatorCommand;
import org.brainsim.deploy.cluster.Protocol.SubmitterEvent;
import org.brainsim.messaging.FreePorts;
import org.brainsim.messaging.TransportContext;
import org.brainsim.objectives.TrialArray;
import org.brainsim.scenarios.RunListener;
import org.brainsim.scenarios.RunOutcome;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioRun;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.cluster.LesionRecord;
import org.brainsim.scenarios.cluster.TrialRecord;
import org.brainsim.scenarios.RunSettings;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
                scenario.threads().name(), settings.stallTimeout().toMillis());
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
                public void stopOthers()
                {
                    submitter.stopRequested = true;
                    placed.agents().values().forEach(a -> a.tell(new Protocol.Stop(runId)));
                }
            };
            final ScenarioRun run = ScenarioRun.prepare(scenario, outDir, partition, settings);
            system.tell(new SetReceiver(run.receiver()));
            prepared.accept(run);
            return run.execute(listener);
        }
        finally
        {
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

    /** Hands the run's receiver to the submitter actor (local only). */
    private record SetReceiver(RecordSink receiver) implements SubmitterEvent
    {
    }

    /** A member left or became unreachable (local only). */
    private record MemberLost(String address, String how) implements SubmitterEvent
    {
    }

    /** The submitting JVM's guardian: receives placement, recordings and the ends of the nodes' parts. */
    private static final class Submitter
    {
        final String runId;
        final CompletableFuture<Protocol.Placed> placed = new CompletableFuture<>();
        final CompletableFuture<Void> others = new CompletableFuture<>();
        volatile boolean stopRequested;
        private final ArrayDeque<SubmitterEvent> early = new ArrayDeque<>();
        private final Set<String> finished = new HashSet<>();
        private RecordSink receiver;

        Submitter(final String runId)
        {
            this.runId = runId;
        }

        Behavior<SubmitterEvent> behavior()
        {
            return Behaviors.setup(context ->
            {
                ClusterEvents.onMemberLost(context, MemberLost::new);
                return Behaviors.receive(SubmitterEvent.class)
                    .onMessage(Protocol.Placed.class, p ->
                    {
                        if (p.runId().equals(runId))
                        {
                            placed.complete(p);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Protocol.Rejected.class, r ->
                    {
                        placed.completeExceptionally(new Refused(r.reason()));
                        return Behaviors.same();
                    })
                    .onMessage(SetReceiver.class, s ->
                    {
                        receiver = s.receiver();
                        while (!early.isEmpty())
                        {
                            deliver(context, early.poll());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Protocol.Steps.class, m -> deliverOrKeep(context, m))
                    .onMessage(Protocol.Trial.class, m -> deliverOrKeep(context, m))
                    .onMessage(Protocol.Lesion.class, m -> deliverOrKeep(context, m))
                    .onMessage(Protocol.PartFinished.class, m -> deliverOrKeep(context, m))
                    .onMessage(MemberLost.class, m ->
                    {
                        onMemberLost(m);
                        return Behaviors.same();
                    })
                    .build();
            });
        }

        private Behavior<SubmitterEvent> deliverOrKeep(final ActorContext<SubmitterEvent> context, final SubmitterEvent e)
        {
            if (receiver == null)
            {
                early.add(e);
            }
            else
            {
                deliver(context, e);
            }
            return Behaviors.same();
        }

        private void deliver(final ActorContext<SubmitterEvent> context, final SubmitterEvent e)
        {
            try
            {
                if (e instanceof Protocol.Steps s && s.runId().equals(runId))
                {
                    receiver.steps(s.node(), s.stream(), s.steps(), s.rows(), s.width(), s.values());
                }
                else if (e instanceof Protocol.Trial t && t.runId().equals(runId))
                {
                    final List<TrialArray> arrays = new ArrayList<>();
                    for (int i = 0; i < t.arrayKeys().length; i++)
                    {
                        arrays.add(new TrialArray(t.arrayKeys()[i], t.arrayDescriptions()[i], t.arrayItems()[i],
                            t.arrayValues()[i]));
                    }
                    receiver.trial(t.region(), new TrialRecord(t.trial(), t.phase(), t.loss(), t.accuracy(),
                        t.terms(), t.params(), t.shapes(), arrays));
                }
                else if (e instanceof Protocol.Lesion l && l.runId().equals(runId))
                {
                    receiver.lesion(l.region(), new LesionRecord(l.phase(), l.target(), l.fraction(), l.indices()));
                }
                else if (e instanceof Protocol.PartFinished f && f.runId().equals(runId))
                {
                    onPartFinished(f);
                }
            }
            catch (final RuntimeException ex)
            {
                context.getLog().error("run " + runId + ": could not record what a node sent", ex);
                others.completeExceptionally(new IllegalStateException("recording what the nodes sent failed: " + ex));
            }
        }

        private void onPartFinished(final Protocol.PartFinished f)
        {
            final Protocol.Placed p = placed.getNow(null);
            if ("failed".equals(f.status()) || "diverged".equals(f.status()) ||
                "cancelled".equals(f.status()) && !stopRequested)
            {
                others.completeExceptionally(new IllegalStateException("node " + f.node() + " (regions " +
                    regionsOf(p, f.node()) + ") " + ("cancelled".equals(f.status()) ? "stopped" : f.status()) +
                    " after step " + f.steps() + ": " + f.error()));
                return;
            }
            finished.add(f.node());
            if (p != null && finished.containsAll(p.agents().keySet()))
            {
                others.complete(null);
            }
        }

        private void onMemberLost(final MemberLost m)
        {
            final Protocol.Placed p = placed.getNow(null);
            if (p == null || others.isDone())
            {
                return;
            }
            for (final Map.Entry<String, String> e : p.addresses().entrySet())
            {
                if (e.getValue().equals(m.address()) && !finished.contains(e.getKey()))
                {
                    others.completeExceptionally(new IllegalStateException("node " + e.getKey() + " (" + m.address() +
                        ") " + m.how() + " mid-run; it held regions " + regionsOf(p, e.getKey()) +
                        ". The recording up to where the run stopped is kept."));
                }
            }
        }

        private static List<String> regionsOf(final Protocol.Placed p, final String node)
        {
            final List<String> regions = new ArrayList<>();
            if (p != null)
            {
                p.placement().forEach((region, n) -> {
                    if (n.equals(node))
                    {
                        regions.add(region);
                    }
                });
            }
            return new ArrayList<>(new TreeSet<>(regions));
        }
    }
}
