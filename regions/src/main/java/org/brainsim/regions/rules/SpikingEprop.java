package org.brainsim.regions.rules;

import org.brainsim.regions.network.Broadcasts;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;

import org.brainsim.objectives.ActivityLoss;
import org.brainsim.objectives.ReadoutLoss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * e-prop for {@link SpikingNetwork} (reference §1.4–§1.6), with forward eligibility traces:
 * <pre>
 *   ε^v_t = α ε^v_{t−1} + ζ pre_t                                      (pre = z_{t−1} or x_t; per presynaptic unit)
 *   ε^a_t = ψ_{t−1} ε^v_{t−1} + (ρ − β ψ_{t−1}) ε^a_{t−1}              (per synapse; ALIF only)
 *   e_t   = ψ_t (ε^v_t − β ε^a_t),     ē_t = κ ē_{t−1} + ζ_out e_t
 *   L_t   = err_t B,                   g = Σ_t Σ_b (L_t ē_t + r e_t)
 *   g_out = Σ_t z̄_tᵀ err_t, z̄_t = κ z̄_{t−1} + ζ_out z_t  (exact),  g_bout = Σ_t b̄_t err_t, b̄_t = κ b̄_{t−1} + 1
 * </pre>
 * B is the feedback matrix (nOut × n): W_outᵀ for symmetric e-prop, fixed random for random e-prop,
 * learned for adaptive e-prop (see {@link Feedback}). The reset and recurrent paths are not in the traces;
 * the z → a path is.
 *
 * <p>LIF units (β = 0) take the short path {@code e = ψ ε^v}; ALIF units with β = 0 give bit-identical
 * traces (reference §1.10 test 4).
 */
public final class SpikingEprop
{
    private SpikingEprop()
    {
    }

    /**
     * Eligibility traces of one synapse group, stepped forward.
     */
    public static final class Traces
    {
        private final INDArray betaRow;
        private final boolean adaptive;
        private final double alpha;
        private final double rho;
        private final double zeta;
        private INDArray epsV;      // batch × pre
        private INDArray epsA;      // batch × pre × post (ALIF only)
        private INDArray psiPrev;   // batch × post

        /**
         * @param batch  rows.
         * @param pre    presynaptic units.
         * @param post   postsynaptic units.
         * @param net    the network (for α, ρ, ζ and β).
         */
        public Traces(final long batch, final int pre, final int post, final SpikingNetwork net)
        {
            final SpikingParams p = net.params();
            this.betaRow = net.betaRow();
            this.adaptive = p.nAlif() > 0;
            this.alpha = p.alpha();
            this.rho = p.rho();
            this.zeta = p.zeta();
            this.epsV = Nd4j.zeros(net.dtype(), batch, pre);
            this.epsA = adaptive ? Nd4j.zeros(net.dtype(), batch, pre, post) : null;
            this.psiPrev = Nd4j.zeros(net.dtype(), batch, post);
        }

        /**
         * Advances the traces by one step.
         *
         * @param pre presynaptic drive at this step (z_{t−1} or x_t), batch × pre.
         * @param psi ψ_t of the postsynaptic units, batch × post.
         * @return e_t, batch × pre × post.
         */
        public INDArray step(final INDArray pre, final INDArray psi)
        {
            final long batch = pre.rows();
            final INDArray epsVPrev = epsV;
            if (adaptive)
            {
                // ε^a_t = ψ_{t−1} ε^v_{t−1} + (ρ − β ψ_{t−1}) ε^a_{t−1}
                final INDArray psiPrev3 = psiPrev.reshape(batch, 1, psiPrev.columns());
                final INDArray decay = Broadcasts.mulRowVector(psiPrev, betaRow).rsubi(rho).reshape(batch, 1, psiPrev.columns());
                epsA = epsA.mul(decay).addi(epsVPrev.reshape(batch, epsVPrev.columns(), 1).mul(psiPrev3));
            }
            epsV = epsVPrev.mul(alpha).addi(pre.mul(zeta));
            psiPrev = psi;
            final INDArray psi3 = psi.reshape(batch, 1, psi.columns());
            final INDArray epsV3 = epsV.reshape(batch, epsV.columns(), 1);
            if (!adaptive)
            {
                return epsV3.mul(psi3);
            }
            final INDArray beta3 = betaRow.reshape(1, 1, betaRow.columns());
            return epsV3.sub(epsA.mul(beta3)).muli(psi3);
        }
    }

