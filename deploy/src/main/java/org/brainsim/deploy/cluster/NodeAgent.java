package org.brainsim.deploy.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import org.brainsim.deploy.cluster.Protocol.AgentCommand;
import org.brainsim.deploy.cluster.Protocol.CoordinatorCommand;
import org.brainsim.deploy.cluster.Protocol.SubmitterEvent;
import org.brainsim.messaging.TransportContext;
import org.brainsim.objectives.TrialArray;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.scenarios.RunOutcome;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioRun;
import org.brainsim.scenarios.cluster.Partition;
import org.brainsim.scenarios.record.EventLog;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.cluster.LesionRecord;
import org.brainsim.scenarios.cluster.TrialRecord;
import org.brainsim.scenarios.RunSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The actor on each {@code brainsim node} that runs the regions placed on it: it registers with the
 * coordinator, and for each {@link Protocol.Host} builds the run's graph from the scenario, runs its share on a
 * thread of its own (the regions' lockstep actors live in the run's local actor system, frames go over Aeron),
 * forwards what they record to the submitter and reports how its part ended. One run at a time.
 */
public final class NodeAgent
{
    /** How often the agent registers again (so that a moved coordinator learns of it). */
    static final Duration REGISTER_PERIOD = Duration.ofSeconds(2);
    /** How long a part waits for every Aeron peer to subscribe. */
    static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    /** How often a node sends its regions' figures to the submitter of its run. */
    static final Duration STATUS_PERIOD = Duration.ofSeconds(1);

    /** Time to send the figures of the run's regions (local only). */
    private enum StatusTick implements AgentCommand
    {
        INSTANCE
    }

    private enum RegisterTick implements AgentCommand
    {
        INSTANCE
    }

    private record PartDone(String runId) implements AgentCommand
    {
    }

    private record MemberGone(String address) implements AgentCommand
    {
    }

    /** The run going on here. */
    private static final class Current
    {
        final String runId;
        final String submitterAddress;
        final ActorRef<SubmitterEvent> submitter;
        volatile ScenarioRun run;
        volatile boolean cancelled;
        /** A pause that came before the part's run existed: applied as it starts. */
        volatile boolean paused;

        Current(final String runId, final String submitterAddress, final ActorRef<SubmitterEvent> submitter)
        {
            this.runId = runId;
            this.submitterAddress = submitterAddress;
            this.submitter = submitter;
        }

        void cancel()
        {
            cancelled = true;
            final ScenarioRun r = run;
            if (r != null)
            {
                r.cancel();
            }
        }
    }

    private final ActorContext<AgentCommand> context;
    private final NodeSettings settings;
    private final ActorRef<CoordinatorCommand> coordinator;
    private Current current;

    private NodeAgent(
        final ActorContext<AgentCommand> context, final NodeSettings settings,
        final ActorRef<CoordinatorCommand> coordinator)
    {
        this.context = context;
        this.settings = settings;
        this.coordinator = coordinator;
    }

    /**
     * The guardian of a member's actor system: the coordinator singleton (a proxy on members without the
     * {@code node} role) and, on {@code node} members, the agent.
     */
    public static Behavior<Void> guardian(final NodeSettings settings)
    {
        return Behaviors.setup(context ->
        {
            final ActorRef<CoordinatorCommand> coordinator = Coordinator.proxy(context.getSystem());
            if (settings.roles().contains(NodeSettings.NODE_ROLE))
            {
                context.spawn(create(settings, coordinator), "agent");
            }
            return Behaviors.empty();
        });
    }

