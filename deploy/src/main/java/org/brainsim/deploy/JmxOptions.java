package org.brainsim.deploy;

import picocli.CommandLine.Option;

import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --jmx-port}, {@code --jmx-host} and {@code --jmx-password-file} of {@code run} and {@code node}: the JVM's
 * MBeans (the regions', Akka's, the JVM's own) over remote JMX, as jconsole, VisualVM and {@code brainsim monitor}
 * reach them at {@code HOST:PORT}. The RMI registry and the connector share the one port, bound to one address
 * (localhost unless {@code --jmx-host} says otherwise), so one firewall rule or SSH tunnel serves both.
 */
final class JmxOptions
{
    @Option(names = "--jmx-port", paramLabel = "PORT", description = "Serve this JVM's MBeans over remote JMX on " +
        "PORT (jconsole, VisualVM, brainsim monitor HOST:PORT). Off by default.")
    Integer port;

    @Option(names = "--jmx-host", paramLabel = "HOST", description = "With --jmx-port: the address to listen on " +
        "(default 127.0.0.1: this machine only; tunnel over SSH, or give an address with --jmx-password-file).")
    String host = "127.0.0.1";

    @Option(names = "--jmx-password-file", paramLabel = "FILE", description = "With --jmx-port: clients must log in " +
        "as a user in FILE (lines 'user password', readable by the owner only). Without it, anyone who reaches the " +
        "port may read and change the run.")
    Path passwordFile;

    /** Whether this JVM's {@code java.rmi.server.hostname} was set by a {@code --jmx-host} (not by the user). */
    private static volatile boolean hostnameSetHere;

    /** @return every mistake in the flags (empty: none). */
    List<String> problems()
    {
        final List<String> problems = new ArrayList<>();
        if (port == null)
        {
            if (passwordFile != null || !"127.0.0.1".equals(host))
            {
                problems.add("--jmx-host and --jmx-password-file need --jmx-port");
            }
            return problems;
        }
        if (port < 1 || port > 65535)
        {
            problems.add("--jmx-port: " + port + " (expected: 1..65535)");
        }
        try
        {
            InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            problems.add("--jmx-host: " + host + " (unknown host)");
        }
        if (passwordFile != null && !Files.isReadable(passwordFile))
        {
            problems.add("--jmx-password-file " + passwordFile + ": no such readable file");
        }
        return problems;
    }

    /**
     * Starts the connector, when {@code --jmx-port} was given.
     *
     * @return the running server ({@code null} without {@code --jmx-port}); close it to stop serving.
     * @throws IOException when the port is taken or cannot be bound (bad input: the caller exits with code 2).
     */
    Server start() throws IOException
    {
        if (port == null)
        {
            return null;
        }
        final InetAddress address = InetAddress.getByName(host);
        final RMIServerSocketFactory sockets = new BoundSockets(address);
        try (ServerSocket probe = sockets.createServerSocket(port))
        {
            Objects.requireNonNull(probe); // the port is free on that address: the registry takes it next
        }
        catch (final IOException ex)
        {
            throw new IOException("--jmx-port " + port + ": cannot listen on " + host + ":" + port + " (" +
                ex.getMessage() + "; is the port taken?)", ex);
        }
        if (System.getProperty("java.rmi.server.hostname") == null || hostnameSetHere)
        {
            System.setProperty("java.rmi.server.hostname", host); // the address the connector's stub names
            hostnameSetHere = true;
        }
        final Registry registry = LocateRegistry.createRegistry(port, null, sockets);
        try
        {
            final Map<String, Object> env = new HashMap<>();
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            if (passwordFile != null)
            {
                env.put("jmx.remote.x.password.file", passwordFile.toString());
            }
            final JMXServiceURL url = url(host, port);
            final JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, env,
                ManagementFactory.getPlatformMBeanServer());
            server.start();
            return new Server(server, registry, url);
        }
        catch (final IOException | RuntimeException ex)
        {
            UnicastRemoteObject.unexportObject(registry, true); // the port is free again
            throw ex;
        }
    }

    /** @return the service URL of a brainsim JMX port (one port for the registry and the connector). */
    static JMXServiceURL url(final String host, final int port) throws IOException
    {
        return new JMXServiceURL("service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port +
            "/jmxrmi");
    }

    /** A running connector and its registry. */
    record Server(JMXConnectorServer connector, Registry registry, JMXServiceURL url) implements AutoCloseable
    {
        @Override
        public void close() throws IOException
        {
            try
            {
                connector.stop();
            }
            finally
            {
                UnicastRemoteObject.unexportObject(registry, true);
            }
        }
    }

    /** Server sockets bound to one address; equal instances share a port between the registry and the connector. */
    private record BoundSockets(InetAddress address) implements RMIServerSocketFactory, Serializable
    {
        @Override
        public ServerSocket createServerSocket(final int port) throws IOException
        {
            final ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(address, port));
            return socket;
        }
    }
}
