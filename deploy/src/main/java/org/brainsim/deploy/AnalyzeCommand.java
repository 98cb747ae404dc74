package org.brainsim.deploy;

import org.brainsim.scenarios.rl.HybridFitReport;
import org.brainsim.scenarios.rl.TwoStepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code brainsim analyze ANALYSIS RUN_DIR}: task-specific analyses of a run directory. {@code two-step}: the stay
 * probabilities by previous reward × transition and their logistic regression (Daw et al. 2011), as
 * {@code two-step.json} and {@code two-step.png} ({@link TwoStepReport}); {@code --phase NAME} analyses one phase's
 * trials (the frozen test of a meta-learner).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Analyse a run for a task. two-step: the stay probabilities by previous reward x transition with " +
        "95 %% intervals, the logistic regression (intercept, reward, transition, reward x transition) with standard " +
        "errors, and the 2 x 2 bar plot (Daw et al. 2011 Fig. 2), as two-step.json and two-step.png, from " +
        "task/choice.npy, task/common.npy and task/reward.npy ([trial] or [trial, row], one agent per row); with " +
        "--phase, from that phase's trials only (two-step-PHASE.json and .png); with --fit hybrid, also the hybrid " +
        "model's maximum-likelihood fit (two-step-fit.json).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:an array could not be read or the plot written",
        "2:an unknown analysis, or not a directory with the arrays it needs"})
final class AnalyzeCommand implements Callable<Integer>
{
    /** The analyses, with what they write (for {@code brainsim list}). */
    static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of("two-step",
        "stay probabilities and their regression (Daw 2011); --phase NAME; --fit hybrid: Daw's 7-parameter hybrid " +
            "model by maximum likelihood (alpha1, alpha2, lambda, beta1, beta2, p, w)");
    /** The analyses. */
    static final List<String> ANALYSES = List.copyOf(DESCRIPTIONS.keySet());

    @Parameters(index = "0", paramLabel = "ANALYSIS", description = "Which analysis: ${COMPLETION-CANDIDATES}.",
        completionCandidates = Analyses.class)
    String analysis;

    @Parameters(index = "1", paramLabel = "RUN_DIR", description = "A run directory.")
    Path dir;

    @Option(names = "--phase", paramLabel = "NAME", description = "Only the trials of this phase of the run (its name " +
        "in manifest.json, e.g. test: the frozen-weights trials).")
    String phase;

    @Option(names = "--fit", paramLabel = "MODEL", description = "Also fit a model of the choices by maximum " +
        "likelihood: hybrid (Daw et al. 2011's 7 parameters alpha1, alpha2, lambda, beta1, beta2, p, w; from " +
        "task/second.npy too), written as two-step-fit.json (two-step-PHASE-fit.json with --phase): one fit to every " +
        "agent together with standard errors, each agent's own, and their mean.")
    String fit;

    @Spec
    CommandSpec spec;

    /** For the help text. */
    static final class Analyses implements Iterable<String>
    {
        @Override
        public java.util.Iterator<String> iterator()
        {
            return ANALYSES.iterator();
        }
    }

    @Override
    public Integer call()
    {
        if (!ANALYSES.contains(analysis))
        {
            spec.commandLine().getErr().println("brainsim: analyze: unknown analysis '" + analysis + "' (allowed: " +
                String.join(", ", ANALYSES) + ")");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (!Files.isDirectory(dir))
        {
            spec.commandLine().getErr().println("brainsim: analyze: " + dir + " is not a directory (expected a run " +
                "directory, e.g. runs/<scenario>-<time>)");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (fit != null && !fit.equals("hybrid"))
        {
            spec.commandLine().getErr().println("brainsim: analyze: unknown --fit '" + fit + "' (allowed: hybrid)");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        try
        {
            final List<Path> written = new java.util.ArrayList<>(TwoStepReport.write(dir, phase));
            if (fit != null)
            {
                written.add(HybridFitReport.write(dir, phase));
            }
            spec.commandLine().getOut().println("wrote " + String.join(", ", written.stream().map(Path::toString)
                .toList()));
            return 0;
        }
        catch (final TwoStepReport.MissingArrays ex)
        {
            spec.commandLine().getErr().println("brainsim: analyze two-step: " + ex.getMessage());
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        catch (final IOException | RuntimeException ex)
        {
            spec.commandLine().getErr().println("brainsim: analyze two-step " + dir + ": " + ex.getMessage());
            return BrainsimCli.EXIT_RUNTIME_FAILURE;
        }
    }
}
