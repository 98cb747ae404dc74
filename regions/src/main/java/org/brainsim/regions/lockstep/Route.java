package org.brainsim.regions.lockstep;

import akka.actor.typed.ActorRef;

/**
 * Where a node's frames go: its actor once spawned. Frames that arrive before (from nodes in other JVMs,
 * which may start first) wait here, in arrival order, and are handed over when the actor exists.
 */
final class Route
{
    private final java.util.ArrayDeque<org.brainsim.messaging.Frame> early = new java.util.ArrayDeque<>();
    private volatile ActorRef<LockstepNode.Command> ref;

    boolean deliver(final org.brainsim.messaging.Frame frame)
    {
        ActorRef<LockstepNode.Command> to = ref;
        if (to == null)
        {
            synchronized (this)
            {
                to = ref;
                if (to == null)
                {
                    early.add(frame);
                    return true;
                }
            }
        }
        to.tell(new LockstepNode.FrameArrived(frame));
        return true;
    }

    synchronized void open(final ActorRef<LockstepNode.Command> actor)
    {
        while (!early.isEmpty())
        {
            actor.tell(new LockstepNode.FrameArrived(early.poll()));
        }
        ref = actor;
    }
}
