package org.brainsim.messaging;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;

import java.lang.System.Logger;

/**
 * One subscription and its fragment assembler: reassembles messages larger than the MTU, decodes each
 * into a frame and hands it to a {@link FrameHandler}. Malformed bytes are counted and dropped.
 *
 * <p>Polled only by the transport's receiver thread.
 */
final class FrameReceiver implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(FrameReceiver.class.getName());

    private final Subscription subscription;
    private final FrameCodec codec;
    private final FrameHandler handler;
    private final TransportCounters counters;
    private final FragmentAssembler assembler;
    private byte[] scratch = new byte[4096];

    FrameReceiver(
        final Subscription subscription, final FrameCodec codec, final FrameHandler handler,
        final TransportCounters counters)
    {
        this.subscription = subscription;
        this.codec = codec;
        this.handler = handler;
        this.counters = counters;
        final FragmentHandler onMessage = this::onMessage;
        this.assembler = new FragmentAssembler(onMessage);
    }

    Subscription subscription()
    {
        return subscription;
    }

    int poll(final int fragmentLimit)
    {
        return subscription.poll(assembler, fragmentLimit);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length > codec.maxFrameBytes())
        {
            counters.malformedFrames.incrementAndGet();
            LOG.log(Logger.Level.WARNING, "dropped oversized frame on {0} stream {1}: {2} bytes",
                subscription.channel(), subscription.streamId(), length);
            return;
        }
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(offset, scratch, 0, length);
        final Frame frame;
        try
        {
            frame = codec.decode(scratch, 0, length);
        }
        catch (final MalformedFrameException ex)
        {
            counters.malformedFrames.incrementAndGet();
            LOG.log(Logger.Level.WARNING, "dropped malformed frame on {0} stream {1}: {2}",
                subscription.channel(), subscription.streamId(), ex.getMessage());
            return;
        }
        if (handler.onFrame(frame))
        {
            counters.framesReceived.incrementAndGet();
            counters.bytesReceived.addAndGet(length);
        }
        else
        {
            counters.unroutedFrames.incrementAndGet();
        }
    }

    @Override
    public void close()
    {
        subscription.close();
    }
}
