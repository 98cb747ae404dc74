package org.brainsim.messaging;

/**
 * A node's registration for the frames sent to its stream. Closing it stops delivery.
 */
public final class FrameSubscription implements AutoCloseable
{
    private final ReceiverAgent agent;
    private final FrameReceiver[] receivers;
    private final int streamId;
    private boolean closed;

    FrameSubscription(final ReceiverAgent agent, final int streamId, final FrameReceiver... receivers)
    {
        this.agent = agent;
        this.streamId = streamId;
        this.receivers = receivers;
    }

    /** @return the stream id frames for this node arrive on. */
    public int streamId()
    {
        return streamId;
    }

    /** @return whether every channel of this subscription has at least one publisher connected. */
    public boolean isConnected()
    {
        for (final FrameReceiver r : receivers)
        {
            if (!r.subscription().isConnected())
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            for (final FrameReceiver r : receivers)
            {
                agent.remove(r);
            }
        }
    }
}
