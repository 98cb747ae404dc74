package org.brainsim.messaging;

import io.aeron.logbuffer.LogBufferDescriptor;

import java.io.File;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Settings of an {@link AeronTransport}, Aeron style: fluent setters, one {@link #conclude()} that
 * fills defaults and checks every field and cross-field rule, naming {@code property=value} on error.
 *
 * <p>Not thread-safe; hand it to {@link AeronTransport#launch(TransportContext)} once.
 */
public final class TransportContext
{
    /** Default term buffer for every publication: 16 MiB, so frames up to 2 MiB fit in one message. */
    public static final int DEFAULT_TERM_BUFFER_LENGTH_BYTES = 16 << 20;
    /** Default time a send keeps retrying back-pressure or a missing subscriber before it gives up. */
    public static final long DEFAULT_OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** Default time to wait for a publication to connect when it is first made. */
    public static final long DEFAULT_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Room for a frame's header and encoding overhead beyond its payload, for {@link #sizedFor}. */
    private static final int FRAME_MARGIN_BYTES = 1024;
    /** Default fragments read per subscription per poll. */
    public static final int DEFAULT_FRAGMENT_LIMIT = 64;

    private String aeronDirectoryName;
    private String udpEndpoint;
    private int termBufferLengthBytes = DEFAULT_TERM_BUFFER_LENGTH_BYTES;
    private boolean termBufferLengthSet;
    private int maxFrameBytes;
    private long offerTimeoutNs = DEFAULT_OFFER_TIMEOUT_NS;
    private long connectTimeoutNs = DEFAULT_CONNECT_TIMEOUT_NS;
    private int fragmentLimit = DEFAULT_FRAGMENT_LIMIT;
    private boolean concluded;

    /**
     * Directory of the embedded media driver; made on launch and removed on close. Default: a fresh
     * directory under {@code /dev/shm} (or {@code java.io.tmpdir} where that does not exist).
     */
    public TransportContext aeronDirectoryName(final String dir)
    {
        this.aeronDirectoryName = dir;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * {@code host:port} on which this transport also receives frames from other machines over UDP;
     * {@code null} (default) for IPC only.
     */
    public TransportContext udpEndpoint(final String hostPort)
    {
        this.udpEndpoint = hostPort;
        return this;
    }

    public String udpEndpoint()
    {
        return udpEndpoint;
    }

    /** Term buffer length of every publication, a power of two in [64 KiB, 1 GiB]. */
    public TransportContext termBufferLengthBytes(final int bytes)
    {
        this.termBufferLengthBytes = bytes;
        this.termBufferLengthSet = true;
        return this;
    }

    /**
     * Sizes the term buffers for frames of at most {@code largestFrameBytes}, unless a length was set: the smallest
     * power of two, at least 64 KiB and at most the default, in which such a frame is at most an eighth of a term
     * (Aeron's limit on one message). Each publication maps three terms and, over a run, touches every page of
     * them: 16 MiB terms cost 48 MiB of resident memory per destination however small the frames are.
     */
    public TransportContext sizedFor(final int largestFrameBytes)
    {
        if (!termBufferLengthSet)
        {
            final long needed = 8L * (largestFrameBytes + FRAME_MARGIN_BYTES);
            int length = 64 << 10;
            while (length < needed && length < DEFAULT_TERM_BUFFER_LENGTH_BYTES)
            {
                length <<= 1;
            }
            this.termBufferLengthBytes = length;
        }
        return this;
    }

    public int termBufferLengthBytes()
    {
        return termBufferLengthBytes;
    }

    /** Largest frame sent or accepted; at most a term's eighth (Aeron's message limit). Default: that. */
    public TransportContext maxFrameBytes(final int bytes)
    {
        this.maxFrameBytes = bytes;
        return this;
    }

    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /** How long one send retries back-pressure or a missing subscriber before counting a drop. */
    public TransportContext offerTimeoutNs(final long ns)
    {
        this.offerTimeoutNs = ns;
        return this;
    }

    public long offerTimeoutNs()
    {
        return offerTimeoutNs;
    }

    /** How long {@link AeronTransport#sender} waits for a new publication to see its subscriber. */
    public TransportContext connectTimeoutNs(final long ns)
    {
        this.connectTimeoutNs = ns;
        return this;
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    /** Fragments read per subscription per poll of the receiver thread. */
    public TransportContext fragmentLimit(final int limit)
    {
        this.fragmentLimit = limit;
        return this;
    }

    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    /**
     * Fills defaults and validates. Idempotent.
     *
     * @throws IllegalArgumentException naming the first bad {@code property=value}.
     */
    public TransportContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (aeronDirectoryName == null)
        {
            final File shm = new File("/dev/shm");
            final String base = shm.isDirectory() ? shm.getPath() : System.getProperty("java.io.tmpdir");
            aeronDirectoryName = new File(base, "brainsim-aeron-" + ProcessHandle.current().pid() + "-" +
                UUID.randomUUID().toString().substring(0, 8)).getPath();
        }
        try
        {
            LogBufferDescriptor.checkTermLength(termBufferLengthBytes);
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalArgumentException("termBufferLengthBytes=" + termBufferLengthBytes + ": " + ex.getMessage());
        }
        final int messageLimit = termBufferLengthBytes / 8;
        if (maxFrameBytes == 0)
        {
            maxFrameBytes = messageLimit;
        }
        if (maxFrameBytes < 64 || maxFrameBytes > messageLimit)
        {
            throw new IllegalArgumentException("maxFrameBytes=" + maxFrameBytes + " (expected: 64.." + messageLimit +
                ", an eighth of termBufferLengthBytes=" + termBufferLengthBytes + ")");
        }
        if (offerTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("offerTimeoutNs=" + offerTimeoutNs + " (expected: > 0)");
        }
        if (connectTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("connectTimeoutNs=" + connectTimeoutNs + " (expected: > 0)");
        }
        if (fragmentLimit < 1)
        {
            throw new IllegalArgumentException("fragmentLimit=" + fragmentLimit + " (expected: >= 1)");
        }
        if (udpEndpoint != null)
        {
            Channels.parseEndpoint(udpEndpoint);
        }
        concluded = true;
        return this;
    }
}
