package org.brainsim.deploy.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import org.brainsim.deploy.cluster.Protocol.SubmitterEvent;
import org.brainsim.objectives.TrialArray;
import org.brainsim.regions.lockstep.Intervention;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.scenarios.cluster.LesionRecord;
import org.brainsim.scenarios.cluster.RecordSink;
import org.brainsim.scenarios.cluster.TrialRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The submitting JVM's guardian: receives placement, recordings and the ends of the nodes' parts. */
final class Submitter
{
    /** Hands the run's receiver to the submitter actor (local only). */
    record SetReceiver(RecordSink receiver) implements SubmitterEvent
    {
    }

    /** A member left or became unreachable (local only). */
    record MemberLost(String address, String how) implements SubmitterEvent
    {
    }

    final String runId;
    final CompletableFuture<Protocol.Placed> placed = new CompletableFuture<>();
    final CompletableFuture<Void> others = new CompletableFuture<>();
    volatile boolean stopRequested;
    volatile Interventions interventions;
    /** The MBeans of the regions on the nodes, as this JVM shows them. */
    final Map<String, RegionMirror> mirrors = new ConcurrentHashMap<>();
    /** The run ended here: no more mirrors (a figure arriving late would leave one registered). */
    volatile boolean ended;
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
                    placed.completeExceptionally(new IllegalStateException(r.reason()));
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
                .onMessage(Protocol.Change.class, m -> deliverOrKeep(context, m))
                .onMessage(Protocol.Status.class, m ->
                {
                    if (m.runId().equals(runId))
                    {
                        final RegionMirror mirror = mirrors.get(m.name());
                        if (mirror == null && !ended)
                        {
                            mirrors.put(m.name(), new RegionMirror(m, this::toNode).register());
                        }
                        else if (mirror != null)
                        {
                            mirror.update(m);
                        }
                    }
                    return Behaviors.same();
                })
                .onMessage(MemberLost.class, m ->
                {
                    onMemberLost(m);
                    return Behaviors.same();
                })
                .build();
        });
    }

    /** Passes a change asked for here on to the node that runs its region. */
    private void toNode(final Intervention change)
    {
        final Protocol.Placed p = placed.getNow(null);
        final String node = p == null ? null : p.placement().get(change.target());
        if (node == null)
        {
            throw new IllegalArgumentException("region " + change.target() + " runs on no node of this run");
        }
        p.agents().get(node).tell(new Protocol.Request(runId, Protocol.Change.of(runId, change)));
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
            else if (e instanceof Protocol.Change c && c.runId().equals(runId))
            {
                interventions.record(c.change());
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
