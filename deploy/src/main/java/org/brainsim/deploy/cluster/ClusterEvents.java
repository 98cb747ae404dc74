package org.brainsim.deploy.cluster;

import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

import java.util.function.BiFunction;

/** Cluster membership events, as the actors of cluster mode need them. */
final class ClusterEvents
{
    private ClusterEvents()
    {
    }

    /**
     * Tells the actor of {@code context} of every member that becomes unreachable or leaves the cluster.
     *
     * @param message the message to send, from the member's address and how it was lost.
     */
    static <T> void onMemberLost(final ActorContext<T> context, final BiFunction<String, String, T> message)
    {
        final Cluster cluster = Cluster.get(context.getSystem());
        cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.UnreachableMember.class,
            e -> message.apply(e.member().address().toString(), "became unreachable")),
            ClusterEvent.UnreachableMember.class));
        cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class,
            e -> message.apply(e.member().address().toString(), "left the cluster")), ClusterEvent.MemberRemoved.class));
    }
}