    public static Behavior<AgentCommand> create(final NodeSettings settings, final ActorRef<CoordinatorCommand> coordinator)
    {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        {
            timers.startTimerAtFixedRate(RegisterTick.INSTANCE, Duration.ZERO, REGISTER_PERIOD);
            timers.startTimerAtFixedRate(StatusTick.INSTANCE, STATUS_PERIOD, STATUS_PERIOD);
            ClusterEvents.onMemberLost(context, (address, how) -> new MemberGone(address));
            return new NodeAgent(context, settings, coordinator).behavior();
        }));
    }

    private Behavior<AgentCommand> behavior()
    {
        return Behaviors.receive(AgentCommand.class)
            .onMessageEquals(RegisterTick.INSTANCE, () ->
            {
                coordinator.tell(new Protocol.Register(settings.name(), settings.aeron(),
                    Cluster.get(context.getSystem()).selfMember().address().toString(), context.getSelf()));
                return Behaviors.same();
            })
            .onMessage(Protocol.Host.class, this::onHost)
            .onMessageEquals(StatusTick.INSTANCE, () ->
            {
                final Current c = current;
                final ScenarioRun run = c == null ? null : c.run;
                if (run != null)
                {
                    run.statuses().values().forEach(b -> c.submitter.tell(RegionMirror.status(c.runId, b)));
                }
                return Behaviors.same();
            })
            .onMessage(Protocol.Request.class, request ->
            {
                final Current c = current;
                final ScenarioRun run = c == null ? null : c.run;
                if (run != null && c.runId.equals(request.runId()))
                {
                    try
                    {
                        run.request(request.change().change());
                    }
                    catch (final IllegalArgumentException | IllegalStateException ex)
                    {
                        context.getLog().warn("run {}: live change refused: {}", c.runId, ex.getMessage());
                    }
                }
                return Behaviors.same();
            })
            .onMessage(Protocol.Pause.class, pause ->
            {
                final Current c = current;
                if (c != null && c.runId.equals(pause.runId()))
                {
                    c.paused = pause.pause();
                    final ScenarioRun run = c.run;
                    if (run != null)
                    {
                        run.pause(pause.pause());
                    }
                }
                return Behaviors.same();
            })
            .onMessage(Protocol.Stop.class, stop ->
            {
                if (current != null && current.runId.equals(stop.runId()))
                {
                    current.cancel();
                }
                return Behaviors.same();
            })
            .onMessage(MemberGone.class, gone ->
            {
                if (current != null && current.submitterAddress.equals(gone.address()))
                {
                    context.getLog().warn("run {}: its submitter {} was lost; stopping this node's part",
                        current.runId, gone.address());
                    current.cancel();
                }
                return Behaviors.same();
            })
            .onMessage(PartDone.class, done ->
            {
                if (current != null && current.runId.equals(done.runId()))
                {
                    current = null;
                }
                return Behaviors.same();
            })
            .build();
    }

    private Behavior<AgentCommand> onHost(final Protocol.Host host)
    {
        if (current != null)
        {
            host.submitter().tell(new Protocol.PartFinished(host.runId(), settings.name(), "failed",
                "node " + settings.name() + " is busy with run " + current.runId + " (one run at a time)", 0));
            return Behaviors.same();
        }
        final Current run = new Current(host.runId(), host.submitterAddress(), host.submitter());
        current = run;
        final ActorRef<AgentCommand> self = context.getSelf();
        final Thread thread = new Thread(() ->
        {
            try
            {
                runPart(host, run);
            }
            finally
            {
                self.tell(new PartDone(host.runId()));
            }
        }, "brainsim-part-" + host.runId());
        thread.setDaemon(true);
        thread.start();
        context.getLog().info("run {}: hosting {}", host.runId(), host.hosted());
        return Behaviors.same();
    }

    private void runPart(final Protocol.Host host, final Current current)
    {
        final ActorRef<SubmitterEvent> submitter = host.submitter();
        final Path scratch = settings.dataDir().resolve("runs").resolve(host.runId());
        String status;
        String error = null;
        long steps = 0;
        try
        {
            final Scenario scenario = Coordinator.scenarioOf(host.request());
            final RecordSink sink = new RecordSink()
            {
                @Override
                public void steps(
                    final String node, final String stream, final long[] stepList, final int rows, final int width,
                    final float[] values)
                {
                    submitter.tell(new Protocol.Steps(host.runId(), node, stream, stepList, rows, width, values));
                }

                @Override
                public void trial(final String region, final TrialRecord r)
                {
                    final int n = r.arrays().size();
                    final String[] keys = new String[n];
                    final String[] descriptions = new String[n];
                    final long[][] items = new long[n][];
                    final float[][] values = new float[n][];
                    for (int i = 0; i < n; i++)
                    {
                        final TrialArray a = r.arrays().get(i);
                        keys[i] = a.key();
                        descriptions[i] = a.description();
                        items[i] = a.item();
                        values[i] = a.values();
                    }
                    submitter.tell(new Protocol.Trial(host.runId(), region, r.trial(), r.phase(), r.loss(),
                        r.accuracy(), r.terms(), r.params(), r.shapes(), keys, descriptions, items, values));
                }

                @Override
                public void lesion(final String region, final LesionRecord r)
                {
                    submitter.tell(new Protocol.Lesion(host.runId(), region, r.phase(), r.target(), r.fraction(),
                        r.indices()));
                }
            };
            final Partition partition = new Partition()
            {
                @Override
                public Map<String, String> remote()
                {
                    return host.remote();
                }

                @Override
                public TransportContext transport()
                {
                    return new TransportContext().udpEndpoint(settings.aeron()).connectTimeoutNs(CONNECT_TIMEOUT_NS);
                }

                @Override
                public RecordSink forward()
                {
                    return sink;
                }

                @Override
                public CompletableFuture<Void> others()
                {
                    return null;
                }

                @Override
                public void stopOthers()
                {
                }

                @Override
                public void connect(final Interventions interventions)
                {
                    interventions.listen(e -> submitter.tell(Protocol.Change.of(host.runId(), e)));
                }
            };
            final Set<String> regions = new TreeSet<>();
            scenario.regions().forEach(r -> regions.add(r.name()));
            final ScenarioRun run = ScenarioRun.prepare(scenario, scratch, partition, RunSettings.DEFAULTS
                .withStallTimeout(java.time.Duration.ofMillis(host.request().stallTimeoutMs()))
                .withReplay(EventLog.parse(host.request().replay(), "--events", regions, e -> null)));
            current.run = run;
            if (current.cancelled)
            {
                run.cancel();
            }
            if (current.paused)
            {
                run.pause(true); // asked before the part existed (a resume since would have cleared it)
            }
            final RunOutcome outcome = run.executePart();
            status = outcome.status();
            error = outcome.error();
            steps = outcome.stepsCompleted();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            status = "failed";
            error = "node " + settings.name() + " was interrupted";
        }
        catch (final Exception | Error ex)
        {
            status = "failed";
            error = "node " + settings.name() + ": " + ex;
            context.getSystem().log().error("run " + host.runId() + " failed on " + settings.name(), ex);
        }
        finally
        {
            deleteQuietly(scratch);
        }
        submitter.tell(new Protocol.PartFinished(host.runId(), settings.name(), status, error, steps));
    }

    private static void deleteQuietly(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // scratch space; the next run uses another directory
        }
    }
}
