package org.brainsim.regions.region;

import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.Models;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.network.SpikingModel;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.rules.FeedbackMode;
import org.brainsim.regions.rules.MiconiRule;
import org.brainsim.regions.rules.ReadoutOnlyRule;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.regions.rules.Rules;
import org.brainsim.regions.rules.SpikingFixtures;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One contract, every (model, rule) pair the registries allow ({@link Models}, {@link Rules}): a gated rule changes
 * nothing, plasticity stays where it is on, and a short training run lowers the loss. A new model or rule is checked
 * the day it is registered.
 */
class LearnerContractTest
{
    private static final int BATCH = 4;

    /**
     * One case: a model, a rule, the rule's settings, the backend the network computes with and the threads that
     * share its batch (more than one: a batch of {@link #SHARED_BATCH} rows, two chunks).
     */
    record Case(RegionModel model, RuleType rule, ParamValues settings, Backend backend, int threads)
    {
        Case(final RegionModel model, final RuleType rule, final ParamValues settings, final Backend backend)
        {
            this(model, rule, settings, backend, 1);
        }

        int batch()
        {
            return threads > 1 ? SHARED_BATCH : BATCH;
        }

        /** The name the case's random draws are seeded from: a rate case draws the same network on both backends. */
        String seed()
        {
            return model.name() + " " + rule.name() + " " + settings + (model.spiking() ? " " + backend : "") +
                (threads > 1 ? " on " + threads + " threads, batch " + batch() : "");
        }

        @Override
        public String toString()
        {
            return model.name() + " " + rule.name() + " " + settings + " " + backend +
                (threads > 1 ? " on " + threads + " threads, batch " + batch() : "");
        }
    }

    private static final int SHARED_BATCH = 20;

    @SuppressWarnings("unchecked")
    static Stream<Arguments> pairs()
    {
        final List<Arguments> pairs = new ArrayList<>();
        for (final RegionModel model : Models.REGISTRY.all())
        {
            for (final Backend backend : List.of(Backend.CPU, Backend.ND4J))
            {
                pairs.addAll(pairs(model, backend));
            }
            if (model.spiking())
            {
                // the batch shared among threads: BPTT (chunks call BLAS at once) and e-prop
                pairs.add(Arguments.of(new Case(model, BpttRule.TYPE, BpttRule.TYPE.defaults(), Backend.CPU, 2)));
                pairs.add(Arguments.of(new Case(model, EpropRule.TYPE, EpropRule.TYPE.defaults(), Backend.CPU, 2)));
            }
        }
        return pairs.stream();
    }

    @SuppressWarnings("unchecked")
    private static List<Arguments> pairs(final RegionModel model, final Backend backend)
    {
        final List<Arguments> pairs = new ArrayList<>();
        {
            for (final RuleType rule : Rules.REGISTRY.all())
            {
                if (!rule.appliesTo(model))
                {
                    continue;
                }
                final Param<?> feedback = rule.params().stream().filter(p -> p.key().equals("feedback")).findFirst()
                    .orElse(null);
                if (feedback != null)
                {
                    for (final FeedbackMode mode : FeedbackMode.values())
                    {
                        pairs.add(Arguments.of(new Case(model, rule,
                            rule.defaults().with((Param<FeedbackMode>)feedback, mode), backend)));
                    }
                }
                else
                {
                    pairs.add(Arguments.of(new Case(model, rule, rule.defaults(), backend)));
                }
            }
            final ParamValues window = BpttRule.TYPE.defaults().with(BpttRule.WINDOW_STEPS, 10);
            pairs.add(Arguments.of(new Case(model, BpttRule.TYPE, window, backend)));
        }
        return pairs;
    }

    /** A learner and a fixed trial to learn. */
    private record Setup(Learner learner, INDArray[] inputs, TrialLoss loss, INDArray recMask)
    {
    }

