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
 * Backpropagation through time for {@link RateNetwork}, full or truncated (non-overlapping windows of K
 * steps; K ≥ T is full BPTT):
 * <pre>
 *   δa_t = err_t W_outᵀ + δh_{t+1} W_recᵀ + (1 − α) δa_{t+1},     δh_t = α φ'(h_t) δa_t
 *   dW_rec = Σ_t a_{t−1}ᵀ δh_t,  dW_in = Σ_t x_tᵀ δh_t,  db = Σ_t δh_t,  dW_out = Σ_t a_tᵀ err_t
 * </pre>
 * A network on the {@code cpu} backend runs the same recursion as fused loops ({@link RateCpuBackward}).
 */
public final class RateBptt
{
    private RateBptt()
    {
    }

    /**
     * @param windowSteps truncation window K ≥ 1 ({@code Integer.MAX_VALUE}: full BPTT).
     */
    public static Gradients gradients(
        final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final int windowSteps)
    {
        if (windowSteps < 1)
        {
            throw new IllegalArgumentException("windowSteps: " + windowSteps + " (expected: >= 1)");
        }
        if (net.backend() == Backend.CPU)
        {
            return RateCpuBackward.bptt(net, tr, loss, windowSteps);
        }
        final RateParams p = net.params();
        final var dtype = net.dtype();
        final long batch = tr.a()[0].rows();
        final INDArray wRecT = net.wRec().transpose();
        final INDArray wOutT = net.wOut().transpose();
        final INDArray dIn = Nd4j.zeros(dtype, p.nIn(), p.n());
        final INDArray dRec = Nd4j.zeros(dtype, p.n(), p.n());
        final INDArray dBias = Nd4j.zeros(dtype, 1, p.n());
        final INDArray daNext = Nd4j.zeros(dtype, batch, p.n());
        final INDArray dhNext = Nd4j.zeros(dtype, batch, p.n());
        for (int t = tr.steps() - 1; t >= 0; t--)
        {
            if ((t + 1) % windowSteps == 0)
            {
                daNext.assign(0);
                dhNext.assign(0);
            }
            try (MemoryWorkspace ws = Workspaces.step("brainsim-rate-bptt"))
            {
                final INDArray da = loss.error(tr.y()[t], t).mmul(wOutT).addi(dhNext.mmul(wRecT))
                    .addi(daNext.mul(1 - p.alpha()));
                final INDArray dh = da.mul(tr.dPhi()[t]).muli(p.alpha());
                Nd4j.gemm(tr.aPrev(t), dh, dRec, true, false, 1.0, 1.0);
                Nd4j.gemm(tr.x()[t].castTo(dtype), dh, dIn, true, false, 1.0, 1.0);
                dBias.addi(dh.sum(true, 0));
                daNext.assign(da);
                dhNext.assign(dh);
            }
        }
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return new Gradients(dIn, net.maskRecurrent(dRec), dBias, readout[0], readout[1]);
    }

    /**
     * The exact gradient across regions (issue 12): with {@code activityErrors} the sum over the region's
     * consumers of their {@link Backward#inputErrors} (shifted by each link's delay), every region's gradient is the
     * gradient of the whole acyclic graph's loss, as BPTT on the concatenated network gives it.
     * <pre>
     *   δa_t = err_t W_outᵀ + ext_t + δh_{t+1} W_recᵀ + (1 − α) δa_{t+1},   δh_t = α φ'(h_t) δa_t,   δx_t = δh_t W_inᵀ
     * </pre>
     * This pass is the ND4J route's, whatever the network's backend (a {@code cpu} network's trajectory holds the
     * same arrays).
     *
     * @param net            the region's network (float or double).
     * @param activityErrors per step, ∂L/∂a_t that reaches this region's activity from downstream regions
     *                       (batch × n; {@code null}, or a {@code null} step: none).
     */
    public static Backward backward(
        final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final INDArray[] activityErrors)
    {
        final RateParams p = net.params();
        final var dtype = net.dtype();
        final long batch = tr.a()[0].rows();
        final INDArray wRecT = net.wRec().transpose();
        final INDArray wOutT = net.wOut().transpose();
        final INDArray wInT = net.wIn().transpose();
        final INDArray dIn = Nd4j.zeros(dtype, p.nIn(), p.n());
        final INDArray dRec = Nd4j.zeros(dtype, p.n(), p.n());
        final INDArray dBias = Nd4j.zeros(dtype, 1, p.n());
        final INDArray daNext = Nd4j.zeros(dtype, batch, p.n());
        final INDArray dhNext = Nd4j.zeros(dtype, batch, p.n());
        final INDArray[] inputErrors = new INDArray[tr.steps()];
        for (int t = tr.steps() - 1; t >= 0; t--)
        {
            final INDArray da = loss.error(tr.y()[t], t).mmul(wOutT).addi(dhNext.mmul(wRecT))
                .addi(daNext.mul(1 - p.alpha()));
            if (activityErrors != null && activityErrors[t] != null)
            {
                da.addi(activityErrors[t].castTo(dtype));
            }
            final INDArray dh = da.mul(tr.dPhi()[t]).muli(p.alpha());
            Nd4j.gemm(tr.aPrev(t), dh, dRec, true, false, 1.0, 1.0);
            Nd4j.gemm(tr.x()[t].castTo(dtype), dh, dIn, true, false, 1.0, 1.0);
            dBias.addi(dh.sum(true, 0));
            inputErrors[t] = dh.mmul(wInT);
            daNext.assign(da);
            dhNext.assign(dh);
        }
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return new Backward(new Gradients(dIn, net.maskRecurrent(dRec), dBias, readout[0], readout[1]), inputErrors);
    }
}
