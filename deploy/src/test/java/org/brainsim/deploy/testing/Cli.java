package org.brainsim.deploy.testing;

import org.brainsim.deploy.BrainsimCli;
import org.brainsim.deploy.cluster.Rehearsal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code brainsim} command line in this JVM, as the tests of this module do. */
public final class Cli
{
    /** Tests run in deploy/; scenario scripts live in scenarios/. */
    public static final Path SCENARIOS = Path.of("..", "scenarios");

    private Cli()
    {
    }

    /** What one command printed and returned. */
    public record Result(int exitCode, String out, String err)
    {
    }

    /** Runs {@code brainsim args…} and returns its exit code and output. */
    public static Result brainsim(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = BrainsimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Starts {@code brainsim args…} in a JVM of its own, as a user's shell would (the brainsim JVM flags, this test's
     * classpath), its output going to {@code log}.
     *
     * @param jvmArgs flags before the main class (e.g. a java agent).
     */
    public static Process spawn(final Path log, final List<String> jvmArgs, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(Rehearsal.JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrainsimCli.class.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        builder.environment().putIfAbsent("OPENBLAS_CORETYPE", "Haswell");
        return builder.start();
    }

    /** @return the path of the example scenario {@code name} (e.g. {@code hello.conf}). */
    public static String scenario(final String name)
    {
        return SCENARIOS.resolve(name).toString();
    }
}
