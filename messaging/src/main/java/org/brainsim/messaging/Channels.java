package org.brainsim.messaging;

/**
 * Aeron channel URIs for the two kinds of destination: the same machine ({@code aeron:ipc}) and
 * another machine ({@code aeron:udp}).
 */
public final class Channels
{
    /** Shared-memory channel for destinations on this machine. */
    public static final String IPC = "aeron:ipc";

    private Channels()
    {
    }

    /**
     * @param hostPort {@code host:port} of the receiving transport's UDP endpoint.
     * @return the UDP channel that reaches it.
     */
    public static String udp(final String hostPort)
    {
        parseEndpoint(hostPort);
        return "aeron:udp?endpoint=" + hostPort;
    }

    /**
     * Checks a {@code host:port} endpoint.
     *
     * @return the port.
     * @throws IllegalArgumentException when it is not {@code host:port} with a port in 1..65535.
     */
    public static int parseEndpoint(final String hostPort)
    {
        final int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1)
        {
            throw new IllegalArgumentException("udpEndpoint=" + hostPort + " (expected: host:port)");
        }
        final int port;
        try
        {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("udpEndpoint=" + hostPort + " (expected: a numeric port)");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("udpEndpoint=" + hostPort + " (expected: port in 1..65535)");
        }
        return port;
    }
}
