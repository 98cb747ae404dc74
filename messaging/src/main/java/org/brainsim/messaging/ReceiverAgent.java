package org.brainsim.messaging;

import org.agrona.concurrent.Agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Polls every subscription of a transport, round robin, on the transport's receiver thread.
 * Subscriptions are added and removed through a command queue so that only this thread ever touches
 * them (Aeron subscriptions are not thread-safe).
 */
final class ReceiverAgent implements Agent
{
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<FrameReceiver> receivers = new ArrayList<>();
    private final int fragmentLimit;

    ReceiverAgent(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
    }

    void add(final FrameReceiver receiver)
    {
        commands.add(() -> receivers.add(receiver));
    }

    void remove(final FrameReceiver receiver)
    {
        commands.add(() ->
        {
            if (receivers.remove(receiver))
            {
                receiver.close();
            }
        });
    }

    @Override
    public int doWork()
    {
        int work = 0;
        Runnable command;
        while ((command = commands.poll()) != null)
        {
            command.run();
            work++;
        }
        for (int i = 0, n = receivers.size(); i < n; i++)
        {
            work += receivers.get(i).poll(fragmentLimit);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        doWork();
        receivers.forEach(FrameReceiver::close);
        receivers.clear();
    }

    @Override
    public String roleName()
    {
        return "brainsim-receiver";
    }
}
