package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.settings.Param;

import java.util.List;
import java.util.Set;

import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;

import org.brainsim.objectives.ReadoutLoss;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Miconi's (2017) reward-modulated Δx Hebbian rule (reference §5.1), on {@link RateNetwork}:
 * <pre>
 *   sparse perturbations: with probability p per unit and step, ξ ~ U(−A, A) on the pre-activation
 *   Δx_t = a_t − x̄_{t−1},   x̄_t = 0.05 x̄_{t−1} + 0.95 a_t          (fast running mean)
 *   e[i, j] += S(â_{t−1}[i] · Δx_t[j]),   S(y) = y³                  (accumulated over the trial)
 *   R = −L (per row),   g = −Σ_b (R_b − R̄) e_b,   R̄ ← 0.75 R̄ + 0.25 mean_b R_b  (after the update)
 * </pre>
 * Deviation, stated: Miconi's units leak on x with r = tanh(x); brainsim's rate units leak on the rate a,
 * so Δx is taken on a (the same role: the unit's fast deviation from its recent mean). The readout learns by
 * its exact, local delta rule, where Miconi reads out one clamped unit.
 */
public final class MiconiRule implements LearningRule
{
    public static final Param<Double> PROBABILITY = Param.number("perturbation_probability", 0.03, 0, false, 1,
        "probability per unit and step of a perturbation");
    public static final Param<Double> AMPLITUDE = Param.number("perturbation_amplitude", 0.5, 0, false,
        Double.POSITIVE_INFINITY, "perturbations are U(−A, A)");

    /** The registry entry. */
    public static final RuleType TYPE = new RuleType.Of("miconi",
        "Miconi's reward-modulated Hebbian rule with sparse perturbations (rate networks)", List.of(PROBABILITY,
        AMPLITUDE), Set.of(RateNetwork.class), Set.of(),
        (network, values, random) -> new MiconiRule(values.get(PROBABILITY), values.get(AMPLITUDE), random),
        (spec, trialSteps) ->
        {
            final long m = spec.units() + spec.inputWidth() + 1L;
            return 4L * spec.batch() * m * spec.units() * 2; // the eligibility and one step's product
        });

    private final double probability;
    private final double amplitude;
    private final NodeRandom random;

    /** The rule with its settings and noise stream. */
    public MiconiRule(final double probability, final double amplitude, final NodeRandom random)
    {
        this.probability = probability;
        this.amplitude = amplitude;
        this.random = random;
    }

    /** The rule's math alone (for tests): no noise stream of its own. */
    public MiconiRule()
    {
        this(0, 0, null);
    }

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        return gradients((RateNetwork)network, inputs, loss.readout(), probability, amplitude, random);
    }

    /** Largest per-synapse eligibility accepted, in bytes (its cubed term allows no factorisation). */
    public static final long MAX_ELIGIBILITY_BYTES = 256L << 20;

    private double rewardBaseline = Double.NaN;

    /** @return the running reward baseline R̄ (NaN before the first trial). */
    public double rewardBaseline()
    {
        return rewardBaseline;
    }

    /**
     * @return sparse perturbations per step (batch × n).
     */
    public static INDArray[] perturbations(
        final int steps, final long batch, final int n, final double probability, final double amplitude,
        final NodeRandom random, final org.nd4j.linalg.api.buffer.DataType dtype)
    {
        final INDArray[] xi = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            final double[] values = new double[(int)(batch * n)];
            for (int i = 0; i < values.length; i++)
            {
                if (random.nextDouble() < probability)
                {
                    values[i] = amplitude * (2 * random.nextDouble() - 1);
                }
            }
            xi[t] = Nd4j.create(values, new long[] {batch, n}, org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(dtype);
        }
        return xi;
    }

    /**
     * The trial's eligibility, batch × m × n, over θ = [W_rec; W_in; b].
     */
    public static INDArray eligibility(final RateNetwork net, final RateTrajectory tr)
    {
        final RateParams p = net.params();
        final long batch = tr.a()[0].rows();
        final long bytes = batch * p.m() * (long)p.n() * net.dtype().width();
        if (bytes > MAX_ELIGIBILITY_BYTES)
        {
            throw new IllegalArgumentException(String.format("Miconi's rule keeps a per-synapse eligibility: n=%d, " +
                "m=%d, batch=%d needs %.0f MiB (limit %.0f MiB); use a smaller network or batch", p.n(), p.m(), batch,
                bytes / 1048576.0, MAX_ELIGIBILITY_BYTES / 1048576.0));
        }
        INDArray mean = tr.aInitial().dup();
        final INDArray e = Nd4j.zeros(net.dtype(), batch, p.m(), p.n());
        for (int t = 0; t < tr.steps(); t++)
        {
            final INDArray dx = tr.a()[t].sub(mean);
            mean = mean.muli(0.05).addi(tr.a()[t].mul(0.95));
            final INDArray product = net.augmentedInput(tr, t).reshape(batch, p.m(), 1).mul(dx.reshape(batch, 1, p.n()));
            e.addi(Transforms.pow(product, 3, false));
        }
        return e;
    }

    /**
     * The rule's update for one trial, as a gradient on the loss; updates the reward baseline.
     */
    public Gradients gradients(
        final RateNetwork net, final INDArray[] x, final ReadoutLoss loss, final double probability, final double amplitude,
        final NodeRandom random)
    {
        final RateParams p = net.params();
        final long batch = x[0].rows();
        final RateTrajectory tr = net.forward(x, perturbations(x.length, batch, p.n(), probability, amplitude, random,
            net.dtype()));
        final double[] rowLoss = loss.rowValues(tr.y());
        double meanReward = 0;
        for (final double l : rowLoss)
        {
            meanReward -= l / rowLoss.length;
        }
        if (Double.isNaN(rewardBaseline))
        {
            rewardBaseline = meanReward;
        }
        final INDArray advantage = Nd4j.create(net.dtype(), batch, 1, 1);
        for (int b = 0; b < batch; b++)
        {
            advantage.putScalar(new long[] {b, 0, 0}, -(-rowLoss[b] - rewardBaseline));
        }
        final INDArray grad = eligibility(net, tr).muli(advantage).sum(0);
        rewardBaseline = 0.75 * rewardBaseline + 0.25 * meanReward;
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return Gradients.of(net.split(grad), readout);
    }
}
