package org.brainsim.regions.region;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.RegionObjectives;
import org.brainsim.objectives.Supervised;
import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.GraphSettings;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.regions.lockstep.LocalGraph;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.lockstep.TaskSignal;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RateModel;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.optim.Sgd;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.rules.Backward;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.Gradients;
import org.brainsim.regions.rules.RateBptt;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact cross-region BPTT in the lockstep: an upstream region U feeds a downstream region D, which a task-like
 * source supervises in trials aligned with U's (D's trials start {@code forward delay} steps after U's). D is frozen
 * and sends, after each trial, the gradient of its loss with respect to U's activity back over a gradient link in
 * chunks; U back-propagates it through the trial it kept. The gradient U computes for its first trial must equal the
 * one computed offline, in double precision, from the same weights and inputs (float32 tolerance), whatever the
 * link delays and chunk size.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExactGradientLinkTest
{
    private static final int BATCH = 2;
    private static final int NX = 3;
    private static final int NU = 6;
    private static final int ND = 5;
    private static final int OUT = 2;
    private static final int T = 20;
    private static final int INPUT_DELAY = 1;

    private static float input(final long step, final int i)
    {
        return (float)Math.sin(0.9 * step + 0.4 * i);
    }

    private static float target(final long step, final int i)
    {
        return (float)(0.5 * Math.cos(0.3 * step + 1.1 * i));
    }

    /** U's inputs: a known value per step, row and unit. */
    private static final class Source implements NodeKernel
    {
        @Override
        public int batchSize()
        {
            return BATCH;
        }

        @Override
        public int width()
        {
            return NX;
        }

        @Override
        public boolean spiking()
        {
            return false;
        }

        @Override
        public void step(final long step, final float[][] inputs, final float[] output)
        {
            for (int i = 0; i < output.length; i++)
            {
                output[i] = input(step, i);
            }
        }
    }

    /** D's supervision, as a task sends it: [y*, w, flags] per row, trials aligned with D's view of U. */
    private static final class Teacher implements NodeKernel
    {
        private final int targetDelay;
        private final int forwardDelay;
        private final float[] row = new float[BATCH * TaskSignal.targetWidth(OUT)];

        Teacher(final int targetDelay, final int forwardDelay)
        {
            this.targetDelay = targetDelay;
            this.forwardDelay = forwardDelay;
        }

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
        public int portWidth(final LinkKind kind)
        {
            return kind == LinkKind.TARGET ? TaskSignal.targetWidth(OUT) : NodeKernel.super.portWidth(kind);
        }

        @Override
        public float[] port(final LinkKind kind)
        {
            return row;
        }

        @Override
        public void step(final long step, final float[][] inputs, final float[] output)
        {
            final long at = step + targetDelay; // D's step this row reaches
            final long u = at - forwardDelay;     // U's step whose activity D takes then
            final int flags = u < 0 ? 0 : (u % T == 0 ? TaskSignal.TRIAL_START : 0) |
                (u % T == T - 1 ? TaskSignal.TRIAL_END : 0);
            for (int b = 0; b < BATCH; b++)
            {
                final int o = b * TaskSignal.targetWidth(OUT);
                for (int i = 0; i < OUT; i++)
                {
                    row[o + i] = target(at, b * OUT + i);
                }
                row[o + OUT] = u < 0 ? 0 : 1;
                row[o + OUT + 1] = flags;
            }
        }
    }

    @ParameterizedTest(name = "forward delay {0}, gradient delay {1}")
    @CsvSource({"1, 1", "2, 3", "3, 1"})
    void upstreamGetsTheExactGradientOfItsFirstTrial(final int forwardDelay, final int gradientDelay) throws Exception
    {
        final ParamValues rate = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 3.0));
        final RateNetwork u = (RateNetwork)RateModel.RATE.build(new NetworkSpec(NU, 1, BATCH, 1.0,
            List.of(new NetworkSpec.Input("in", NX, LinkWeights.normal(1.0)))), rate, NodeRandom.forNode(1, "u"));
        final RateNetwork d = (RateNetwork)RateModel.RATE.build(new NetworkSpec(ND, OUT, BATCH, 1.0,
            List.of(new NetworkSpec.Input("up", NU, LinkWeights.normal(2.0)))), rate, NodeRandom.forNode(2, "d"));
        u.bias().assign(0.2);
        final Learner ul = Learner.of(u, BpttRule.TYPE, BpttRule.TYPE.defaults(), new Sgd(0.1), GradientPenalties.NONE,
            NodeRandom.forNode(1, "learning"));
        final Learner dl = Learner.of(d, BpttRule.TYPE, BpttRule.TYPE.defaults(), new Sgd(0.1), GradientPenalties.NONE,
            NodeRandom.forNode(2, "learning"));
        dl.plasticity(0); // frozen: it still owes U its gradients
        final RegionKernel up = new RegionKernel(new RegionKernel.Parts(u, ul, new RegionObjectives(List.of()),
            new RegionWiring(-1, RegionWiring.TargetFormat.VALUES, -1, 0, null, -1, false, T, 1), BATCH, 1,
            List.of(), null, StepObserver.NONE, TrialObserver.NONE));
        final ObjectiveContext context = new ObjectiveContext(BATCH, ND, OUT, false, 1.0, T, LossKind.MSE);
        final int chunk = GradientFrames.chunk(T, NU, BATCH);
        final RegionKernel down = new RegionKernel(new RegionKernel.Parts(d, dl, new RegionObjectives(List.of(
            new Supervised(LossKind.MSE, Supervised.Reduction.SUM, 1.0, context))),
            new RegionWiring(1, RegionWiring.TargetFormat.TASK, -1, 0, null, -1, false, T), BATCH, OUT, List.of(),
            null, StepObserver.NONE, TrialObserver.NONE, new GradientSender(BATCH, 0, NU, forwardDelay, chunk)));
        final INDArray[] weightsBefore = {u.wIn().dup(), u.wRec().dup(), u.bias().dup()};
        // U's first trial is complete once D's first trial's last chunk arrives; stop before U's next trial start
        final int steps = 2 * T;
        final int complete = forwardDelay + T - 1 + (T + chunk - 1) / chunk - 1 + gradientDelay;
        assertTrue(complete < steps, "the test's timing: trial 0 completes at step " + complete);
        final int targetDelay = 1; // at most the forward delay, so that D sees the start of U's first trial
        LocalGraph.builder()
            .node("source", new Source(), StepObserver.NONE, "Input")
            .node("teacher", new Teacher(targetDelay, forwardDelay), StepObserver.NONE, "Task")
            .node("u", up, StepObserver.NONE, "Region")
            .node("d", down, StepObserver.NONE, "Region")
            .link("source", "u", INPUT_DELAY)
            .link("u", "d", forwardDelay)
            .link("teacher", "d", targetDelay, LinkKind.TARGET)
            .link("d", "u", gradientDelay, LinkKind.GRADIENT)
            .build()
            .run(new GraphSettings(steps));

        final GradientReceiver receiver = up.gradientReceiver();
        assertEquals(1, receiver.completed(), "U trials back-propagated");
        final Gradients lockstep = receiver.pending();
        assertNotNull(lockstep, "trial 0's gradients wait for U's next trial");
        assertEquals(0.0, u.wIn().sub(weightsBefore[0]).norm2Number().doubleValue(), 0.0, "not applied yet");

        // offline, in double: U's trial 0, D's trial 0 on it, D's input errors back to U
        final RateNetwork ud = new RateNetwork(u.params(), DataType.DOUBLE, weightsBefore[0].castTo(DataType.DOUBLE),
            weightsBefore[1].castTo(DataType.DOUBLE), weightsBefore[2].castTo(DataType.DOUBLE),
            u.wOut().castTo(DataType.DOUBLE), u.bOut().castTo(DataType.DOUBLE));
        final RateNetwork dd = new RateNetwork(d.params(), DataType.DOUBLE, d.wIn().castTo(DataType.DOUBLE),
            d.wRec().castTo(DataType.DOUBLE), d.bias().castTo(DataType.DOUBLE), d.wOut().castTo(DataType.DOUBLE),
            d.bOut().castTo(DataType.DOUBLE));
        final INDArray[] x = new INDArray[T];
        final INDArray[] targets = new INDArray[T];
        for (int t = 0; t < T; t++)
        {
            x[t] = Nd4j.zeros(DataType.DOUBLE, BATCH, NX);
            targets[t] = Nd4j.zeros(DataType.DOUBLE, BATCH, OUT);
            for (int i = 0; i < BATCH * NX; i++)
            {
                x[t].putScalar(i / NX, i % NX, t >= INPUT_DELAY ? input(t - INPUT_DELAY, i) : 0f);
            }
            for (int i = 0; i < BATCH * OUT; i++)
            {
                targets[t].putScalar(i / OUT, i % OUT, target(t + forwardDelay, i));
            }
        }
        final RateTrajectory tu = ud.forward(x);
        final RateTrajectory td = dd.forward(tu.a()); // D's trial step s takes U's activity of U's step s
        final double[] every = new double[T];
        java.util.Arrays.fill(every, 1);
        final Backward downward = RateBptt.backward(dd, td, new Loss(LossKind.MSE, targets, every), null);
        final Backward upward = RateBptt.backward(ud, tu, org.brainsim.objectives.ReadoutLoss.NONE,
            downward.inputErrors());
        final INDArray[][] pairs = {
            {lockstep.in(), upward.gradients().in()},
            {lockstep.rec(), upward.gradients().rec()},
            {lockstep.bias(), upward.gradients().bias()}};
        final String[] names = {"W_in", "W_rec", "bias"};
        for (int i = 0; i < pairs.length; i++)
        {
            final INDArray expected = pairs[i][1];
            final double err = pairs[i][0].castTo(DataType.DOUBLE).sub(expected).norm2Number().doubleValue() /
                expected.norm2Number().doubleValue();
            assertTrue(expected.norm2Number().doubleValue() > 1e-3, names[i] + " is exercised");
            assertTrue(err < 1e-4, names[i] + ": relative error " + err);
        }
    }
}
