package org.brainsim.regions.rules;

import org.brainsim.regions.network.Broadcasts;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.settings.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.SpikingNetwork;

import org.brainsim.objectives.ReadoutLoss;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * REINFORCE / node perturbation for {@link RateNetwork} (reference §5.2): Gaussian noise ξ ~ N(0, σ²) on
 * every pre-activation, an eligibility per synapse {@code e[i, j] = Σ_t â_{t−1}[i] ξ_t[j] / σ²} (the score
 * of the Gaussian policy h̃ ~ N(h, σ²)), and the update {@code g = Σ_b (L_b − L̄_b) e_b}, an unbiased
 * estimate of the gradient of the expected loss. The baseline L̄_b is the same row's loss without noise:
 * independent of ξ, so still unbiased, with far less variance than a running average. The readout learns
 * by its exact, local delta rule.
 *
 * <p>With {@code objective = reward} ({@link #learnFromRewards}) the noise kicks the live state instead,
 * a_t = (1 − α) a_{t−1} + α (φ(h_t) + ξ_t), the task's reward R judges the trial as it ran, and the update is
 * g = −Σ_b (R_b − R̄) Σ_t â_{t−1}ᵀ (φ'(h_t) ⊙ ξ_t) / σ² (the score of the Gaussian kicks), with Miconi's running baseline
 * R̄; the readout gets no gradient (with {@code readout = units} it is units the rule trains).
 */
public final class NodePerturbationRule implements LearningRule
{
    public static final Param<Double> NOISE_STD = Param.number("noise_std", 0.05, 0, false, Double.POSITIVE_INFINITY,
        "σ of the Gaussian noise on every pre-activation (objective = reward: on the state, times dt/τ)");

    /** The registry entry. */
    public static final RuleType TYPE = RuleType.fromRewards(new RuleType.Of("node-perturbation",
        "REINFORCE / node perturbation: Gaussian noise, loss- or reward-modulated (rate networks)",
        List.of(NOISE_STD), Set.of(RateNetwork.class), Set.of(),
        (network, values, random) -> new NodePerturbationRule(values.get(NOISE_STD), random), (spec, trialSteps) ->
            4L * trialSteps * spec.batch() * spec.units() * 5)); // the noise and a second, noisy trajectory

    private final double sigma;
    private final NodeRandom random;
    private final List<INDArray> kicks = new ArrayList<>(); // the live trial's ξ, step by step (reward mode)
    private RewardBaseline baseline;                          // reward mode: R̄, shared

    @Override
    public boolean learnFromRewards(final RegionNetwork network)
    {
        final RateNetwork net = (RateNetwork)network;
        final int n = net.params().n();
        baseline = new RewardBaseline(RewardBaseline.Kind.SHARED);
        net.perturbLive(new RateNetwork.LiveNoise()
        {
            @Override
            public INDArray next(final int batch)
            {
                final INDArray xi = SpikingNetwork.gaussian(random, batch, n, sigma, net.dtype());
                kicks.add(xi);
                return xi;
            }

            @Override
            public void trialStarts()
            {
                kicks.clear();
            }
        });
        return true;
    }

    /**
     * Reward mode: the live state was kicked, a_t = (1 − α) a_{t−1} + α (φ(h_t) + ξ_t), ξ ~ N(0, σ²), so the score of
     * the trial's kicks is Σ_t â_{t−1}ᵀ (φ'(h_t) ⊙ ξ_t) / σ² per row, and g = −Σ_b (R_b − R̄) · score_b.
     */
    private Gradients fromRewards(final RateNetwork net, final RateTrajectory tr, final TrialLoss loss)
    {
        final RateParams p = net.params();
        final int steps = tr.steps();
        if (kicks.size() != steps)
        {
            throw new IllegalStateException("node-perturbation: " + kicks.size() + " kicks kept for a trial of " + steps +
                " steps");
        }
        final double[] advantages = baseline.advantages(tr, loss.readout().rowValues(tr.y()));
        final INDArray weight = Nd4j.create(advantages, new long[] {advantages.length, 1}, DataType.DOUBLE)
            .castTo(net.dtype()).muli(-1 / (sigma * sigma));
        final INDArray grad = Nd4j.zeros(net.dtype(), p.m(), p.n());
        for (int t = 0; t < steps; t++)
        {
            final INDArray post = tr.dPhi()[t].mul(kicks.get(t));
            grad.addi(Broadcasts.mulColumnVector(net.augmentedInput(tr, t), weight).transpose().mmul(post));
        }
        return Gradients.of(net.split(grad), new INDArray[] {Nd4j.zeros(net.dtype(), p.n(), p.nOut()),
            Nd4j.zeros(net.dtype(), 1, p.nOut())});
    }

    /** @param random draws the noise, row by row, step by step. */
    public NodePerturbationRule(final double sigma, final NodeRandom random)
    {
        this.sigma = sigma;
        this.random = random;
    }

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        if (baseline != null)
        {
            return fromRewards((RateNetwork)network, (RateTrajectory)trajectory, loss);
        }
        return gradients((RateNetwork)network, inputs, loss.readout(), sigma, random);
    }

    /**
     * @return the estimate for one trial (noise drawn from {@code random}, row by row, step by step).
     */
    public static Gradients gradients(
        final RateNetwork net, final INDArray[] x, final ReadoutLoss loss, final double sigma, final NodeRandom random)
    {
        final RateParams p = net.params();
        final var dtype = net.dtype();
        final int steps = x.length;
        final long batch = x[0].rows();
        final INDArray[] noise = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            noise[t] = SpikingNetwork.gaussian(random, (int)batch, p.n(), sigma, dtype);
        }
        final RateTrajectory noisy = net.forward(x, noise);
        final double[] noisyLoss = loss.rowValues(noisy.y());
        final double[] baseline = loss.rowValues(net.forward(x).y());
        final INDArray advantage = Nd4j.create(dtype, batch, 1);
        for (int b = 0; b < batch; b++)
        {
            advantage.putScalar(b, 0, (noisyLoss[b] - baseline[b]) / (sigma * sigma));
        }
        // g = Σ_t Σ_b adv_b â_{t−1}[b, i] ξ_t[b, j] = Σ_t (â_{t−1} ⊙ adv)ᵀ ξ_t
        final INDArray grad = Nd4j.zeros(dtype, p.m(), p.n());
        for (int t = 0; t < steps; t++)
        {
            grad.addi(Broadcasts.mulColumnVector(net.augmentedInput(noisy, t), advantage).transpose().mmul(noise[t]));
        }
        final INDArray[] readout = net.readoutGradients(noisy, loss);
        return Gradients.of(net.split(grad), readout);
    }
}
