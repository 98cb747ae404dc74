package org.brainsim.messaging;

import com.esotericsoftware.kryo.io.Output;
import io.aeron.Publication;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sends frames to one destination stream. Back-pressure and a not-yet-connected subscriber are retried
 * with a back-off idle strategy up to the transport's offer timeout, and every retry is counted; a frame
 * that still cannot go is counted as dropped and reported by the return value, never silently lost.
 *
 * <p>Thread-safe: Aeron's concurrent publication and the codec's per-thread buffers allow any thread
 * to send.
 */
public final class FrameSender
{
    private final Publication publication;
    private final FrameCodec codec;
    private final TransportCounters counters;
    private final long offerTimeoutNs;
    private final ThreadLocal<UnsafeBuffer> buffers = ThreadLocal.withInitial(UnsafeBuffer::new);
    private final ThreadLocal<IdleStrategy> idles =
        ThreadLocal.withInitial(() -> new BackoffIdleStrategy(10, 20, 1_000, 100_000));

    FrameSender(
        final Publication publication, final FrameCodec codec, final TransportCounters counters,
        final long offerTimeoutNs)
    {
        this.publication = publication;
        this.codec = codec;
        this.counters = counters;
        this.offerTimeoutNs = offerTimeoutNs;
    }

    /** @return the Aeron channel this sender publishes on. */
    public String channel()
    {
        return publication.channel();
    }

    /** @return the stream id this sender publishes on. */
    public int streamId()
    {
        return publication.streamId();
    }

    /** @return whether a subscriber is connected now. */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * Encodes and offers a frame, retrying back-pressure until the offer timeout. The frame is encoded before this
     * returns and neither it nor its arrays are kept, so a caller may reuse the arrays it wrapped at once (a node
     * sends its live output this way, without a copy per step).
     *
     * @return {@code true} when the frame was published; {@code false} when it was dropped (too large,
     * publication closed, or the retries timed out); the drop is counted.
     */
    public boolean send(final Frame frame)
    {
        final Output output;
        try
        {
            output = codec.encodeToThreadBuffer(frame);
        }
        catch (final IllegalArgumentException tooLarge)
        {
            counters.framesDropped.incrementAndGet();
            return false;
        }
        final int length = output.position();
        if (length > publication.maxMessageLength())
        {
            counters.framesDropped.incrementAndGet();
            return false;
        }
        final UnsafeBuffer buffer = buffers.get();
        buffer.wrap(output.getBuffer(), 0, length);
        final IdleStrategy idle = idles.get();
        idle.reset();
        long deadlineNs = 0;
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                counters.framesSent.incrementAndGet();
                counters.bytesSent.addAndGet(length);
                return true;
            }
            if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                counters.backPressureRetries.incrementAndGet();
            }
            else if (result == Publication.NOT_CONNECTED)
            {
                counters.notConnectedRetries.incrementAndGet();
            }
            else
            {
                // CLOSED or MAX_POSITION_EXCEEDED: retrying cannot help.
                counters.framesDropped.incrementAndGet();
                return false;
            }
            final long now = System.nanoTime();
            if (deadlineNs == 0)
            {
                deadlineNs = now + offerTimeoutNs;
            }
            else if (now - deadlineNs > 0)
            {
                counters.framesDropped.incrementAndGet();
                return false;
            }
            idle.idle();
        }
    }
}
