package org.brainsim.bench;

import org.HdrHistogram.Histogram;
import org.brainsim.messaging.AeronTransport;
import org.brainsim.messaging.FrameSender;
import org.brainsim.messaging.RateFrame;
import org.brainsim.messaging.TransportContext;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One-way frame latency through the transport over Aeron IPC, sender to handler on the receiver
 * thread, in the same process (one clock). Frames go one at a time (the next leaves when the last has
 * arrived), so the figure is the latency of an idle path: what a lockstep hop costs. The step field
 * carries the send time.
 *
 * <pre>java … org.brainsim.bench.AeronLatency [frames] [floatsPerFrame]</pre>
 */
public final class AeronLatency
{
    private AeronLatency()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int frames = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int floats = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        final Semaphore arrived = new Semaphore(0);
        try (AeronTransport transport = AeronTransport.launch(new TransportContext()))
        {
            transport.subscribe(2000, frame ->
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - frame.step()));
                arrived.release();
                return true;
            });
            final FrameSender sender = transport.localSender(2000);
            if (!transport.awaitConnected(sender))
            {
                throw new IllegalStateException("not connected");
            }
            final float[] values = new float[floats];
            final int warmup = frames / 5;
            for (int i = 0; i < frames + warmup; i++)
            {
                if (i == warmup)
                {
                    histogram.reset();
                }
                sender.send(new RateFrame(0, System.nanoTime(), 1, floats, values));
                arrived.acquire();
            }
            System.out.printf("aeron ipc one-way latency, %d frames of %d floats: p50 %.1f us, p99 %.1f us, " +
                "p99.9 %.1f us, max %.1f us%n", frames, floats, histogram.getValueAtPercentile(50) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                histogram.getMaxValue() / 1e3);
        }
    }
}
