package org.brainsim.deploy;

import org.brainsim.scenarios.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code brainsim}: the entry point. Exit codes: 0 success, 1 runtime failure, 2 bad input (usage or
 * scenario errors).
 */
@Command(
    name = "brainsim",
    mixinStandardHelpOptions = true,
    versionProvider = BrainsimCli.VersionProvider.class,
    description = "Actor-based multi-region brain simulator: regions learn together in deterministic lockstep.",
    subcommands = {RunCommand.class, NodeCommand.class, ValidateCommand.class, ReportCommand.class, AnalyzeCommand.class,
        ListCommand.class, GradientsCommand.class, MonitorCommand.class, CommandLine.HelpCommand.class})
public final class BrainsimCli
{
    /** The run failed at run time (a region failed, the graph stalled, I/O failed). */
    public static final int EXIT_RUNTIME_FAILURE = 1;
    /** The input was wrong: usage or scenario errors. */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(final String[] args)
    {
        org.slf4j.LoggerFactory.getILoggerFactory(); // configure logging before Akka logs (no SLF4J replay notice)
        System.exit(execute(args));
    }

    /**
     * Runs the command line in this JVM (for tests and embedding).
     *
     * @return the exit code.
     */
    public static int execute(final String... args)
    {
        return commandLine().execute(args);
    }

    /**
     * Runs the command line in this JVM with the given output streams.
     *
     * @return the exit code.
     */
    public static int execute(final java.io.PrintWriter out, final java.io.PrintWriter err, final String... args)
    {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    private static CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(new BrainsimCli());
        cli.setExitCodeExceptionMapper(ex -> ex instanceof CommandLine.ParameterException ? EXIT_BAD_INPUT : EXIT_RUNTIME_FAILURE);
        return cli;
    }

    /** Prints brainsim's and its libraries' versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return Versions.all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
        }
    }
}