    private static Setup setup(final Case c)
    {
        final NodeRandom random = NodeRandom.forNode(99, c.seed());
        if (!c.model().spiking())
        {
            final int steps = 30;
            final RateParams p = new RateParams(3, 10, 2, 0.2, Activation.TANH, 0.0);
            final INDArray mask = Nd4j.ones(DataType.FLOAT, p.n(), p.n());
            for (int i = 0; i < p.n(); i++)
            {
                mask.putScalar(i, (i * 3 + 1) % p.n(), 0.0f); // one pruned synapse per row
            }
            final RateNetwork net = RateNetwork.random(p, DataType.FLOAT, 1.2, random).withRecurrentMask(mask)
                .withBackend(c.backend());
            final INDArray[] x = new INDArray[steps];
            final INDArray[] y = new INDArray[steps];
            for (int t = 0; t < steps; t++)
            {
                x[t] = SpikingNetwork.gaussian(random, BATCH, 3, 1.0, DataType.FLOAT);
                y[t] = Nd4j.valueArrayOf(new long[] {BATCH, 2}, 0.5 * Math.sin(2 * Math.PI * t / steps), DataType.FLOAT);
            }
            final double lr = c.rule() == MiconiRule.TYPE ? 3e-3 : 1e-2;
            return new Setup(Learner.of(net, c.rule(), c.settings(), new Adam(lr), GradientPenalties.NONE, random), x,
                TrialLoss.of(Loss.everyStep(LossKind.MSE, y)), mask);
        }
        final int steps = 60;
        final double kappa = Math.exp(-1.0 / 10);
        final boolean lif = c.model() == SpikingModel.LIF;
        final SpikingParams p = new SpikingParams(10, lif ? 30 : 15, lif ? 0 : 15, 2, 1, 20, 200, 0.05, 0.5, 1, 0.3, 2,
            10, 1 - kappa);
        final INDArray mask = Nd4j.ones(DataType.FLOAT, p.n(), p.n());
        for (int i = 0; i < p.n(); i++)
        {
            mask.putScalar(i, (i * 7 + 3) % p.n(), 0.0f); // one pruned synapse per row
        }
        final SpikingNetwork template = new SpikingNetwork(p, DataType.FLOAT, random);
        final SpikingNetwork net = new SpikingNetwork(p, DataType.FLOAT, template.wIn().mul(2), template.wRec(),
            template.wOut(), template.bOut(), mask).withBackend(c.backend()).withThreads(c.threads());
        final INDArray[] x = SpikingFixtures.poissonInputs(steps, c.batch(), 10, 0.05, 5);
        final INDArray[] y = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            x[t] = x[t].castTo(DataType.FLOAT);
            y[t] = Nd4j.valueArrayOf(new long[] {c.batch(), 2}, Math.sin(2 * Math.PI * t / steps), DataType.FLOAT);
        }
        return new Setup(Learner.of(net, c.rule(), c.settings(), new Adam(3e-2), GradientPenalties.NONE, random), x,
            new TrialLoss(Loss.everyStep(LossKind.MSE, y), new FiringRate(0.01, 10)), net.recMask());
    }

    private static float[][] snapshot(final Learner learner)
    {
        final INDArray[] params = learner.parameters();
        final float[][] copy = new float[params.length][];
        for (int i = 0; i < params.length; i++)
        {
            copy[i] = params[i].dup().data().asFloat();
        }
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void aClosedGateChangesNothing(final Case c)
    {
        final Setup s = setup(c);
        final float[][] before = snapshot(s.learner());
        s.learner().plasticity(0);

        for (int i = 0; i < 3; i++)
        {
            s.learner().trainTrial(s.inputs(), s.loss());
        }

        final float[][] after = snapshot(s.learner());
        for (int i = 0; i < before.length; i++)
        {
            assertArrayEquals(before[i], after[i], 0.0f, "parameter " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void weightsChangeOnlyWherePlasticityIsOn(final Case c)
    {
        final Setup s = setup(c);
        final float[][] before = snapshot(s.learner());

        for (int i = 0; i < 3; i++)
        {
            s.learner().trainTrial(s.inputs(), s.loss());
        }

        final float[][] after = snapshot(s.learner());
        final int readoutStart = after.length - 2;
        for (int i = 0; i < after.length; i++)
        {
            final boolean changed = !java.util.Arrays.equals(before[i], after[i]);
            if (c.rule() == ReadoutOnlyRule.TYPE && i < readoutStart)
            {
                assertTrue(!changed, "readout-only must not change parameter " + i);
            }
            else if (i == 0 || i == readoutStart)
            {
                assertTrue(changed, "parameter " + i + " learns");
            }
        }
        if (s.recMask() != null)
        {
            final float[] rec = s.learner().parameters()[1].dup().data().asFloat();
            final float[] mask = s.recMask().dup().data().asFloat();
            for (int i = 0; i < rec.length; i++)
            {
                if (mask[i] == 0)
                {
                    assertTrue(rec[i] == 0.0f, "pruned or self synapse " + i + " stays absent: " + rec[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void aShortTrainingRunLowersTheLoss(final Case c)
    {
        final Setup s = setup(c);
        final double first = s.learner().evaluate(s.inputs(), s.loss());

        // Miconi's rule follows a biased, noisy estimate (a few sparse kicks per trial): it gets twice the trials
        for (int i = 0; i < (c.rule() == MiconiRule.TYPE ? 120 : 60); i++)
        {
            s.learner().trainTrial(s.inputs(), s.loss());
        }

        final double last = s.learner().evaluate(s.inputs(), s.loss());
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
    }
}
