package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;

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
public final class MiconiRule
{
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
        final RateNetwork net, final INDArray[] x, final Loss loss, final double probability, final double amplitude,
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
        return net.split(grad, readout[0], readout[1]);
    }
}
