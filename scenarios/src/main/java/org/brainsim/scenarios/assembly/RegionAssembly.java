package org.brainsim.scenarios.assembly;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.Prediction;
import org.brainsim.objectives.RegionObjectives;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.network.InputProjection;
import org.brainsim.regions.network.Lesion;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.optim.OptimizerSettings;
import org.brainsim.regions.region.GradientFrames;
import org.brainsim.regions.region.GradientSender;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.region.RegionKernel;
import org.brainsim.regions.region.RegionPhase;
import org.brainsim.regions.region.RegionWiring;
import org.brainsim.regions.region.TrialObserver;
import org.brainsim.regions.rules.LearningRule;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.load.MemoryCheck;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.objectives.rl.ModelBased;
import org.brainsim.objectives.rl.TrialReward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario region into its lockstep kernel: its network (the model's weights from the region's own random
 * stream), its learner (rule, optimiser, penalties), its objectives and the parts its inbound links play.
 *
 * <p>The region's stream is used in one order for every model: the model's draws, then a derived stream for the
 * rule ({@code learning}), then each shaped input link's ({@code link:<name>}), the error feedback's
 * ({@code error-feedback}), for a region that acts its actions' ({@code policy}), and the lesions'
 * ({@code lesions}).
 */
public final class RegionAssembly
{
    private RegionAssembly()
    {
    }

