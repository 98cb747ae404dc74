package org.brainsim.regions.lockstep;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The guardian of one local run: spawns every node on its dispatcher, starts them once all exist,
 * watches them, and completes the run's future when all have finished, one has failed, or none has
 * made progress for the stall timeout.
 */
final class GraphRun extends AbstractBehavior<GraphRun.Command>
{
    interface Command
    {
    }

    private record NodeFinished(LockstepNode.Finished finished) implements Command
    {
    }

    private enum CheckProgress implements Command
    {
        INSTANCE
    }

    /** Tells the run to stop now (cancellation). */
    enum Cancel implements Command
    {
        INSTANCE
    }

    private final Map<ActorRef<Void>, String> names = new HashMap<>();
    private final Set<String> unfinished = new HashSet<>();
    private final List<LockstepNode.Parts> nodes;
    private final CompletableFuture<Void> done;
    private long lastProgress = -1;
    private final PauseSwitch pause;
    private final long stallTimeoutNs;

    static Behavior<Command> create(
        final List<LockstepNode.Parts> nodes, final ThreadMode threadMode, final Duration stallTimeout,
        final PauseSwitch pause, final BiConsumer<Integer, ActorRef<LockstepNode.Command>> route,
        final CompletableFuture<Void> done)
    {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
            new GraphRun(context, timers, nodes, threadMode, stallTimeout, pause, route, done)));
    }

    private GraphRun(
        final ActorContext<Command> context, final TimerScheduler<Command> timers,
        final List<LockstepNode.Parts> nodes, final ThreadMode threadMode, final Duration stallTimeout,
        final PauseSwitch pause, final BiConsumer<Integer, ActorRef<LockstepNode.Command>> route,
        final CompletableFuture<Void> done)
    {
        super(context);
        this.nodes = nodes;
        this.pause = pause;
        this.stallTimeoutNs = stallTimeout.toNanos();
        this.done = done;
        final DispatcherSelector dispatcher = DispatcherSelector.fromConfig(threadMode.dispatcherPath());
        final ActorRef<LockstepNode.Finished> finishedAdapter =
            context.messageAdapter(LockstepNode.Finished.class, NodeFinished::new);
        final ActorRef<?>[] refs = new ActorRef<?>[nodes.size()];
        for (int i = 0; i < nodes.size(); i++)
        {
            final LockstepNode.Parts parts = nodes.get(i);
            final ActorRef<LockstepNode.Command> ref =
                context.spawn(LockstepNode.create(parts), "node-" + i + "-" + sanitise(parts.name()), dispatcher);
            context.watch(ref);
            names.put(ref.unsafeUpcast(), parts.name());
            unfinished.add(parts.name());
            route.accept(i, ref);
            refs[i] = ref;
        }
        for (final ActorRef<?> ref : refs)
        {
            @SuppressWarnings("unchecked")
            final ActorRef<LockstepNode.Command> node = (ActorRef<LockstepNode.Command>)ref;
            node.tell(new LockstepNode.Start(finishedAdapter));
        }
        timers.startTimerWithFixedDelay(CheckProgress.INSTANCE, stallTimeout);
        if (nodes.isEmpty())
        {
            done.complete(null);
        }
    }

    private static String sanitise(final String name)
    {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public Receive<Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(NodeFinished.class, this::onNodeFinished)
            .onMessageEquals(CheckProgress.INSTANCE, this::onCheckProgress)
            .onMessageEquals(Cancel.INSTANCE, this::onCancel)
            .onSignal(ChildFailed.class, this::onChildFailed)
            .onSignal(Terminated.class, this::onChildStopped)
            .build();
    }

    private Behavior<Command> onNodeFinished(final NodeFinished message)
    {
        unfinished.remove(message.finished().node());
        if (unfinished.isEmpty())
        {
            done.complete(null);
            return Behaviors.stopped();
        }
        return this;
    }

    private Behavior<Command> onCheckProgress()
    {
        long progress = 0;
        for (final LockstepNode.Parts parts : nodes)
        {
            progress += parts.status().getStep();
        }
        if (progress == lastProgress && !pause.pausedWithin(stallTimeoutNs))
        {
            final StringBuilder where = new StringBuilder();
            for (final LockstepNode.Parts parts : nodes)
            {
                where.append(String.format("%n  %s: step %d, %d inbound frames waiting", parts.name(),
                    parts.status().getStep(), parts.status().getInboundFramesWaiting()));
            }
            done.completeExceptionally(new GraphRunException(GraphRunException.Kind.STALLED, null,
                "no node made progress for the stall timeout; where each node stands:" + where, null));
            return Behaviors.stopped();
        }
        lastProgress = progress;
        return this;
    }

    private Behavior<Command> onCancel()
    {
        done.completeExceptionally(new GraphRunException(GraphRunException.Kind.CANCELLED, null, "run cancelled", null));
        return Behaviors.stopped();
    }

    private Behavior<Command> onChildFailed(final ChildFailed failed)
    {
        final String node = names.get(failed.getRef());
        done.completeExceptionally(new GraphRunException(GraphRunException.Kind.NODE_FAILED, node,
            "node " + node + " failed: " + failed.cause().getMessage(), failed.cause()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onChildStopped(final Terminated terminated)
    {
        final String node = names.get(terminated.getRef());
        if (unfinished.contains(node))
        {
            done.completeExceptionally(new GraphRunException(GraphRunException.Kind.NODE_FAILED, node,
                "node " + node + " stopped before finishing", null));
            return Behaviors.stopped();
        }
        return this;
    }
}
