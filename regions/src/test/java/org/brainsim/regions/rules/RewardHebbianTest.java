package org.brainsim.regions.rules;

import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.settings.ParamValues;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reward-modulated three-factor Hebbian rule: e ← λ e + â_{t−1} ⊗ Δx_t with λ = exp(−dt/τ_e), against a
 * direct sum Σ_t λ^{T−1−t} u_t ⊗ Δx_t written here from the trajectory; the update −Σ_b (R_b − R̄_b) e_b as the
 * registry makes the rule from a scenario's settings.
 */
class RewardHebbianTest
{
    private static final int BATCH = 2;
    private static final int STEPS = 12;
    private static final double DT_MS = 0.5; // not 1: a dt taken from the wrong place shows

    private final RateNetwork net = RateNetwork.random(new RateParams(2, 4, 1, 0.2, Activation.TANH, 0.0, DT_MS),
        DataType.DOUBLE, 1.3, NodeRandom.forNode(8, "hebbian"));

    private static INDArray[] inputs()
    {
        final NodeRandom random = NodeRandom.forNode(9, "x");
        final INDArray[] x = new INDArray[STEPS];
        for (int t = 0; t < STEPS; t++)
        {
            x[t] = Nd4j.create(new double[][] {{random.nextGaussian(), random.nextGaussian()},
                {random.nextGaussian(), random.nextGaussian()}});
        }
        return x;
    }

    /** Σ_t λ^{T−1−t} u_t ⊗ Δx_t per row, u_t = [a_{t−1}, x_t, 1], Δx_t = a_t − x̄_{t−1}, x̄_t = 0.05 x̄_{t−1} + 0.95 a_t. */
    private static double[][][] direct(final RateTrajectory tr, final INDArray[] x, final double lambda, final int n)
    {
        final int m = n + 2 + 1;
        final double[][][] e = new double[BATCH][m][n];
        for (int b = 0; b < BATCH; b++)
        {
            final double[] previous = new double[n];
            final double[] mean = new double[n]; // the initial state is 0
            for (int t = 0; t < STEPS; t++)
            {
                final double weight = Math.pow(lambda, STEPS - 1 - t);
                final double[] u = new double[m];
                System.arraycopy(previous, 0, u, 0, n);
                u[n] = x[t].getDouble(b, 0);
                u[n + 1] = x[t].getDouble(b, 1);
                u[m - 1] = 1;
                for (int j = 0; j < n; j++)
                {
                    final double a = tr.a()[t].getDouble(b, j);
                    final double dx = a - mean[j];
                    mean[j] = 0.05 * mean[j] + 0.95 * a;
                    for (int i = 0; i < m; i++)
                    {
                        e[b][i][j] += weight * u[i] * dx;
                    }
                    previous[j] = a;
                }
            }
        }
        return e;
    }

    @Test
    void theEligibilityIsThePlainHebbianTermFadingWithTheTraceTimeConstant()
    {
        final INDArray[] x = inputs();
        final RateTrajectory tr = net.forward(x);
        for (final double tau : new double[] {0.0, 4.0})
        {
            final double lambda = tau > 0 ? Math.exp(-DT_MS / tau) : 1.0;
            final double[][][] want = direct(tr, x, lambda, 4);
            final INDArray got = MiconiRule.eligibility(net, tr, false, lambda);
            for (int b = 0; b < BATCH; b++)
            {
                for (int i = 0; i < want[b].length; i++)
                {
                    assertArrayEquals(want[b][i], got.slice(b).getRow(i).toDoubleVector(), 1e-12,
                        "tau " + tau + ", row " + b + ", input " + i);
                }
            }
        }
        // the fading is no rounding: it moves the eligibility well beyond the tolerance above
        final INDArray faded = MiconiRule.eligibility(net, tr, false, Math.exp(-DT_MS / 4.0));
        final INDArray kept = MiconiRule.eligibility(net, tr, false, 1.0);
        assertTrue(faded.sub(kept).norm2Number().doubleValue() > 1e-3, "the decay changes the eligibility");
    }

    @Test
    void theRegistryMakesItFromAScenariosSettingsAndItLearnsFromTheRewardAlone()
    {
        final RuleType type = Rules.REGISTRY.find("reward-hebbian").orElseThrow();
        assertTrue(type.learnsFromRewards());
        assertTrue(type.appliesTo(org.brainsim.regions.network.RateModel.RATE));
        final ParamValues values = ParamValues.resolve(type.params(), Map.of("trace_tau_ms", 4.0));
        final LearningRule rule = type.create(net, values, NodeRandom.forNode(1, "kicks"));
        assertTrue(rule.learnFromRewards(net));
        final INDArray[] x = inputs();
        final RateTrajectory tr = net.forward(x);
        // the first trial sets the baseline to its mean R (no update); the second is scored against it
        rule.gradients(net, x, tr, TrialLoss.of(ReadoutLoss.rows(new double[] {0.4, 0.8})));
        final Gradients g = rule.gradients(net, x, tr, TrialLoss.of(ReadoutLoss.rows(new double[] {0.2, 1.0})));
        final double[] advantage = {-0.2 + 0.6, -1.0 + 0.6}; // R − R̄, R̄ = −0.6
        final double[][][] e = direct(tr, x, Math.exp(-DT_MS / 4.0), 4);
        final INDArray want = Nd4j.zeros(DataType.DOUBLE, e[0].length, 4);
        for (int b = 0; b < BATCH; b++)
        {
            want.subi(Nd4j.create(e[b]).mul(advantage[b]));
        }
        final INDArray[] split = net.split(want);
        assertArrayEquals(split[0].ravel().toDoubleVector(), g.in().ravel().toDoubleVector(), 1e-12, "W_in");
        assertArrayEquals(split[1].ravel().toDoubleVector(), g.rec().ravel().toDoubleVector(), 1e-12, "W_rec");
        assertArrayEquals(split[2].ravel().toDoubleVector(), g.bias().ravel().toDoubleVector(), 1e-12, "bias");
        assertEquals(0.0, g.out().norm2Number().doubleValue(), 0.0, "the readout is not the rule's");
    }

    @Test
    void underALossTheReplayUsesThePlainFadingEligibilityToo()
    {
        // No kicks (probability 0): the replay is the plain trajectory, R = −loss per row, the first trial sets R̄.
        final MiconiRule rule = new MiconiRule(0, 0, NodeRandom.forNode(2, "kicks")).plain(4.0);
        final INDArray[] x = inputs();
        final ReadoutLoss first = ReadoutLoss.rows(new double[] {0.4, 0.8});
        rule.gradients(net, x, first, 0, 0, NodeRandom.forNode(2, "kicks"));
        final Gradients g = rule.gradients(net, x, ReadoutLoss.rows(new double[] {0.2, 1.0}), 0, 0,
            NodeRandom.forNode(2, "kicks"));
        final RateTrajectory tr = net.forward(x);
        final double[][][] e = direct(tr, x, Math.exp(-DT_MS / 4.0), 4);
        final INDArray want = Nd4j.zeros(DataType.DOUBLE, e[0].length, 4);
        final double[] advantage = {-0.2 + 0.6, -1.0 + 0.6};
        for (int b = 0; b < BATCH; b++)
        {
            want.subi(Nd4j.create(e[b]).mul(advantage[b]));
        }
        assertArrayEquals(net.split(want)[1].ravel().toDoubleVector(), g.rec().ravel().toDoubleVector(), 1e-12, "W_rec");
    }
}
