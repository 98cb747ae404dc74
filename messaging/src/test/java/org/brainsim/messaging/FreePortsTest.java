package org.brainsim.messaging;

import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest
{
    @Test
    void shouldDrawDistinctPortsBelowTheEphemeralRangeThatBindForTcpAndUdp() throws Exception
    {
        final List<Integer> ports = FreePorts.tcpAndUdp("127.0.0.1", 5);

        assertEquals(5, new HashSet<>(ports).size(), ports.toString());
        for (final int port : ports)
        {
            assertTrue(port >= FreePorts.LOWEST && port < FreePorts.ephemeralLow(), port + " outside the safe range");
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
                 ServerSocket tcp = new ServerSocket())
            {
                tcp.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }

    @Test
    void shouldNeverBeHandedOutByTheKernelForAnEphemeralBind() throws Exception
    {
        final int port = FreePorts.udp("127.0.0.1");
        for (int i = 0; i < 200; i++)
        {
            try (DatagramSocket any = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
            {
                assertTrue(any.getLocalPort() != port, "bind(0) was given the drawn port " + port);
            }
        }
    }
}
