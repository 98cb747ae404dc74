package org.brainsim.deploy;

import org.brainsim.scenarios.rl.ArrangementReport;
import org.brainsim.scenarios.rl.DevaluationAnalysis;
import org.brainsim.scenarios.rl.DevaluationReport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code brainsim analyze ANALYSIS RUN_DIR…}: task-specific analyses of run directories. {@code two-step}: the stay
 * probabilities by previous reward × transition and their logistic regression (Daw et al. 2011), as
 * {@code two-step.json} and {@code two-step.png} ({@link TwoStepReport}); {@code --phase NAME} analyses one phase's
 * trials (the frozen test of a meta-learner). {@code devaluation}: the devaluation index per phase of each run
 * ({@link DevaluationReport}), and with {@code --group LABEL=RUN,RUN… --phase NAME --out DIR} one phase's index over
 * groups of runs with intervals and a bar plot.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Analyse a run for a task. two-step: the stay probabilities by previous reward x transition with " +
        "95 %% intervals, the logistic regression (intercept, reward, transition, reward x transition) with standard " +
        "errors, and the 2 x 2 bar plot (Daw et al. 2011 Fig. 2), as two-step.json and two-step.png, from " +
        "task/choice.npy, task/common.npy and task/reward.npy ([trial] or [trial, row], one agent per row); with " +
        "--phase, from that phase's trials only (two-step-PHASE.json and .png); with --fit hybrid, also the hybrid " +
        "model's maximum-likelihood fit (two-step-fit.json). devaluation: the devaluation index (r_nd - r_d) / (r_nd + " +
        "r_d) of each phase's free presses with a 95 %% Wilson interval, as devaluation.json in each run; with " +
        "--group LABEL=RUN,RUN... (repeated) --phase NAME --out DIR, that phase's index per group of runs (mean, sd, " +
        "95 %% t-interval over runs) as DIR/devaluation.json and DIR/devaluation.png. arrangement: two groups of runs " +
        "(--group, twice), two regions (--regions R1,R2), each run's last --trials trials of their recorded activity: " +
        "activity statistics per run, a logistic regression cross-validated holding out the i-th run of both groups, " +
        "its accuracy with a Wilson interval, each feature's and feature family's, as DIR/arrangement.json.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:an array could not be read or the plot written",
        "2:an unknown analysis, or not a directory with the arrays it needs"})
final class AnalyzeCommand implements Callable<Integer>
{
    /** The analyses, with what they write (for {@code brainsim list}). */
    static final java.util.Map<String, String> DESCRIPTIONS = new java.util.TreeMap<>(java.util.Map.of("two-step",
        "stay probabilities and their regression (Daw 2011); --phase NAME; --fit hybrid: Daw's 7-parameter hybrid " +
            "model by maximum likelihood (alpha1, alpha2, lambda, beta1, beta2, p, w)",
        "devaluation", "devaluation index per phase, (r_nd - r_d) / (r_nd + r_d) with intervals (tasks.md 5.2); " +
            "--group LABEL=RUN,... --phase NAME --out DIR: per condition over runs, with a bar plot",
        "arrangement", "--group A=RUN,... --group B=RUN,... --regions R1,R2 --out DIR: can a classifier of two " +
            "regions' activity statistics tell two arrangements apart on held-out runs"));
    /** The analyses. */
    static final List<String> ANALYSES = List.copyOf(DESCRIPTIONS.keySet());

