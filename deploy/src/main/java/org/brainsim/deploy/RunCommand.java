package org.brainsim.deploy;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.brainsim.deploy.cluster.ClusterRun;
import org.brainsim.deploy.cluster.NodeSettings;
import org.brainsim.deploy.cluster.Rehearsal;
import org.brainsim.scenarios.RunListener;
import org.brainsim.scenarios.RunOutcome;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code brainsim run SCENARIO}: runs a scenario on this machine and writes its arrays and manifest.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a scenario on this machine.",
        "Writes every recorded node's activity as NumPy .npy (batch x time x neuron) and manifest.json into --out."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:completed", "1:runtime failure (region failed or diverged, stalled, I/O) or interrupted",
        "2:bad input (usage or scenario errors)"})
final class RunCommand implements Callable<Integer>
{
    @Mixin
    ScenarioOptions scenario;

    @Mixin
    RunOptions options;

    @Mixin
    JmxOptions jmx;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final Scenario loaded = scenario.load(err);
        if (loaded == null)
        {
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        final List<String> problems = options.problems(loaded);
        problems.addAll(jmx.problems());
        NodeSettings template = null;
        if (options.clusterConfig != null)
        {
            try
            {
                template = NodeSettings.resolve(new NodeSettings.Flags(options.clusterConfig, null, null, null, null,
                    null, null, null, null));
            }
            catch (final NodeSettings.Invalid ex)
            {
                ex.problems().forEach(p -> problems.add("--cluster-config: " + p));
            }
        }
        if (!problems.isEmpty())
        {
            problems.forEach(p -> err.println("brainsim: " + p));
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        final String note = options.trialsNote(loaded);
        if (note != null)
        {
            err.println("brainsim: note: " + note);
            err.flush();
        }
        final Scenario s = options.apply(loaded);
        final Path dir = options.outDir(s);
        final JmxOptions.Server jmxServer;
        try
        {
            jmxServer = jmx.start();
        }
        catch (final IOException ex)
        {
            err.println("brainsim: " + ex.getMessage());
            err.flush();
            return BrainsimCli.EXIT_BAD_INPUT;
        }
        if (jmxServer != null)
        {
            err.println("brainsim: JMX at " + jmx.host + ":" + jmx.port + " (" + jmxServer.url() + ")");
            err.flush();
        }
        final AtomicReference<ScenarioRun> current = new AtomicReference<>();
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
        try (Progress progress = new Progress(s.name(), options.quiet, err))
        {
            if (options.cluster == null && options.nodes == null)
            {
                final ScenarioRun run = ScenarioRun.prepare(s, dir, null, options.settings());
                current.set(run);
                outcome = run.execute(progress);
            }
            else if (options.nodes != null)
            {
                err.printf("brainsim: starting %d node JVMs on this machine (logs: %s)%n", options.nodes,
                    dir.resolve("logs"));
                err.flush();
                try (Rehearsal rehearsal = Rehearsal.start(options.nodes, dir.resolve("logs")))
                {
                    outcome = ClusterRun.execute(s, dir, options.target(rehearsal.seed(), options.nodes, 0, null),
                        options.settings(), progress, current::set);
                }
            }
            else
            {
                outcome = ClusterRun.execute(s, dir, options.target(options.cluster, options.expectNodes,
                    options.clusterPort, template), options.settings(), progress, current::set);
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
            if (jmxServer != null)
            {
                jmxServer.close();
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
