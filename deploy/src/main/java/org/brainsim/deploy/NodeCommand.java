package org.brainsim.deploy;

import akka.actor.typed.ActorSystem;
import org.brainsim.deploy.cluster.ClusterConfig;
import org.brainsim.deploy.cluster.NodeAgent;
import org.brainsim.deploy.cluster.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code brainsim node}: a cluster member that runs the regions the coordinator places on it.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"Start a cluster member that runs regions (see docs/cluster.md).",
        "Flags override the --config file. Runs until stopped (SIGTERM leaves the cluster cleanly)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:left the cluster", "1:runtime failure", "2:bad settings"})
final class NodeCommand implements Callable<Integer>
{
    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with a node { … } section " +
        "(template: deploy/cluster/node.conf).")
    Path config;

    @Option(names = "--name", paramLabel = "NAME", description = "Name in placements (default: HOST:PORT).")
    String name;

    @Option(names = "--host", paramLabel = "HOST", description = "Address other members reach this one at " +
        "(default 127.0.0.1: set it for a real cluster).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Artery TCP port (default " +
        NodeSettings.DEFAULT_PORT + ").")
    Integer port;

    @Option(names = "--bind", paramLabel = "HOST", description = "Address to listen on (default: --host).")
    String bind;

    @Option(names = "--seed", paramLabel = "HOST:PORT", description = "A seed node to join (repeatable; default: " +
        "this node starts a new cluster).")
    List<String> seeds;

    @Option(names = "--role", paramLabel = "ROLE", description = "Cluster role (repeatable; default: node).")
    List<String> roles;

    @Option(names = "--aeron", paramLabel = "HOST:PORT", description = "Aeron UDP endpoint where this node's " +
        "regions receive frames (default: HOST and the same port number, over UDP).")
    String aeron;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Scratch space (default ~/.brainsim/node-NAME).")
    Path dataDir;

    @Mixin
    JmxOptions jmx;

    @Option(names = "--exit-with", paramLabel = "PID", hidden = true, description = "Leave the cluster and exit when " +
        "process PID exits (the JVM that started this node for a rehearsal, however it ended).")
    Long exitWith;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter err = spec.commandLine().getErr();
        final NodeSettings settings;
        try
        {
            settings = NodeSettings.resolve(new NodeSettings.Flags(config, name, host, port, bind, seeds, roles, aeron,
                dataDir));
        }
        catch (final NodeSettings.Invalid ex)
        {
            ex.problems().forEach(p -> err.println("brainsim node: " + p));
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (!jmx.problems().isEmpty())
        {
            jmx.problems().forEach(p -> err.println("brainsim node: " + p));
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (org.brainsim.regions.network.Blas.engineProblem() != null)
        {
            err.println("brainsim node: " + org.brainsim.regions.network.Blas.engineProblem());
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        final JmxOptions.Server jmxServer;
        try
        {
            jmxServer = jmx.start(); // stops with the JVM
        }
        catch (final IOException ex)
        {
            err.println("brainsim node: " + ex.getMessage());
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (exitWith != null)
        {
            ProcessHandle.of(exitWith).ifPresentOrElse(parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0)); // the shutdown hook leaves the cluster
        }
        Files.createDirectories(settings.dataDir());
        final ActorSystem<Void> system = ActorSystem.create(NodeAgent.guardian(settings), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.of(settings, true));
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("brainsim node %s: %s, aeron udp %s, roles %s, seeds %s%n", settings.name(), settings.address(),
            settings.aeron(), settings.roles(), settings.seeds().isEmpty() ? "(itself)" : settings.seeds());
        if (jmxServer != null)
        {
            out.printf("brainsim node %s: JMX at %s:%d%n", settings.name(), jmx.host, jmx.port);
        }
        out.flush();
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }
}
