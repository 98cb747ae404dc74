package org.brainsim.deploy;

import org.brainsim.scenarios.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code brainsim report RUN_DIR}: PNG plots and a report.html for a run directory.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Plot a run: loss and error per trial with the phases shaded, a spike raster or activity heat map",
        "per recorded node, weight norms over trials; and report.html with the scenario and headline numbers."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:an array could not be read or a plot written", "2:not a run directory"})
final class ReportCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "RUN_DIR", description = "A run directory (holds manifest.json).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        if (!Files.isRegularFile(dir.resolve("manifest.json")))
        {
            spec.commandLine().getErr().println("brainsim: report: " + dir + " holds no manifest.json (expected a run " +
                "directory, e.g. runs/<scenario>-<time>)");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        try
        {
            final List<Path> written = RunReport.write(dir);
            spec.commandLine().getOut().println("wrote " + written.size() + " files; open " + dir.resolve("report.html"));
            return 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            spec.commandLine().getErr().println("brainsim: report " + dir + ": " + ex.getMessage());
            return BrainsimCli.EXIT_RUNTIME_FAILURE;
        }
    }
}