    @Parameters(index = "0", paramLabel = "ANALYSIS", description = "Which analysis: ${COMPLETION-CANDIDATES}.",
        completionCandidates = Analyses.class)
    String analysis;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "RUN_DIR", description = "Run directories (two-step: " +
        "exactly one).")
    List<Path> dirs = new java.util.ArrayList<>();

    @Option(names = "--group", paramLabel = "LABEL=RUN,RUN...", description = "devaluation: a condition's runs (one " +
        "agent each, e.g. one per seed); repeat for each condition. Needs --phase and --out.")
    List<String> groups = new java.util.ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "devaluation with --group, arrangement: where what " +
        "they write goes.")
    Path out;

    @Option(names = "--regions", paramLabel = "R1,R2", split = ",", description = "arrangement: the two regions whose " +
        "activity is read (activity/R.npy, recorded per trial).")
    List<String> regions = new java.util.ArrayList<>();

    @Option(names = "--trials", paramLabel = "N", description = "arrangement: each run's last N trials (default: " +
        "${DEFAULT-VALUE}).")
    int lastTrials = 500;

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
        if (analysis.equals("devaluation"))
        {
            return devaluation();
        }
        if (analysis.equals("arrangement"))
        {
            return arrangement();
        }
        if (dirs.size() != 1 || !groups.isEmpty() || out != null)
        {
            return bad("two-step takes one RUN_DIR and no --group or --out (got " + dirs.size() + " directories)");
        }
        final Path dir = dirs.get(0);
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

    private int bad(final String message)
    {
        spec.commandLine().getErr().println("brainsim: analyze " + analysis + ": " + message);
        return BrainsimCli.EXIT_BAD_INPUT;
    }

    /** @return the groups by label, or null after a mistake (reported). */
    private Map<String, List<Path>> groups()
    {
        final Map<String, List<Path>> byLabel = new LinkedHashMap<>();
        for (final String g : groups)
        {
            final int eq = g.indexOf('=');
            if (eq < 1 || eq == g.length() - 1)
            {
                bad("--group " + g + " (expected LABEL=RUN_DIR,RUN_DIR...)");
                return null;
            }
            final List<Path> runs = new java.util.ArrayList<>();
            for (final String r : g.substring(eq + 1).split(","))
            {
                runs.add(Path.of(r.trim()));
            }
            if (byLabel.put(g.substring(0, eq), runs) != null)
            {
                bad("--group " + g.substring(0, eq) + " is given twice");
                return null;
            }
        }
        for (final List<Path> runs : byLabel.values())
        {
            for (final Path d : runs)
            {
                if (!Files.isDirectory(d))
                {
                    bad(d + " is not a directory (expected a run directory)");
                    return null;
                }
            }
        }
        return byLabel;
    }

    /** Two arrangements told apart (or not) from activity. */
    private int arrangement()
    {
        if (fit != null || phase != null || !dirs.isEmpty())
        {
            return bad("takes --group twice, --regions, --out and --trials only");
        }
        final Map<String, List<Path>> byLabel = groups();
        if (byLabel == null)
        {
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (byLabel.size() != 2 || regions.size() != 2 || out == null || lastTrials < 2)
        {
            return bad("needs two --group LABEL=RUN_DIR,... (the arrangements), --regions R1,R2, --out DIR and " +
                "--trials >= 2 (got " + byLabel.size() + " groups, " + regions.size() + " regions)");
        }
        if (regions.get(0).equals(regions.get(1)))
        {
            return bad("--regions names " + regions.get(0) + " twice (expected: two different regions)");
        }
        if (byLabel.values().stream().mapToInt(List::size).min().orElse(0) < 2)
        {
            return bad("each group needs at least 2 runs");
        }
        try
        {
            final ArrangementReport.Result r = ArrangementReport.write(byLabel, regions.get(0), regions.get(1),
                lastTrials, out);
            final java.io.PrintWriter o = spec.commandLine().getOut();
            o.printf("held-out accuracy %.3f [%.3f, %.3f] over %d runs; permutation test p = %.4f%n", r.accuracy(),
                r.low(), r.high(), r.runs(), r.permutationP());
            r.families().forEach((k, v) -> o.printf("  features of %-10s alone: %.3f%n", k, v));
            r.single().forEach((k, v) -> o.printf("  %-28s alone: %.3f%n", k, v));
            o.println("wrote " + out.resolve("arrangement.json"));
            return 0;
        }
        catch (final TwoStepReport.MissingArrays | IllegalArgumentException ex)
        {
            return bad(ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            spec.commandLine().getErr().println("brainsim: analyze arrangement: " + ex.getMessage());
            return BrainsimCli.EXIT_RUNTIME_FAILURE;
        }
    }

    /** The devaluation index of each run, and with groups one phase's over them. */
    private int devaluation()
    {
        if (fit != null)
        {
            return bad("--fit is for two-step");
        }
        final Map<String, List<Path>> byLabel = groups();
        if (byLabel == null)
        {
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (!byLabel.isEmpty() && (phase == null || out == null))
        {
            return bad("--group needs --phase NAME (the phase to compare, e.g. test) and --out DIR");
        }
        if (byLabel.isEmpty() && dirs.isEmpty())
        {
            return bad("give RUN_DIR... or --group LABEL=RUN_DIR,...");
        }
        final List<Path> all = new java.util.ArrayList<>(dirs);
        byLabel.values().forEach(all::addAll);
        for (final Path d : all)
        {
            if (!Files.isDirectory(d))
            {
                return bad(d + " is not a directory (expected a run directory of the devaluation task)");
            }
        }
        try
        {
            final java.io.PrintWriter o = spec.commandLine().getOut();
            for (final Path d : dirs)
            {
                for (final DevaluationAnalysis.Phase p : DevaluationReport.write(d))
                {
                    o.printf("%s  %-12s presses %4d  index %s%n", d, p.name(), p.presses(), Double.isNaN(p.index()) ?
                        "-- (no free press while an outcome was devalued)" : String.format("%+.3f [%+.3f, %+.3f]",
                        p.index(), p.low(), p.high()));
                }
                o.println("wrote " + d.resolve("devaluation.json"));
            }
            if (!byLabel.isEmpty())
            {
                final List<Path> written = DevaluationReport.summary(byLabel, phase, out);
                o.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
            }
            return 0;
        }
        catch (final TwoStepReport.MissingArrays ex)
        {
            return bad(ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            spec.commandLine().getErr().println("brainsim: analyze devaluation: " + ex.getMessage());
            return BrainsimCli.EXIT_RUNTIME_FAILURE;
        }
    }
}
