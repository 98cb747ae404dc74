package org.brainsim.scenarios.assembly;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Supervised;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.regions.lockstep.LocalGraph;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.region.RegionKernel;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.record.RunRecording;
import org.brainsim.scenarios.sources.NoisySineSourceKernel;
import org.brainsim.scenarios.sources.PoissonSourceKernel;
import org.brainsim.scenarios.spec.InputSpec;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.OutputWidths;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskKernel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario into the lockstep graph that runs it: a kernel per input, region and task, each with the random
 * stream of its name and the recorders the scenario asks for, and the links between them — the scenario's, and a
 * control link from the task to every region, which carries the phase.
 */
public final class GraphAssembly
{
    /**
     * What was built.
     *
     * @param graph      the graph, ready to start.
     * @param task       the task, or {@code null}.
     * @param taskKernel the task environment, or {@code null}.
     * @param regions    every region's kernel, by name.
     */
    public record Assembled(LocalGraph graph, Task task, TaskKernel taskKernel, Map<String, RegionKernel> regions)
    {
    }

    private GraphAssembly()
    {
    }

    /**
     * @param interventions the run's live changes, which the regions apply.
     */
    public static Assembled build(final Scenario scenario, final RunRecording recording,
                                  final Interventions interventions) throws IOException
    {
        final LocalGraph.Builder builder = LocalGraph.builder();
        final List<LinkSpec> links = new ArrayList<>(scenario.links());
        final Map<String, Long> offsets = new LinkedHashMap<>();
        Task task = null;
        TaskKernel taskKernel = null;
        if (scenario.task() != null)
        {
            task = TaskAssembly.task(scenario);
            // Every region hears the phase and the trial flags on a control link, as late as the rest of what the
            // task sends it; a region the task reaches only through other regions, as late as the task's first
            // influence arrives (its shortest delay from the task), so that its trials follow the task's.
            final Map<String, Long> reach = delaysFromTask(scenario.links());
            for (final RegionSpec region : scenario.regions())
            {
                final int delay = scenario.links().stream().filter(l -> TaskSpec.NODE.equals(l.from()) &&
                    l.to().equals(region.name())).mapToInt(LinkSpec::delaySteps).findFirst()
                    .orElse((int)Math.max(1, reach.getOrDefault(region.name(), 1L)));
                links.add(new LinkSpec(links.size(), "~control-" + region.name(), TaskSpec.NODE, region.name(), delay,
                    LinkSpec.Kind.CONTROL, LinkWeights.normal(1.0)));
            }
            offsets.putAll(delaysFromTask(links));
            taskKernel = TaskAssembly.kernel(scenario, task, links, recording);
            builder.node(TaskSpec.NODE, taskKernel, recording.activity(TaskSpec.NODE, taskKernel.spiking(), false,
                taskKernel.width(), offsets), "Task");
        }
        for (final InputSpec input : scenario.inputs())
        {
            final NodeKernel kernel = input(scenario, input);
            builder.node(input.name(), kernel, recording.activity(input.name(), kernel.spiking(), false, kernel.width(),
                offsets), "Input");
        }
        final Map<String, Integer> widths = OutputWidths.of(task == null ? null : task.observationWidth(),
            scenario.inputs(), scenario.regions());
        final Map<String, RegionKernel> regions = new LinkedHashMap<>();
        for (final RegionSpec region : scenario.regions())
        {
            final List<LinkSpec> inbound = links.stream().filter(l -> l.to().equals(region.name())).toList();
            final boolean trained = region.learns() && !region.objectives().isEmpty();
            final RegionKernel kernel = RegionAssembly.kernel(scenario, region, inbound, widths, task,
                recording.readout(region, offsets),
                recording.trials(region, trained, classification(region, inbound, task)), interventions);
            regions.put(region.name(), kernel);
            builder.node(region.name(), kernel, recording.activity(region.name(), kernel.spiking(), true,
                kernel.width(), offsets), "Region");
        }
        for (final LinkSpec link : links)
        {
            builder.link(link.from(), link.to(), link.delaySteps(), kind(link));
        }
        return new Assembled(builder.build(), task, taskKernel, regions);
    }

    private static NodeKernel input(final Scenario scenario, final InputSpec input)
    {
        final NodeRandom random = NodeRandom.forNode(scenario.seed(), input.name());
        return switch (input.kind())
        {
            case POISSON -> new PoissonSourceKernel(scenario.batch(), input.size(), input.rateHz(), scenario.dtMs(),
                input.frozenSteps(), random);
            case NOISY_SINE -> new NoisySineSourceKernel(scenario.batch(), input.size(), input.frequencyHz(),
                input.amplitude(), input.noiseStd(), scenario.dtMs(), input.randomPhase(), random);
        };
    }

    /** @return whether a region's trials have an accuracy: a supervised objective with a cross-entropy loss. */
    private static boolean classification(final RegionSpec region, final List<LinkSpec> inbound, final Task task)
    {
        final boolean taskTarget = inbound.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.TARGET &&
            TaskSpec.NODE.equals(l.from()));
        for (final ObjectiveSpec o : region.objectives())
        {
            if (o.type() == Supervised.TYPE)
            {
                final Supervised.Choice loss = o.params().get(Supervised.LOSS);
                if (loss == Supervised.Choice.CROSS_ENTROPY || loss == Supervised.Choice.TASK && taskTarget &&
                    task.defaultLoss() == LossKind.CROSS_ENTROPY)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static LinkKind kind(final LinkSpec link)
    {
        return switch (link.kind())
        {
            case ERROR -> LinkKind.ERROR;
            case GRADIENT -> LinkKind.GRADIENT;
            case ACTION -> LinkKind.ACTION;
            case CONTROL -> LinkKind.CONTROL;
            case REWARD -> LinkKind.REWARD;
            case MODULATOR -> LinkKind.MODULATOR;
            case VALUES -> LinkKind.VALUES;
            // an input's values travel as its activity; the task's supervision has its own layout
            case TARGET -> TaskSpec.NODE.equals(link.from()) ? LinkKind.TARGET : LinkKind.ACTIVITY;
            // activity (a region's error or prediction as their own frames), observation
            default -> switch (link.signal())
            {
                case ERROR -> LinkKind.ERROR;
                case PREDICTION -> LinkKind.PREDICTION;
                case ACTIVITY -> LinkKind.ACTIVITY;
            };
        };
    }

    /** @return each node's shortest delay from the task along links (nodes the task does not reach: absent). */
    private static Map<String, Long> delaysFromTask(final List<LinkSpec> links)
    {
        final Map<String, Long> best = new LinkedHashMap<>();
        best.put(TaskSpec.NODE, 0L);
        boolean changed = true;
        while (changed) // Bellman–Ford: the graphs are small
        {
            changed = false;
            for (final LinkSpec link : links)
            {
                final Long from = best.get(link.from());
                if (from != null && link.kind() != LinkSpec.Kind.ACTION && link.kind() != LinkSpec.Kind.GRADIENT &&
                    from + link.delaySteps() < best.getOrDefault(link.to(), Long.MAX_VALUE))
                {
                    best.put(link.to(), from + link.delaySteps());
                    changed = true;
                }
            }
        }
        return best;
    }
}
