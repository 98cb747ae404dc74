package org.brainsim.messaging;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports that are free now and stay free until someone binds them on purpose.
 *
 * <p>A port found by binding to port 0 lies in the kernel's ephemeral range, so any later {@code bind(0)} on the
 * machine (every Aeron publication binds its send socket that way) may be handed the same number before the
 * intended owner binds it: the run then fails with "Address already in use". The ports here are drawn at random
 * below that range, where the kernel never hands out a port by itself; what remains is the rare explicit bind of
 * the same number by another process, checked for at the time of the draw.
 */
public final class FreePorts
{
    /** The lowest port drawn. */
    static final int LOWEST = 10_000;
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final int ATTEMPTS = 200;

    private FreePorts()
    {
    }

    /** @return a port free on {@code host} for UDP now, outside the ephemeral range. */
    public static int udp(final String host) throws IOException
    {
        return draw(host, 1, false).get(0);
    }

    /** @return {@code n} distinct ports free on {@code host} for both TCP and UDP now, outside the ephemeral range. */
    public static List<Integer> tcpAndUdp(final String host, final int n) throws IOException
    {
        return draw(host, n, true);
    }

    private static List<Integer> draw(final String host, final int n, final boolean tcpToo) throws IOException
    {
        final int high = ephemeralLow();
        final List<Integer> ports = new ArrayList<>(n);
        if (high - LOWEST < 100 * n)
        {
            // the machine hands out almost every port by itself: no safe range, so take what bind(0) gives
            while (ports.size() < n)
            {
                final int port = bindZero(host);
                if (!ports.contains(port) && (!tcpToo || freeTcp(host, port)))
                {
                    ports.add(port);
                }
            }
            return ports;
        }
        for (int attempt = 0; attempt < ATTEMPTS * n && ports.size() < n; attempt++)
        {
            final int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
            if (!ports.contains(port) && freeUdp(host, port) && (!tcpToo || freeTcp(host, port)))
            {
                ports.add(port);
            }
        }
        if (ports.size() < n)
        {
            throw new IOException("found only " + ports.size() + " of " + n + " free ports in " + LOWEST + ".." +
                (high - 1) + " on " + host);
        }
        return ports;
    }

    /** @return the lowest port of the kernel's ephemeral range (Linux's default where it cannot be read). */
    static int ephemeralLow()
    {
        try
        {
            // readAllLines, not readString: /proc files report size 0 and readString returns only their first byte
            final String[] range = Files.readAllLines(RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        }
        catch (final IOException | RuntimeException unreadable)
        {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    private static int bindZero(final String host) throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, 0)))
        {
            return socket.getLocalPort();
        }
    }

    private static boolean freeUdp(final String host, final int port)
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, port)))
        {
            return true;
        }
        catch (final IOException taken)
        {
            return false;
        }
    }

    private static boolean freeTcp(final String host, final int port)
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress(host, port));
            return true;
        }
        catch (final IOException taken)
        {
            return false;
        }
    }
}
