package org.brainsim.deploy.cluster;

import org.brainsim.messaging.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster on this machine: N {@code brainsim node} JVMs on 127.0.0.1, each with its own Artery port and Aeron
 * UDP endpoint, so that cluster mode can be tried (and tested) without a cluster. Closing stops them one by one:
 * SIGTERM (each leaves the cluster), then SIGKILL after a grace period.
 */
public final class Rehearsal implements AutoCloseable
{
    /** STACK.md: flags every brainsim JVM needs (Agrona 2.x, Aeron), and the Vector API for the cpu backend. */
    public static final List<String> JVM_FLAGS = List.of(
        "--add-modules", "jdk.incubator.vector",
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/java.util.zip=ALL-UNNAMED");

    private final List<Process> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final String seed;
    private final Path logDir;

    private Rehearsal(final String seed, final Path logDir)
    {
        this.seed = seed;
        this.logDir = logDir;
    }

    /**
     * Starts {@code n} node JVMs named {@code node-1 … node-n}; the first is the seed.
     *
     * @param logDir where each node's output goes ({@code node-i.log}).
     */
    public static Rehearsal start(final int n, final Path logDir) throws IOException
    {
        Files.createDirectories(logDir);
        final String host = "127.0.0.1";
        final List<Integer> ports = freePorts(host, n);
        final Rehearsal r = new Rehearsal(host + ":" + ports.get(0), logDir);
        final Path data = Files.createTempDirectory("brainsim-rehearsal");
        try
        {
            for (int i = 0; i < n; i++)
            {
                final String name = "node-" + (i + 1);
                r.processes.add(startNode(List.of("--name", name, "--host", host, "--port", String.valueOf(ports.get(i)),
                    "--seed", r.seed, "--data-dir", data.resolve(name).toString(), "--exit-with",
                    String.valueOf(ProcessHandle.current().pid())), logDir.resolve(name + ".log")));
                r.names.add(name);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            r.close();
            throw ex;
        }
        return r;
    }

    /**
     * Starts one {@code brainsim node} JVM with this JVM's classpath.
     *
     * @param args the node's flags.
     * @param log  its stdout and stderr.
     */
    public static Process startNode(final List<String> args, final Path log) throws IOException
    {
        return startNode(List.of(), args, log);
    }

    /**
     * Starts one {@code brainsim node} JVM with this JVM's classpath, its command line after {@code prefix}
     * (for instance {@code ip netns exec NAME}).
     */
    public static Process startNode(final List<String> prefix, final List<String> args, final Path log)
        throws IOException
    {
        final List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-Xmx2g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.brainsim.deploy.BrainsimCli");
        command.add("node");
        command.addAll(args);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        builder.environment().putIfAbsent("OPENBLAS_CORETYPE", "Haswell"); // as ./brainsim: the same kernels everywhere
        // the product engine this JVM chose, whether by BRAINSIM_GEMM or -Dbrainsim.gemm (nodes compute as the submitter)
        builder.environment().put("BRAINSIM_GEMM",
            org.brainsim.regions.network.Blas.engine().name().toLowerCase(java.util.Locale.ROOT));
        return builder.start();
    }

    /** @return {@code host:port} of the seed node. */
    public String seed()
    {
        return seed;
    }

    /** @return the node processes, in name order. */
    public List<Process> processes()
    {
        return List.copyOf(processes);
    }

    /** @return the node names. */
    public List<String> names()
    {
        return List.copyOf(names);
    }

    /** @return where the nodes' logs are. */
    public Path logDir()
    {
        return logDir;
    }

    /**
     * @return {@code n} ports free for both TCP (Artery) and UDP (Aeron) on {@code host}, outside the kernel's
     *         ephemeral range: a node binds its UDP port only when a run starts, and no sender's {@code bind(0)}
     *         may take it before then ({@link FreePorts}).
     */
    static List<Integer> freePorts(final String host, final int n) throws IOException
    {
        return FreePorts.tcpAndUdp(host, n);
    }

    @Override
    public void close()
    {
        stop(processes);
    }

    /**
     * Stops node processes one at a time, the last first (the seed is usually the first): SIGTERM, so each
     * leaves a cluster that can still agree on its leaving, then SIGKILL after a grace period.
     */
    public static void stop(final List<Process> nodes)
    {
        for (int i = nodes.size() - 1; i >= 0; i--)
        {
            final Process p = nodes.get(i);
            p.destroy();
            try
            {
                if (!p.waitFor(20, TimeUnit.SECONDS))
                {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
