package org.brainsim.messaging;

/**
 * The transport's counters over JMX, as {@code org.brainsim:type=Transport,name=<name>}.
 */
public interface TransportMXBean
{
    long getFramesSent();

    long getBytesSent();

    long getFramesReceived();

    long getBytesReceived();

    long getBackPressureRetries();

    long getNotConnectedRetries();

    long getFramesDropped();

    long getMalformedFrames();

    long getUnroutedFrames();

    String getAeronDirectory();
}
