package org.brainsim.deploy;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.brainsim.deploy.cluster.ClusterRun;
import org.brainsim.deploy.cluster.NodeSettings;
import org.brainsim.deploy.cluster.Rehearsal;
import org.brainsim.regions.lockstep.ThreadMode;
import org.brainsim.scenarios.RunListener;
import org.brainsim.scenarios.RunOutcome;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code brainsim run SCENARIO}: runs a scenario on this machine and writes its arrays and manifest.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a scenario on this machine.",
        "Writes every recorded node's activity as NumPy .npy (batch x time x neuron) and manifest.json into --out."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:completed", "1:runtime failure (region failed, stalled, I/O) or interrupted",
        "2:bad input (usage or scenario errors)"})
final class RunCommand implements Callable<Integer>
{
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Run directory (default: runs/<scenario>-<yyyyMMdd-HHmmss>).")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "Run N steps instead of the scenario's `steps` " +
        "(a quick look; the outputs are complete for what ran).")
    Long steps;

    @Option(names = "--trials", paramLabel = "N", description = "Stop after N trials of the task in all, whatever " +
        "the phases say (a quick look; the manifest says where each phase ended).")
    Long trials;

    @Option(names = "--threads", paramLabel = "MODE",
        description = "Node thread placement: per-node or single (default: the scenario's `threads`).")
    String threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "Submit to the cluster that the node at " +
        "HOST:PORT belongs to: regions run on its nodes, the task and inputs here; outputs land in --out here.")
    String cluster;

    @Option(names = "--nodes", paramLabel = "N", description = "Rehearse cluster mode on this machine: start N node " +
        "JVMs, run across them, stop them (their logs go to --out/logs).")
    Integer nodes;

    @Option(names = "--expect-nodes", paramLabel = "N", description = "With --cluster: wait (up to 90 s) until N " +
        "nodes take regions before placing them (default 1).")
    int expectNodes = 1;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "With --cluster: the TCP (Artery) and UDP " +
        "(Aeron) port of this submitting JVM, for firewalls (default: free ones).")
    int clusterPort;

    @Option(names = "--cluster-config", paramLabel = "FILE", description = "With --cluster: a node.conf whose tls " +
        "section (and host) this submitting JVM uses.")
    Path clusterConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter err = spec.commandLine().getErr();
        Scenario s = scenario.load(err);
        if (s == null)
        {
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (steps != null)
        {
            if (steps < 1)
            {
                err.println("brainsim: --steps: " + steps + " (expected: >= 1)");
                return BrainsimCli.EXIT_BAD_INPUT;
            }
            s = s.withSteps(steps);
        }
        if (trials != null)
        {
            if (trials < 1)
            {
                err.println("brainsim: --trials: " + trials + " (expected: >= 1)");
                return BrainsimCli.EXIT_BAD_INPUT;
            }
            if (s.task() == null)
            {
                err.println("brainsim: --trials: scenario " + s.source() + " has no task, so it has no trials " +
                    "(use --steps)");
                return BrainsimCli.EXIT_BAD_INPUT;
            }
            s = s.withTrialLimit(trials);
        }
        if (threads != null)
        {
            if (!threads.equals("per-node") && !threads.equals("single"))
            {
                err.println("brainsim: --threads: " + threads + " (allowed: per-node, single)");
                return BrainsimCli.EXIT_BAD_INPUT;
            }
            s = s.withThreads(threads.equals("single") ? ThreadMode.SINGLE : ThreadMode.PER_NODE);
        }
        final Path dir = out != null ? out : Path.of("runs",
            s.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve("manifest.json")))
        {
            err.println("brainsim: --out " + dir + " already holds a run (manifest.json); choose another directory");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (cluster != null && nodes != null)
        {
            err.println("brainsim: --cluster and --nodes: give one (--nodes starts its own cluster on this machine)");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (nodes != null && (nodes < 1 || nodes > 64))
        {
            err.println("brainsim: --nodes: " + nodes + " (expected: 1..64)");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        NodeSettings template = null;
        if (clusterConfig != null)
        {
            try
            {
                template = NodeSettings.resolve(new NodeSettings.Flags(clusterConfig, null, null, null, null, null, null,
                    null, null));
            }
            catch (final NodeSettings.Invalid ex)
            {
                ex.problems().forEach(p -> err.println("brainsim: --cluster-config: " + p));
                return BrainsimCli.EXIT_BAD_INPUT;
            }
        }
        if (clusterPort < 0 || clusterPort > 65535)
        {
            err.println("brainsim: --cluster-port: " + clusterPort + " (expected: 0..65535)");
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (cluster != null)
        {
            final java.util.List<String> problems = new java.util.ArrayList<>();
            NodeSettings.checkEndpoint(cluster, "--cluster", "", problems);
            if (!problems.isEmpty())
            {
                err.println("brainsim: " + problems.get(0));
                return BrainsimCli.EXIT_BAD_INPUT;
            }
        }
        final java.util.concurrent.atomic.AtomicReference<ScenarioRun> current =
            new java.util.concurrent.atomic.AtomicReference<>();
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            final ScenarioRun run = current.get();
            if (run != null)
            {
                run.cancel();
            }
            try
            {
                finished.await(30, TimeUnit.SECONDS); // let the recording flush and the manifest be written
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "brainsim-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        final RunOutcome outcome;
        try (Progress progress = new Progress(s.name(), quiet, err))
        {
            if (cluster == null && nodes == null)
            {
                final ScenarioRun run = ScenarioRun.prepare(s, dir);
                current.set(run);
                outcome = run.execute(progress);
            }
            else if (nodes != null)
            {
                err.printf("brainsim: starting %d node JVMs on this machine (logs: %s)%n", nodes, dir.resolve("logs"));
                err.flush();
                try (Rehearsal rehearsal = Rehearsal.start(nodes, dir.resolve("logs")))
                {
                    outcome = ClusterRun.execute(s, dir, rehearsal.seed(), nodes, 0, null, progress, current::set);
                }
            }
            else
            {
                outcome = ClusterRun.execute(s, dir, cluster, expectNodes, clusterPort, template, progress, current::set);
            }
        }
        catch (final ClusterRun.Refused ex)
        {
            err.println("brainsim: " + ex.getMessage());
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        finally
        {
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the hook is running: it waits on `finished`, released above
            }
        }
        final PrintWriter outWriter = spec.commandLine().getOut();
        if (outcome.completed())
        {
            outWriter.printf("%s: %d steps in %.1f s (%.0f steps/s); arrays and manifest in %s%n", s.name(),
                outcome.stepsCompleted(), outcome.wallSeconds(), outcome.stepsCompleted() / outcome.wallSeconds(), dir);
            outWriter.printf("  plots: ./brainsim report %s%n", dir);
            outWriter.flush();
            return 0;
        }
        err.printf("brainsim: run %s after %d steps: %s%n  partial recording and manifest in %s%n", outcome.status(),
            outcome.stepsCompleted(), outcome.error(), dir);
        err.flush();
        return BrainsimCli.EXIT_RUNTIME_FAILURE;
    }

    /** A progress bar on stderr: steps, steps/s and ETA. */
    private static final class Progress implements RunListener, AutoCloseable
    {
        private final String name;
        private final boolean quiet;
        private final PrintWriter err;
        private ProgressBar bar;

        Progress(final String name, final boolean quiet, final PrintWriter err)
        {
            this.name = name;
            this.quiet = quiet;
            this.err = err;
        }

        @Override
        public void placed(final java.util.Map<String, String> placement)
        {
            if (!quiet)
            {
                final java.util.Map<String, java.util.List<String>> byNode = new java.util.TreeMap<>();
                placement.forEach((region, node) -> byNode.computeIfAbsent(node, n -> new java.util.ArrayList<>())
                    .add(region));
                err.println("brainsim: placement " + byNode + " (task and inputs here)");
                err.flush();
            }
        }

        @Override
        public void started(final long totalSteps)
        {
            if (!quiet)
            {
                bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(totalSteps)
                    .setUnit(" steps", 1)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(100)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setEtaFunction(state -> etaOf(state.getCurrent(), state.getMax(), state.getTotalElapsed()))
                    .build();
            }
        }

        private static java.util.Optional<Duration> etaOf(final long done, final long max, final Duration elapsed)
        {
            return done <= 0 ? java.util.Optional.empty() :
                java.util.Optional.of(elapsed.multipliedBy(max - done).dividedBy(done));
        }

        @Override
        public void progress(final long stepsDone)
        {
            if (bar != null)
            {
                bar.stepTo(stepsDone);
            }
        }

        @Override
        public void startedTrials(final long plannedTrials)
        {
            if (!quiet)
            {
                bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(plannedTrials == Long.MAX_VALUE ? -1 : plannedTrials)
                    .setUnit(" trials", 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(110)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
            }
        }

        @Override
        public void trials(final long trialsScored, final String phase, final double lastError)
        {
            if (bar != null)
            {
                bar.stepTo(trialsScored);
                bar.setExtraMessage(Double.isNaN(lastError) ? phase : String.format(" %s, error %.3f", phase, lastError));
            }
        }

        @Override
        public void close()
        {
            if (bar != null)
            {
                bar.close();
            }
        }
    }
}
