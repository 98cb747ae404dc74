package org.brainsim.scenarios;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Supervised;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.learning.Lesion;
import org.brainsim.regions.learning.RegionPhase;
import org.brainsim.regions.learning.TrialObserver;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.regions.learning.Activation;
import org.brainsim.regions.learning.FeedbackMode;
import org.brainsim.regions.learning.GradientPenalties;
import org.brainsim.regions.learning.Learner;
import org.brainsim.regions.learning.LearningRegionKernel;
import org.brainsim.regions.learning.Optimizer;
import org.brainsim.regions.learning.RateLearner;
import org.brainsim.regions.learning.RateNetwork;
import org.brainsim.regions.learning.RateParams;
import org.brainsim.regions.learning.RateRegularizer;
import org.brainsim.regions.learning.RuleKind;
import org.brainsim.regions.learning.RuleSpec;
import org.brainsim.regions.learning.SpikingLearner;
import org.brainsim.regions.learning.SpikingNetwork;
import org.brainsim.regions.learning.SpikingParams;
import org.brainsim.regions.lockstep.StepObserver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a scenario region with a model and a rule into a learning lockstep kernel: its network (weights
 * from the region's own random stream), its learner (rule, optimiser, penalties) and its trial length.
 */
final class RegionLearners
{
    private RegionLearners()
    {
    }

    /**
     * @param inbound links into the region, in link-id order (activity and target).
     * @param widths  width of every node.
     */
    static LearningRegionKernel kernel(
        final Scenario scenario, final RegionSpec region, final List<LinkSpec> inbound, final Map<String, Integer> widths,
        final Task task, final StepObserver readoutObserver, final TrialObserver trialObserver)
    {
        final RegionSpec.Learning learning = region.learning();
        int nIn = 0;
        int targetIndex = -1;
        int errorIndex = -1;
        int controlIndex = -1;
        boolean taskTarget = false;
        for (int i = 0; i < inbound.size(); i++)
        {
            final LinkSpec link = inbound.get(i);
            if (link.isTarget())
            {
                targetIndex = i;
                taskTarget = TaskSpec.NODE.equals(link.from());
            }
            else if (link.isError())
            {
                errorIndex = i;
            }
            else if (CONTROL.equals(link.kind()))
            {
                controlIndex = i;
            }
            else
            {
                nIn += widths.get(link.from());
            }
        }
        final NodeRandom random = NodeRandom.forNode(scenario.seed(), region.name());
        final RuleKind kind = RuleNames.kind(learning.rule());
        final RuleSpec rule = kind == null ? RuleSpec.of(RuleKind.READOUT_ONLY) : RuleSpec.of(kind)
            .withFeedback(FeedbackMode.valueOf(learning.feedback().toUpperCase(Locale.ROOT)))
            .withWindowSteps(learning.windowSteps() > 0 ? learning.windowSteps() : Integer.MAX_VALUE);
        final Optimizer optimizer = "sgd".equals(learning.optimizer()) ? Optimizer.sgd(learning.learningRate()) :
            new org.brainsim.regions.learning.Adam(learning.learningRate(), learning.adamBeta1(), learning.adamBeta2(),
                learning.adamEpsilon());
        final GradientPenalties penalties = new GradientPenalties(learning.l2(),
            learning.clipNorm() > 0 ? learning.clipNorm() : Double.POSITIVE_INFINITY);
        final Learner learner;
        final INDArray wIn;
        final org.brainsim.regions.learning.RecurrentWeights weights;
        if (region.isSpiking())
        {
            final RegionSpec.Spiking sp = region.spiking();
            final int nAlif = (int)Math.round(region.size() * sp.alifFraction());
            final double kappa = Math.exp(-scenario.dtMs() / sp.tauOutMs());
            final SpikingParams params = new SpikingParams(nIn, region.size() - nAlif, nAlif, learning.outputs(),
                scenario.dtMs(), region.tauMs(), sp.tauAMs(), sp.beta(), sp.vTh(), 1, sp.pseudoDerivative(), sp.refractorySteps(),
                sp.tauOutMs(), 1 - kappa);
            final SpikingNetwork net = new SpikingNetwork(params, DataType.FLOAT, random);
            wIn = net.wIn();
            weights = net;
            learner = new SpikingLearner(net, rule, optimizer, penalties,
                new RateRegularizer(learning.rateReg(), learning.targetRateHz()), random.derive("learning"),
                learning.feedbackStd() > 0 ? learning.feedbackStd() : 1 / Math.sqrt(region.size()));
        }
        else
        {
            final RateParams params = new RateParams(nIn, region.size(), learning.outputs(),
                scenario.dtMs() / region.tauMs(), Activation.valueOf(region.activation().toUpperCase(Locale.ROOT)), 0.0);
            final RateNetwork net = RateNetwork.random(params, DataType.FLOAT, region.recurrentGain(), random);
            wIn = net.wIn();
            weights = net;
            learner = new RateLearner(net, rule, optimizer, penalties, random.derive("learning"));
        }
        // Each activity link's rows of W_in carry its weight_scale.
        int row = 0;
        for (final LinkSpec link : inbound)
        {
            if (!link.isInput())
            {
                continue;
            }
            final int w = widths.get(link.from());
            final INDArray rows = wIn.get(NDArrayIndex.interval(row, row + w), NDArrayIndex.all());
            rows.muli(link.weightScale());
            final org.brainsim.regions.LinkWeights lw = link.weights();
            if (lw.custom())
            {
                final float[] values = rows.dup('c').data().asFloat();
                final float[] mask = lw.shape(values, w, random.derive("link:" + link.name()));
                rows.assign(org.nd4j.linalg.factory.Nd4j.create(values, new long[] {w, region.size()}, DataType.FLOAT));
                if (mask != null)
                {
                    final INDArray full = org.nd4j.linalg.factory.Nd4j.ones(DataType.FLOAT, wIn.rows(), wIn.columns());
                    full.get(NDArrayIndex.interval(row, row + w), NDArrayIndex.all()).assign(
                        org.nd4j.linalg.factory.Nd4j.create(mask, new long[] {w, region.size()}, DataType.FLOAT));
                    weights.maskInput(full);
                }
            }
            if (!lw.plastic())
            {
                weights.freezeInputRows(row, row + w);
            }
            row += w;
        }
        if (kind == null)
        {
            learner.plasticity(0); // rule = none: a spiking region that does not learn
        }
        final LearningRegionKernel.Wiring wiring;
        if (errorIndex >= 0)
        {
            final LinkSpec errorLink = inbound.get(errorIndex);
            final int nErr = scenario.regions().stream().filter(r -> r.name().equals(errorLink.from())).findFirst()
                .orElseThrow().learning().outputs();
            final INDArray feedback = gaussian(random.derive("error-feedback"), nErr, region.size());
            wiring = new LearningRegionKernel.Wiring(-1, LearningRegionKernel.TargetFormat.VALUES, errorIndex,
                learning.errorDelaySteps(), feedback, controlIndex, learning.trialSteps());
        }
        else
        {
            wiring = new LearningRegionKernel.Wiring(targetIndex, taskTarget ? LearningRegionKernel.TargetFormat.TASK :
                LearningRegionKernel.TargetFormat.VALUES, -1, 0, null, controlIndex,
                taskTarget ? task.maxTrialSteps() : Math.max(1, learning.trialSteps()));
        }
        final LossKind loss = switch (learning.loss())
        {
            case "mse" -> LossKind.MSE;
            case "cross-entropy" -> LossKind.CROSS_ENTROPY;
            default -> taskTarget ? task.defaultLoss() : LossKind.MSE;
        };
        final Supervised objective = new Supervised(loss, "mean".equals(learning.lossReduction()) ?
            Supervised.Reduction.MEAN : Supervised.Reduction.SUM);
        final List<RegionPhase> phases = new ArrayList<>();
        for (final PhaseSpec phase : scenario.phases())
        {
            final List<Lesion> lesions = phase.lesions().stream().filter(l -> l.region().equals(region.name()))
                .map(PhaseSpec.LesionSpec::lesion).toList();
            phases.add(new RegionPhase(phase.name(), kind == null ? 0 : phase.plasticity().getOrDefault(region.name(), 1.0),
                lesions));
        }
        return new LearningRegionKernel(learner, scenario.batch(), wiring, objective, phases, random.derive("lesions"),
            readoutObserver, trialObserver);
    }

    /** The kind of the control links a run adds from the task to every learning region (not a scenario kind). */
    static final String CONTROL = "control";

    /** Random feedback N(0, 1/n), nErr × n, float32. */
    private static INDArray gaussian(final NodeRandom random, final int rows, final int n)
    {
        final float[] values = new float[rows * n];
        random.fillGaussian(values, 1 / Math.sqrt(n));
        return org.nd4j.linalg.factory.Nd4j.create(values, new long[] {rows, n}, DataType.FLOAT);
    }
}
