package org.brainsim.bench;

import org.HdrHistogram.Histogram;
import org.brainsim.messaging.AeronTransport;
import org.brainsim.messaging.FrameSender;
import org.brainsim.messaging.RateFrame;
import org.brainsim.messaging.TransportContext;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One-way frame latency through the transport, over Aeron IPC and then over Aeron UDP on loopback (the path
 * a frame takes between JVMs: publication, driver sender, socket, driver receiver, subscription), sender to
 * handler on the receiver thread, in the same process (one clock). Frames go one at a time (the next leaves when the last has
 * arrived), so the figure is the latency of an idle path: what a lockstep hop costs. The step field
 * carries the send time.
 *
 * <pre>java … org.brainsim.bench.AeronLatency [frames] [floatsPerFrame] [udpPort]</pre>
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
        final int udpPort = args.length > 2 ? Integer.parseInt(args[2]) : 40_123;
        final String endpoint = "127.0.0.1:" + udpPort;
        double ipcP50 = 0;
        double ipcP99 = 0;
        try (AeronTransport transport = AeronTransport.launch(new TransportContext().udpEndpoint(endpoint)))
        {
            for (final String channel : new String[] {"ipc", "udp"})
            {
                final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
                final Semaphore arrived = new Semaphore(0);
                final int stream = "ipc".equals(channel) ? 2000 : 2001;
                transport.subscribe(stream, frame ->
                {
                    histogram.recordValue(Math.max(0, System.nanoTime() - frame.step()));
                    arrived.release();
                    return true;
                });
                final FrameSender sender = transport.sender("ipc".equals(channel) ? null : endpoint, stream);
                if (!transport.awaitConnected(sender))
                {
                    throw new IllegalStateException(channel + " not connected");
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
                final double p50 = histogram.getValueAtPercentile(50) / 1e3;
                final double p99 = histogram.getValueAtPercentile(99) / 1e3;
                System.out.printf("aeron %s one-way latency, %d frames of %d floats: p50 %.1f us, p99 %.1f us, " +
                    "p99.9 %.1f us, max %.1f us%n", channel, frames, floats, p50, p99,
                    histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
                if ("ipc".equals(channel))
                {
                    ipcP50 = p50;
                    ipcP99 = p99;
                }
                else
                {
                    System.out.printf("udp / ipc: p50 x%.1f, p99 x%.1f%n", p50 / ipcP50, p99 / ipcP99);
                }
            }
        }
    }
}
