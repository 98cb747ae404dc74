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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact cross-region BPTT in the lockstep: an upstream region U feeds a downstream region D, which a task-like
 * source supervises in trials aligned with U's or shifted against them. D is frozen and sends, after each trial, the
 * gradient of its loss with respect to U's activity back over a gradient link in chunks; U back-propagates it through
 * the trial it kept. The gradient U computes for a trial must equal the one computed offline, in double precision,
 * from the same weights and inputs (float32 tolerance), whatever the link delays and the shift.
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

    /**
     * D's supervision, as a task sends it: [y*, w, flags] per row; D's trials start where it takes U's activity of U's
     * step {@code shift} + kT (shift 0: D's trials see U's trials whole).
     */
    private static final class Teacher implements NodeKernel
    {
        private final int targetDelay;
        private final int forwardDelay;
        private final int shift;
        private final float[] row = new float[BATCH * TaskSignal.targetWidth(OUT)];

        Teacher(final int targetDelay, final int forwardDelay, final int shift)
        {
            this.targetDelay = targetDelay;
            this.forwardDelay = forwardDelay;
            this.shift = shift;
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
            final long at = step + targetDelay;        // D's step this row reaches
            final long u = at - forwardDelay - shift;  // U's step whose activity D takes then, less the shift
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

    /**
     * U's second trial gets its gradients from D's first trial (when D's trials are shifted, its last steps took U's
     * second trial, which was running when they arrived) and from D's second. U learns at a rate too small to change a
     * float, so that the offline pass can run every trial at U's initial weights.
     */
    @ParameterizedTest(name = "forward delay {0}, gradient delay {1}, D's trials shifted by {2}")
    @CsvSource({"1, 1, 0", "2, 3, 0", "3, 1, 0", "2, 3, 2", "1, 2, 5"})
    void upstreamGetsTheExactGradientOfEachTrial(final int forwardDelay, final int gradientDelay, final int shift)
        throws Exception
    {
        final ParamValues rate = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 3.0));
        final RateNetwork u = (RateNetwork)RateModel.RATE.build(new NetworkSpec(NU, 1, BATCH, 1.0,
            List.of(new NetworkSpec.Input("in", NX, LinkWeights.normal(1.0)))), rate, NodeRandom.forNode(1, "u"));
        final RateNetwork d = (RateNetwork)RateModel.RATE.build(new NetworkSpec(ND, OUT, BATCH, 1.0,
            List.of(new NetworkSpec.Input("up", NU, LinkWeights.normal(2.0)))), rate, NodeRandom.forNode(2, "d"));
        u.bias().assign(0.2);
        final Learner ul = Learner.of(u, BpttRule.TYPE, BpttRule.TYPE.defaults(), new Sgd(1e-30), GradientPenalties.NONE,
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
            null, StepObserver.NONE, TrialObserver.NONE, new GradientSender(BATCH, 0, 0, NU, forwardDelay, chunk)));
        final INDArray[] weightsBefore = {u.wIn().dup(), u.wRec().dup(), u.bias().dup()};
        // U's trial k is complete once the last chunk of D's trial k arrives (D's trial k ends at D's step
        // forwardDelay + shift + (k + 1) T − 1); stop when trial 1's gradients wait for U's next trial start
        final int steps = 3 * T;
        final int travel = (T + chunk - 1) / chunk - 1 + gradientDelay;
        assertTrue(forwardDelay + shift + T - 1 + travel < 2 * T, "the test's timing: trial 0 lands at step 2T");
        assertTrue(forwardDelay + shift + 2 * T - 1 + travel < steps, "the test's timing: trial 1 completes in the run");
        final int targetDelay = 1; // at most the forward delay, so that D sees the start of U's first trial
        LocalGraph.builder()
            .node("source", new KnownSource(BATCH, NX, ExactGradientLinkTest::input), StepObserver.NONE, "Input")
            .node("teacher", new Teacher(targetDelay, forwardDelay, shift), StepObserver.NONE, "Task")
            .node("u", up, StepObserver.NONE, "Region")
            .node("d", down, StepObserver.NONE, "Region")
            .link("source", "u", INPUT_DELAY)
            .link("u", "d", forwardDelay)
            .link("teacher", "d", targetDelay, LinkKind.TARGET)
            .link("d", "u", gradientDelay, LinkKind.GRADIENT)
            .build()
            .run(new GraphSettings(steps));

        final GradientReceiver receiver = up.gradientReceiver();
        assertEquals(2, receiver.completed(), "U trials back-propagated");
        assertEquals(1, receiver.pending().size(), "trial 1's gradients wait for U's next trial");
        final Gradients lockstep = receiver.pending().get(0);
        assertEquals(0.0, u.wIn().sub(weightsBefore[0]).norm2Number().doubleValue(), 0.0, "U's weights did not move");

        // offline, in double: U's trials 0–2 at its initial weights, D's trials 0 and 1 on what they took
        final RateNetwork ud = new RateNetwork(u.params(), DataType.DOUBLE, weightsBefore[0].castTo(DataType.DOUBLE),
            weightsBefore[1].castTo(DataType.DOUBLE), weightsBefore[2].castTo(DataType.DOUBLE),
            u.wOut().castTo(DataType.DOUBLE), u.bOut().castTo(DataType.DOUBLE));
        final RateNetwork dd = new RateNetwork(d.params(), DataType.DOUBLE, d.wIn().castTo(DataType.DOUBLE),
            d.wRec().castTo(DataType.DOUBLE), d.bias().castTo(DataType.DOUBLE), d.wOut().castTo(DataType.DOUBLE),
            d.bOut().castTo(DataType.DOUBLE));
        final INDArray[] activity = new INDArray[steps];
        final RateTrajectory[] uTrials = new RateTrajectory[3];
        for (int k = 0; k < 3; k++)
        {
            final INDArray[] x = new INDArray[T];
            for (int t = 0; t < T; t++)
            {
                final long step = (long)k * T + t;
                x[t] = Nd4j.zeros(DataType.DOUBLE, BATCH, NX);
                for (int i = 0; i < BATCH * NX; i++)
                {
                    x[t].putScalar(i / NX, i % NX, step >= INPUT_DELAY ? input(step - INPUT_DELAY, i) : 0f);
                }
            }
            uTrials[k] = ud.forward(x);
            System.arraycopy(uTrials[k].a(), 0, activity, k * T, T);
        }
        final INDArray[] toU = new INDArray[steps]; // ∂L/∂(U's activity at each step), over D's trials 0 and 1
        final double[] every = new double[T];
        java.util.Arrays.fill(every, 1);
        for (int k = 0; k < 2; k++)
        {
            final int first = k * T + shift; // U's step that D's trial k takes first
            final INDArray[] xd = new INDArray[T];
            final INDArray[] targets = new INDArray[T];
            for (int s = 0; s < T; s++)
            {
                xd[s] = activity[first + s];
                targets[s] = Nd4j.zeros(DataType.DOUBLE, BATCH, OUT);
                for (int i = 0; i < BATCH * OUT; i++)
                {
                    targets[s].putScalar(i / OUT, i % OUT, target(first + s + forwardDelay, i));
                }
            }
            final Backward downward = RateBptt.backward(dd, dd.forward(xd), new Loss(LossKind.MSE, targets, every),
                null);
            for (int s = 0; s < T; s++)
            {
                final int g = first + s;
                toU[g] = toU[g] == null ? downward.inputErrors()[s] : toU[g].add(downward.inputErrors()[s]);
            }
        }
        final INDArray[] trial1 = java.util.Arrays.copyOfRange(toU, T, 2 * T);
        final Backward upward = RateBptt.backward(ud, uTrials[1], org.brainsim.objectives.ReadoutLoss.NONE, trial1);
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
