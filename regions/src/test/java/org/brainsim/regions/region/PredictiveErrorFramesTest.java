package org.brainsim.regions.region;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.Prediction;
import org.brainsim.objectives.Predictive;
import org.brainsim.objectives.RegionObjectives;
import org.brainsim.objectives.Supervised;
import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.GraphSettings;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.regions.lockstep.LocalGraph;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RateModel;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A predictive region in the lockstep: the error frames it sends carry, at the step they arrive, the prediction
 * error of the step they are about — the readout of {@code horizon} steps before it against what arrived on the
 * predicted link then — for horizons 1 and 3 and error-link delays 1 and 4.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PredictiveErrorFramesTest
{
    private static final int BATCH = 2;
    private static final int WIDTH = 3;
    private static final int TRIAL = 10;
    private static final int STEPS = 40;
    private static final int INPUT_DELAY = 2;

    /** The source's known, varying value per unit and row: sin(1.3 step + 0.7 i). */
    private static float value(final long step, final int i)
    {
        return (float)Math.sin(1.3 * step + 0.7 * i);
    }

    /** Keeps what its one inbound link brought at every step. */
    private static final class Sink implements NodeKernel
    {
        final List<float[]> seen = new ArrayList<>();

        @Override
        public int batchSize()
        {
            return BATCH;
        }

        @Override
        public int width()
        {
            return 1;
        }

        @Override
        public boolean spiking()
        {
            return false;
        }

        @Override
        public void step(final long step, final float[][] inputs, final float[] output)
        {
            seen.add(inputs[0].clone());
        }
    }

    @ParameterizedTest(name = "horizon {0}, error delay {1}")
    @CsvSource({"1, 1", "1, 4", "3, 1", "3, 4"})
    void errorFramesCarryThePredictionErrorOfTheStepTheyAreAbout(final int horizon, final int delay) throws Exception
    {
        final ParamValues rate = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 5.0));
        final RegionNetwork network = RateModel.RATE.build(new NetworkSpec(8, WIDTH, BATCH, 1.0,
            List.of(new NetworkSpec.Input("in", WIDTH, LinkWeights.normal(1.0)))), rate, NodeRandom.forNode(1, "r"));
        final Learner learner = Learner.of(network, BpttRule.TYPE, BpttRule.TYPE.defaults(), new Adam(0.01),
            GradientPenalties.NONE, NodeRandom.forNode(1, "learning"));
        final Prediction what = new Prediction(0, WIDTH, false, horizon);
        final ObjectiveContext context = new ObjectiveContext(BATCH, 8, WIDTH, false, 1.0, TRIAL, LossKind.MSE, what);
        final RegionObjectives objectives = new RegionObjectives(List.of(new Predictive(what, LossKind.MSE,
            Supervised.Reduction.SUM, 1.0, context)));
        final List<float[]> readouts = new ArrayList<>();
        final StepObserver readout = (step, y) -> readouts.add(y.clone());
        final RegionKernel region = new RegionKernel(new RegionKernel.Parts(network, learner, objectives,
            RegionWiring.inputsOnly(TRIAL), BATCH, 0, List.of(), null, readout, TrialObserver.NONE));
        final Sink sink = new Sink();
        LocalGraph.builder()
            .node("source", new KnownSource(BATCH, WIDTH, PredictiveErrorFramesTest::value), StepObserver.NONE, "Input")
            .node("region", region, StepObserver.NONE, "Region")
            .node("sink", sink, StepObserver.NONE, "Region")
            .link("source", "region", INPUT_DELAY)
            .link("region", "sink", delay, LinkKind.ERROR)
            .build()
            .run(new GraphSettings(STEPS));

        assertEquals(STEPS, sink.seen.size());
        for (int s = 0; s < STEPS; s++)
        {
            final long t = s - delay; // the region's step the frame is about
            for (int i = 0; i < BATCH * WIDTH; i++)
            {
                float expected = 0;
                if (t >= 0 && t % TRIAL >= horizon)
                {
                    final float arrived = t >= INPUT_DELAY ? value(t - INPUT_DELAY, i) : 0f;
                    expected = readouts.get((int)(t - horizon))[i] - arrived;
                }
                assertEquals(expected, sink.seen.get(s)[i], 0f, "sink step " + s + ", value " + i);
            }
        }
    }
}
