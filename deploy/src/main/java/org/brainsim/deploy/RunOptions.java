package org.brainsim.deploy;

import org.brainsim.deploy.cluster.ClusterRun;
import org.brainsim.deploy.cluster.NodeSettings;
import org.brainsim.regions.lockstep.Intervention;
import org.brainsim.regions.lockstep.ThreadMode;
import org.brainsim.regions.network.Lesion;
import org.brainsim.scenarios.RunSettings;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.record.EventLog;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.settings.Names;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of {@code brainsim run}, checked together ({@link #problems}) and applied to the scenario and the run's
 * settings: what the command does with them is then one straight line.
 */
final class RunOptions
{
    @Option(names = "--out", paramLabel = "DIR",
        description = "Run directory (default: runs/<scenario>-<yyyyMMdd-HHmmss>).")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "Run N steps instead of the scenario's `steps` " +
        "(a quick look; the outputs are complete for what ran).")
    Long steps;

    @Option(names = "--trials", paramLabel = "N", description = {"Stop after N trials of the task in all, whatever " +
        "the phases say (a quick look; the manifest says where each phase ended).",
        "Later phases do not run: for a quick look at every phase, shorten each with " +
            "--set phases.<name>.trials=N instead."})
    Long trials;

    @Option(names = "--threads", paramLabel = "MODE",
        description = "Node thread placement: per-node or single (default: the scenario's `threads`).")
    String threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", description = "Fail when no node makes progress for " +
        "this long (default: 120).")
    long stallTimeoutSeconds = RunSettings.DEFAULT_STALL_TIMEOUT.toSeconds();

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "Submit to the cluster that the node at " +
        "HOST:PORT belongs to: regions run on its nodes, the task and inputs here; outputs land in --out here.")
    String cluster;

    @Option(names = "--nodes", paramLabel = "N", description = "Rehearse cluster mode on this machine: start N node " +
        "JVMs, run across them, stop them (their logs go to --out/logs).")
    Integer nodes;

    @Option(names = "--expect-nodes", paramLabel = "N", description = "With --cluster: wait (up to --join-timeout) " +
        "until N nodes take regions before placing them (default 1).")
    int expectNodes = 1;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", description = "With --cluster or --nodes: how long to " +
        "wait for the nodes and the placement (default: 90).")
    long joinTimeoutSeconds = ClusterRun.JOIN_TIMEOUT.toSeconds();

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "With --cluster: the TCP (Artery) and UDP " +
        "(Aeron) port of this submitting JVM, for firewalls (default: free ones).")
    int clusterPort;

    @Option(names = "--cluster-config", paramLabel = "FILE", description = "With --cluster: a node.conf whose tls " +
        "section (and host) this submitting JVM uses.")
    Path clusterConfig;

    @Option(names = "--events", paramLabel = "FILE", description = {"Replay the live changes in FILE (a run's " +
        "events.jsonl), each at the step of its region where it was applied: the run repeats the one that wrote the " +
        "log, byte for byte.", "Changes made live during the replay are added after them."})
    Path events;

    private List<Intervention> replay = List.of();

    /** @return every mistake in the flags, for this scenario, as a line each (empty: none). */
    List<String> problems(final Scenario scenario)
    {
        final List<String> problems = new ArrayList<>();
        if (steps != null && steps < 1)
        {
            problems.add("--steps: " + steps + " (expected: >= 1)");
        }
        if (trials != null && trials < 1)
        {
            problems.add("--trials: " + trials + " (expected: >= 1)");
        }
        else if (trials != null && scenario.task() == null)
        {
            problems.add("--trials: scenario " + scenario.source() + " has no task, so it has no trials (use --steps)");
        }
        if (threads != null && Names.parse(ThreadMode.class, threads) == null)
        {
            problems.add("--threads: " + threads + " (allowed: " + String.join(", ", Names.all(ThreadMode.class)) + ")");
        }
        if (org.brainsim.regions.network.Blas.engineProblem() != null)
        {
            problems.add(org.brainsim.regions.network.Blas.engineProblem());
        }
        if (stallTimeoutSeconds < 1)
        {
            problems.add("--stall-timeout: " + stallTimeoutSeconds + " (expected: >= 1)");
        }
        if (joinTimeoutSeconds < 1)
        {
            problems.add("--join-timeout: " + joinTimeoutSeconds + " (expected: >= 1)");
        }
        if (Files.exists(outDir(scenario).resolve("manifest.json")))
        {
            problems.add("--out " + outDir(scenario) + " already holds a run (manifest.json); choose another directory");
        }
        if (cluster != null && nodes != null)
        {
            problems.add("--cluster and --nodes: give one (--nodes starts its own cluster on this machine)");
        }
        if (nodes != null && (nodes < 1 || nodes > 64))
        {
            problems.add("--nodes: " + nodes + " (expected: 1..64)");
        }
        if (clusterPort < 0 || clusterPort > 65535)
        {
            problems.add("--cluster-port: " + clusterPort + " (expected: 0..65535)");
        }
        if (cluster != null)
        {
            NodeSettings.checkEndpoint(cluster, "--cluster", "", problems);
        }
        if (events != null)
        {
            readEvents(scenario, problems);
        }
        return problems;
    }

    private void readEvents(final Scenario scenario, final List<String> problems)
    {
        if (!Files.isRegularFile(events))
        {
            problems.add("--events " + events + ": no such file");
        }
        else
        {
            final Set<String> regions = new TreeSet<>();
            scenario.regions().forEach(r -> regions.add(r.name()));
            try
            {
                replay = EventLog.read(events, regions, change -> takes(scenario, change));
            }
            catch (final IllegalArgumentException ex)
            {
                problems.addAll(List.of(ex.getMessage().split("\n")));
            }
            catch (final IOException ex)
            {
                problems.add("--events " + events + ": " + ex.getMessage());
            }
        }
    }

    /** @return why a region of the scenario cannot take a replayed change, or {@code null} when it can. */
    private static String takes(final Scenario scenario, final Intervention change)
    {
        final RegionSpec region = scenario.regions().stream().filter(r -> r.name().equals(change.target()))
            .findFirst().orElseThrow();
        if (change.what() != Intervention.Kind.LESION && !region.learns())
        {
            return "what: " + change.what().key() + " (region " + region.name() + " does not learn: expected lesion)";
        }
        if ((change.lesion() == Lesion.Target.LIF_UNITS || change.lesion() == Lesion.Target.ALIF_UNITS) &&
            !region.isSpiking())
        {
            return "lesion: " + Intervention.lesionKey(change.lesion()) + " (region " + region.name() + " is not " +
                "spiking: expected units, recurrent_synapses or input_synapses)";
        }
        return null;
    }

    /** @return the scenario as the flags cut it. */
    Scenario apply(final Scenario scenario)
    {
        Scenario s = scenario;
        if (steps != null)
        {
            s = s.withSteps(steps);
        }
        if (trials != null)
        {
            s = s.withTrialLimit(trials);
        }
        if (threads != null)
        {
            s = s.withThreads(Names.parse(ThreadMode.class, threads));
        }
        return s;
    }

    /**
     * @return what {@code --trials} leaves out of the scenario's phases, as a note for stderr, or {@code null} when
     * it leaves out nothing known.
     */
    String trialsNote(final Scenario scenario)
    {
        if (trials == null || scenario.phases().size() < 2)
        {
            return null;
        }
        long before = 0;
        final List<String> skipped = new ArrayList<>();
        boolean open = false; // a phase before this one has no fixed trial count: later ones may not run either
        for (final PhaseSpec p : scenario.phases())
        {
            if (before >= trials || open)
            {
                skipped.add(p.name());
            }
            if (p.trials() == null || p.errorBelow() != null)
            {
                open = true;
            }
            before += p.trials() == null ? 0 : p.trials();
        }
        if (skipped.isEmpty())
        {
            return null;
        }
        return "--trials " + trials + " stops the run after " + trials + " trials in all: phase(s) " +
            String.join(", ", skipped) + " may not run. For a quick look at every phase, shorten each instead: " +
            "--set phases.<name>.trials=N";
    }

    /** @return the run directory (the default is named once, from the time of the first call). */
    Path outDir(final Scenario scenario)
    {
        if (out == null)
        {
            out = Path.of("runs", scenario.name() + "-" +
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return out;
    }

    /** @return the run's timeouts and the changes it replays. */
    RunSettings settings()
    {
        return RunSettings.DEFAULTS.withStallTimeout(Duration.ofSeconds(stallTimeoutSeconds)).withReplay(replay);
    }

    /** @return where a cluster run is submitted ({@code --cluster}), with the given seed. */
    ClusterRun.Target target(final String seed, final int expect, final int port, final NodeSettings template)
    {
        return new ClusterRun.Target(seed, expect, port, template, Duration.ofSeconds(joinTimeoutSeconds));
    }
}
