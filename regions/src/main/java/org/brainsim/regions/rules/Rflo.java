package org.brainsim.regions.rules;

import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;

import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.Workspaces;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random-feedback local online learning (Murray 2019; reference §2.2, §3.1) for {@link RateNetwork}:
 * the influence is approximated by a local trace per synapse,
 * <pre>
 *   p_t[i, j] = (1 − α) p_{t−1}[i, j] + α φ'(h_t[j]) â_{t−1}[i],     grad[i, j] = Σ_t c̄_t[j] p_t[i, j]
 * </pre>
 * with c̄_t = err_t B, B the feedback (nOut × n): fixed random in RFLO proper, W_outᵀ for the symmetric
 * variant. This is also e-prop for a leaky rate network (the eligibility without the self-connection term).
 */
public final class Rflo
{
    private Rflo()
    {
    }

    /**
     * The same gradient computed backwards: {@code Σ_t c̄_t[j] p_t[i, j] = Σ_s â_{s−1}[i] α φ'(h_s[j]) λ_s[j]} with
     * {@code λ_s = c̄_s + (1 − α) λ_{s+1}}: O(batch · n) per step plus one product, instead of a trace per
     * synapse. Equal to {@link #gradients} (tested to 1e-10); for updates once per trial. A network on the {@code cpu}
     * backend runs it as fused loops ({@link RateCpuBackward}).
     *
     * @param feedback B, nOut × n.
     */
    public static Gradients adjointGradients(
        final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final INDArray feedback)
    {
        if (net.backend() == Backend.CPU)
        {
            return RateCpuBackward.adjoint(net, tr, loss, feedback);
        }
        final RateParams p = net.params();
        final var dtype = net.dtype();
        final long batch = tr.a()[0].rows();
        final INDArray lambda = Nd4j.zeros(dtype, batch, p.n());
        final INDArray grad = Nd4j.zeros(dtype, p.m(), p.n());
        for (int t = tr.steps() - 1; t >= 0; t--)
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-rflo"))
            {
                lambda.muli(1 - p.alpha()).addi(RateNetwork.credit(loss.error(tr.y()[t], t), feedback));
                final INDArray local = lambda.mul(tr.dPhi()[t]).muli(p.alpha());
                Nd4j.gemm(net.augmentedInput(tr, t), local, grad, true, false, 1.0, 1.0);
            }
        }
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return Gradients.of(net.split(grad), readout);
    }

    /**
     * The gradient from forward traces per synapse (the definition).
     *
     * @param feedback B, nOut × n.
     */
    public static Gradients gradients(
        final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final INDArray feedback)
    {
        final RateParams p = net.params();
        final var dtype = net.dtype();
        final long batch = tr.a()[0].rows();
        final int n = p.n();
        final int m = p.m();
        INDArray trace = Nd4j.zeros(dtype, batch, m, n);
        final INDArray grad = Nd4j.zeros(dtype, m, n);
        for (int t = 0; t < tr.steps(); t++)
        {
            final INDArray aHat = net.augmentedInput(tr, t).reshape(batch, m, 1);
            final INDArray gain = tr.dPhi()[t].mul(p.alpha()).reshape(batch, 1, n);
            trace = trace.muli(1 - p.alpha()).addi(aHat.mul(gain));
            final INDArray credit = RateNetwork.credit(loss.error(tr.y()[t], t), feedback).reshape(batch, 1, n);
            grad.addi(trace.mul(credit).sum(0));
        }
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return Gradients.of(net.split(grad), readout);
    }
}
