package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * REINFORCE / node perturbation for {@link RateNetwork} (reference §5.2): Gaussian noise ξ ~ N(0, σ²) on
 * every pre-activation, an eligibility per synapse {@code e[i, j] = Σ_t â_{t−1}[i] ξ_t[j] / σ²} (the score
 * of the Gaussian policy h̃ ~ N(h, σ²)), and the update {@code g = Σ_b (L_b − L̄_b) e_b}, an unbiased
 * estimate of the gradient of the expected loss. The baseline L̄_b is the same row's loss without noise:
 * independent of ξ, so still unbiased, with far less variance than a running average. The readout learns
 * by its exact, local delta rule.
 */
public final class NodePerturbation
{
    private NodePerturbation()
    {
    }

    /**
     * @return the estimate for one trial (noise drawn from {@code random}, row by row, step by step).
     */
    public static Gradients gradients(
        final RateNetwork net, final INDArray[] x, final Loss loss, final double sigma, final NodeRandom random)
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
            grad.addi(net.augmentedInput(noisy, t).mulColumnVector(advantage).transpose().mmul(noise[t]));
        }
        final INDArray[] readout = net.readoutGradients(noisy, loss);
        return net.split(grad, readout[0], readout[1]);
    }
}
