package org.brainsim.deploy.testing;

import org.brainsim.deploy.BrainsimCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

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

    /** @return the path of the example scenario {@code name} (e.g. {@code hello.conf}). */
    public static String scenario(final String name)
    {
        return SCENARIOS.resolve(name).toString();
    }
}