    /**
     * @param inbound links into the region, in link-id order (inputs, target, error, control).
     * @param widths  width of every node's output.
     * @param task    the scenario's task, or {@code null}.
     * @param interventions the run's live changes (applied when the task's control link counts them).
     */
    public static RegionKernel kernel(
        final Scenario scenario, final RegionSpec region, final List<LinkSpec> inbound, final Map<String, Integer> widths,
        final Task task, final StepObserver readoutObserver, final TrialObserver trialObserver,
        final Interventions interventions)
    {
        final NodeRandom random = NodeRandom.forNode(scenario.seed(), region.name());
        final NetworkSpec spec = MemoryCheck.spec(region, inbound, widths, scenario.batch(), scenario.dtMs());
        final RegionNetwork network = region.model().build(spec, region.modelParams(), random);
        final NodeRandom learning = random.derive("learning");
        final LearningRule rule = region.learns() ? region.rule().create(network, region.ruleParams(), learning) : null;
        InputProjection.shape(network, spec, random);
        if (rule != null && region.objectives().stream().anyMatch(o -> o.type() == TrialReward.TYPE) &&
            !rule.learnFromRewards(network))
        {
            throw new IllegalArgumentException("regions." + region.name() + ".rule: " + region.rule().name() +
                " cannot learn from the rewards of live trials (objective = reward)");
        }
        final RegionWiring wiring = wiring(scenario, region, inbound, task, random);
        final Learner learner = rule == null ? null : new Learner(network, rule,
            OptimizerSettings.optimizer(region.update()), OptimizerSettings.penalties(region.update()));
        final boolean taskTarget = wiring.taskTrials();
        final ObjectiveContext context = new ObjectiveContext(scenario.batch(), region.size(), region.readoutWidth(),
            region.isSpiking(), scenario.dtMs(), Math.max(1, wiring.trialSteps()),
            taskTarget ? task.defaultLoss() : LossKind.MSE).acting(wiring.feedbackSteps(),
            wiring.modulatorLink() < 0 ? 0 : inbound.get(wiring.modulatorLink()).delaySteps(),
            region.acts() ? random.derive("policy")::nextDouble : null).observing(observationLink(inbound));
        final List<RegionObjectives.Block> blocks = region.blocks();
        final List<Objective> objectives = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++)
        {
            final ObjectiveSpec o = region.objectives().get(i);
            final Prediction what = o.predict() == null ? null : prediction(o.predict(), inbound);
            objectives.add(o.type().create(context.forTerm(blocks.get(i).width(), what), o.params(), o.weight()));
        }
        final RegionObjectives terms = new RegionObjectives(objectives, blocks, region.readoutWidth(), scenario.batch());
        return new RegionKernel(new RegionKernel.Parts(network, learner, terms, wiring, scenario.batch(),
            region.outputs(), phases(scenario, region, inbound), random.derive("lesions"), readoutObserver, trialObserver,
            gradientSender(scenario, region, inbound, widths, wiring)), region.name(), interventions);
    }

    /** @return whether a values link leaves the region (a controller under an arbiter). */
    private static boolean offersValues(final Scenario scenario, final RegionSpec region)
    {
        return scenario.links().stream().anyMatch(l -> l.kind() == LinkSpec.Kind.VALUES &&
            l.from().equals(region.name()));
    }

    /** @return the index of the region's inbound link from a task's observations, or −1. */
    private static int observationLink(final List<LinkSpec> inbound)
    {
        for (int i = 0; i < inbound.size(); i++)
        {
            if (inbound.get(i).kind() == LinkSpec.Kind.OBSERVATION)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the sender of exact gradients when a gradient link leaves the region: they are about the columns of
     *         its input that the activity link from that link's end fills; {@code null} without one.
     */
    private static GradientSender gradientSender(
        final Scenario scenario, final RegionSpec region, final List<LinkSpec> inbound, final Map<String, Integer> widths,
        final RegionWiring wiring)
    {
        final LinkSpec gradient = scenario.links().stream().filter(l -> l.kind() == LinkSpec.Kind.GRADIENT &&
            l.from().equals(region.name())).findFirst().orElse(null);
        if (gradient == null)
        {
            return null;
        }
        int column = 0;
        for (int i = 0; i < inbound.size(); i++)
        {
            final LinkSpec link = inbound.get(i);
            if (!wiring.isInput(i))
            {
                continue;
            }
            final int width = widths.get(link.source());
            if (link.kind() == LinkSpec.Kind.ACTIVITY && link.signal() == LinkSpec.Signal.ACTIVITY &&
                link.from().equals(gradient.to()))
            {
                return new GradientSender(scenario.batch(), i, column, width, link.delaySteps(),
                    GradientFrames.chunk(Math.max(1, wiring.trialSteps()), width, scenario.batch()));
            }
            column += width;
        }
        throw new IllegalArgumentException("links." + gradient.name() + ": no activity link from '" + gradient.to() +
            "' into '" + region.name() + "'");
    }

    /** @return what a predictive term predicts, its link as an index among the region's inbound links. */
    private static Prediction prediction(final ObjectiveSpec.Predict p, final List<LinkSpec> inbound)
    {
        int link = Prediction.SELF;
        if (!p.self())
        {
            for (int i = 0; i < inbound.size(); i++)
            {
                if (inbound.get(i).name().equals(p.link()))
                {
                    link = i;
                }
            }
            if (link == Prediction.SELF)
            {
                throw new IllegalArgumentException("predict.link: " + p.link() + " (expected: a link into the region)");
            }
        }
        return new Prediction(link, p.width(), p.spikes(), p.horizon());
    }

    private static RegionWiring wiring(
        final Scenario scenario, final RegionSpec region, final List<LinkSpec> inbound, final Task task,
        final NodeRandom random)
    {
        int target = -1;
        int error = -1;
        int control = -1;
        int gradient = -1;
        int reward = -1;
        int modulator = -1;
        final List<Integer> values = new ArrayList<>();
        boolean taskTarget = false;
        for (int i = 0; i < inbound.size(); i++)
        {
            final LinkSpec link = inbound.get(i);
            switch (link.kind())
            {
                case TARGET ->
                {
                    target = i;
                    taskTarget = TaskSpec.NODE.equals(link.from());
                }
                case ERROR -> error = i;
                case GRADIENT -> gradient = i;
                case CONTROL -> control = i;
                case REWARD -> reward = i;
                case MODULATOR -> modulator = i;
                case VALUES -> values.add(i);
                default ->
                {
                    // an input to the units
                }
            }
        }
        if (error >= 0)
        {
            final String source = inbound.get(error).from();
            final int nErr = scenario.region(source).errorWidth();
            // without trial_steps, in a scenario with a task: the task's trials
            final boolean taskTrials = control >= 0 && region.followsTaskTrials(scenario.links(), true);
            return new RegionWiring(-1, RegionWiring.TargetFormat.VALUES, error, region.errorDelaySteps(),
                gaussian(random.derive("error-feedback"), nErr, region.size()), control, taskTrials,
                taskTrials ? task.maxTrialSteps() : region.trialSteps());
        }
        // A learning region without a target from the task and without trial_steps steps in the task's trials.
        final boolean controlTrials = !taskTarget && control >= 0 && region.followsTaskTrials(scenario.links(), true);
        // The answer about the region's step t arrives at t + lag: the task answers at the response lag, and sends this
        // region everything (its trial flags too) at one delay.
        // A controller that offers its values to an arbiter decided on the task's step d_o after it was emitted; the
        // answer left the task lag after that step and took this region's reward delay.
        final int feedback = reward < 0 ? 0 : offersValues(scenario, region) ?
            LinkSpec.responseLag(scenario.links()) + inbound.get(reward).delaySteps() -
                LinkSpec.decisionDelay(scenario.links(), region.name()) : LinkSpec.responseLag(scenario.links());
        // an arbiter reads the goal-directed controller's values first, then the habit's
        values.sort(java.util.Comparator.comparingInt(i -> scenario.region(inbound.get(i).from()).objectives().stream()
            .anyMatch(o -> o.type() == ModelBased.TYPE) ? 0 : 1));
        return new RegionWiring(target, taskTarget ? RegionWiring.TargetFormat.TASK : RegionWiring.TargetFormat.VALUES,
            -1, 0, null, control, controlTrials, taskTarget || controlTrials ? task.maxTrialSteps() : region.trialSteps(),
            gradient, reward, feedback, modulator).withValueLinks(values.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return per phase, what it does to this region: its plasticity gate and its lesions. */
    private static List<RegionPhase> phases(
        final Scenario scenario, final RegionSpec region, final List<LinkSpec> inbound)
    {
        final List<RegionPhase> phases = new ArrayList<>();
        for (final PhaseSpec phase : scenario.phases())
        {
            final List<Lesion> lesions = phase.lesions().stream().filter(l -> l.region().equals(region.name()))
                .map(PhaseSpec.LesionSpec::lesion).toList();
            final List<Integer> cuts = new ArrayList<>();
            for (int i = 0; i < inbound.size(); i++)
            {
                if (phase.cuts().contains(inbound.get(i).name()))
                {
                    cuts.add(i);
                }
            }
            phases.add(new RegionPhase(phase.name(), phase.plasticity().getOrDefault(region.name(), 1.0), lesions,
                cuts));
        }
        return phases;
    }

    /** Random feedback N(0, 1/n), nErr × n, float32. */
    private static INDArray gaussian(final NodeRandom random, final int rows, final int n)
    {
        final float[] values = new float[rows * n];
        random.fillGaussian(values, 1 / Math.sqrt(n));
        return Nd4j.create(values, new long[] {rows, n}, DataType.FLOAT);
    }
}