    /**
     * The e-prop gradients of one trial, computed backwards: for updates once per trial, Σ_t L_t ē_t equals
     * BPTT on the model with z detached from the recurrent input and the reset and with δy carried to the
     * units by B instead of W_outᵀ (reference §1.10 test 2). Same result as {@link #gradients} (tested to
     * 1e-10), in O(batch · n) per step plus one product, instead of O(batch · n²) trace updates per step.
     *
     * @param feedback B, nOut × n.
     */
    public static Gradients adjointGradients(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final INDArray feedback,
        final ActivityLoss regularizer)
    {
        return SpikingBptt.gradients(net, tr, loss,
            new SpikingBptt.Options(Integer.MAX_VALUE, true, true, regularizer, feedback)).gradients();
    }

    /**
     * The e-prop gradients of one trial from forward eligibility traces (the definition; the reference for
     * {@link #adjointGradients} and the basis of {@link OnlineEprop}).
     *
     * @param feedback B, nOut × n.
     */
    public static Gradients gradients(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final INDArray feedback,
        final ActivityLoss regularizer)
    {
        final SpikingParams p = net.params();
        final var dtype = net.dtype();
        final int steps = tr.steps();
        final long batch = tr.z()[0].rows();
        final int n = p.n();
        final double kappa = p.kappa();
        final INDArray reg = regularizer == null ? null : regularizer.derivative(tr.z(), p.dtMs());
        final Traces recTraces = new Traces(batch, n, n, net);
        final Traces inTraces = new Traces(batch, p.nIn(), n, net);
        INDArray recFiltered = Nd4j.zeros(dtype, batch, n, n);
        INDArray inFiltered = Nd4j.zeros(dtype, batch, p.nIn(), n);
        INDArray zFiltered = Nd4j.zeros(dtype, batch, n);
        final INDArray dIn = Nd4j.zeros(dtype, p.nIn(), n);
        final INDArray dRec = Nd4j.zeros(dtype, n, n);
        final INDArray dOut = Nd4j.zeros(dtype, n, p.nOut());
        final INDArray dOutBias = Nd4j.zeros(dtype, 1, p.nOut());
        INDArray zPrev = Nd4j.zeros(dtype, batch, n);
        double biasFiltered = 0; // the bias enters the leaky readout every step
        for (int t = 0; t < steps; t++)
        {
            biasFiltered = kappa * biasFiltered + 1;
            final INDArray eRec = recTraces.step(zPrev, tr.psi()[t]);
            final INDArray eIn = inTraces.step(tr.x()[t].castTo(dtype), tr.psi()[t]);
            recFiltered = recFiltered.muli(kappa).addi(eRec.mul(p.zetaOut()));
            inFiltered = inFiltered.muli(kappa).addi(eIn.mul(p.zetaOut()));
            zFiltered = zFiltered.muli(kappa).addi(tr.z()[t].mul(p.zetaOut()));
            final INDArray err = loss.error(tr.y()[t], t);
            final INDArray signal3 = err.mmul(feedback).reshape(batch, 1, n);
            dRec.addi(recFiltered.mul(signal3).sum(0));
            dIn.addi(inFiltered.mul(signal3).sum(0));
            if (reg != null)
            {
                final INDArray reg3 = reg.reshape(1, 1, n);
                dRec.addi(eRec.mul(reg3).sum(0));
                dIn.addi(eIn.mul(reg3).sum(0));
            }
            dOut.addi(zFiltered.transpose().mmul(err));
            dOutBias.addi(err.sum(true, 0).muli(biasFiltered));
            zPrev = tr.z()[t];
        }
        dRec.muli(net.recMask());
        return new Gradients(dIn, dRec, null, dOut, dOutBias);
    }
}
