package org.brainsim.regions.rules;

import org.brainsim.regions.network.Broadcasts;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RateTrajectory;

import org.brainsim.objectives.ReadoutLoss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact real-time recurrent learning for {@link RateNetwork} (reference §2.1): the influence tensor
 * {@code M_t[k, (i, j)] = ∂a_t[k]/∂θ[i, j]} over θ = [W_rec; W_in; b] (m × n) is carried forward,
 * <pre>
 *   M_t = J_t M_{t−1} + M̄_t,   J_t[k, l] = (1 − α) δ_kl + α φ'(h_t[k]) W_rec[l, k],
 *   M̄_t[k, (i, j)] = α φ'(h_t[k]) δ_kj â_{t−1}[i],   â_{t−1} = [a_{t−1}, x_t, 1]
 * </pre>
 * and the gradient accumulates {@code c̄_t · M_t}, c̄_t = err_t W_outᵀ. Memory is batch · n · m · n values and
 * time per step O(batch · n² · m · n): the method refuses sizes whose influence tensor exceeds its limit.
 */
public final class Rtrl
{
    /** Default largest influence tensor, in bytes (1 GiB). */
    public static final long DEFAULT_MAX_INFLUENCE_BYTES = 1L << 30;

    private Rtrl()
    {
    }

    /**
     * @return bytes the influence tensor of a network and batch needs.
     */
    public static long influenceBytes(final RateParams p, final long batch, final int bytesPerValue)
    {
        return batch * p.n() * (long)p.m() * p.n() * bytesPerValue;
    }

    /**
     * @throws IllegalArgumentException when the influence tensor would exceed {@code maxInfluenceBytes}.
     */
    public static Gradients gradients(
        final RateNetwork net, final RateTrajectory tr, final ReadoutLoss loss, final long maxInfluenceBytes)
    {
        final RateParams p = net.params();
        final var dtype = net.dtype();
        final long batch = tr.a()[0].rows();
        final long bytes = influenceBytes(p, batch, dtype.width());
        if (bytes > maxInfluenceBytes)
        {
            throw new IllegalArgumentException(String.format(
                "RTRL influence tensor for n=%d, m=%d, batch=%d needs %.1f MiB (limit %.1f MiB): use a smaller " +
                    "network or batch, or BPTT/e-prop/RFLO, whose memory does not grow as n³",
                p.n(), p.m(), batch, bytes / 1048576.0, maxInfluenceBytes / 1048576.0));
        }
        final int n = p.n();
        final int m = p.m();
        final INDArray wRecT = net.wRec().transpose();
        final INDArray wOutT = net.wOut().transpose();
        final INDArray eye = Nd4j.eye(n).castTo(dtype).reshape(n, 1, n);
        final INDArray[] influence = new INDArray[(int)batch];
        for (int b = 0; b < batch; b++)
        {
            influence[b] = Nd4j.zeros(dtype, n, (long)m * n);
        }
        final INDArray grad = Nd4j.zeros(dtype, 1, (long)m * n);
        for (int t = 0; t < tr.steps(); t++)
        {
            final INDArray aHat = net.augmentedInput(tr, t);
            final INDArray credit = loss.error(tr.y()[t], t).mmul(wOutT);
            for (int b = 0; b < batch; b++)
            {
                final INDArray gain = tr.dPhi()[t].getRow(b).reshape(n, 1).mul(p.alpha());  // α φ'(h_t[k]) as a column
                final INDArray m0 = influence[b];
                // J M = (1 − α) M + diag(α φ') (W_recᵀ M)
                final INDArray next = m0.mul(1 - p.alpha()).addi(Broadcasts.muliColumnVector(wRecT.mmul(m0), gain));
                // + M̄: entry [k, i, j] = δ_kj α φ'_k â_i
                final INDArray immediate = eye.mul(gain.reshape(1, 1, n).castTo(dtype))
                    .mul(aHat.getRow(b).reshape(1, m, 1)).reshape(n, (long)m * n);
                influence[b] = next.addi(immediate);
                grad.addi(credit.getRow(b).reshape(1, n).mmul(influence[b]));
            }
        }
        final INDArray[] readout = net.readoutGradients(tr, loss);
        return Gradients.of(net.split(grad.reshape(m, n)), readout);
    }
}
