package org.brainsim.regions.rules;

import org.brainsim.regions.network.Broadcasts;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;

import org.brainsim.objectives.ActivityLoss;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.Workspaces;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backpropagation through time for {@link SpikingNetwork}, with the pseudo-derivative ψ in place of
 * the Heaviside's derivative (surrogate gradient) and no gradient through the refractory counter.
 *
 * <pre>
 *   δy_t = err_t + κ δy_{t+1}
 *   L_t  = ζ_out δy_t W_outᵀ + r + ζ δv_{t+1} W_recᵀ − v_th δv_{t+1}     (total dE/dz_t less the own-adaptation path)
 *   δz_t = L_t + δa_{t+1}
 *   δv_t = ψ_t δz_t + α δv_{t+1},      δa_t = −β ψ_t δz_t + ρ δa_{t+1}
 *   dW_rec = ζ Σ_t z_{t−1}ᵀ δv_t,   dW_in = ζ Σ_t x_tᵀ δv_t,   dW_out = ζ_out Σ_t z_tᵀ δy_t,   db_out = Σ_t δy_t
 * </pre>
 * {@code L_t} is the learning signal of e-prop's exact factorisation (reference §1.1, §1.10 test 1):
 * with the EligALIF eligibility, which holds the z → a path itself, {@code Σ_t L_t e_t} equals dE/dW_rec.
 *
 * <p>A network on the {@code cpu} backend runs the same pass as fused loops ({@link SpikingCpuBackward}).
 *
 * <p>Options: a truncation window K (adjoints do not cross window boundaries; K ≥ T is full BPTT), and
 * detaching z where it enters the recurrent input or the reset (reference §1.10 tests 2 and 3).
 */
public final class SpikingBptt
{
    /**
     * @param windowSteps     truncation window K; {@code Integer.MAX_VALUE} = full BPTT.
     * @param detachRecurrent no gradient through z_{t−1} W_rec.
     * @param detachReset     no gradient through −v_th z_{t−1}.
     * @param activity        the trial's activity loss (firing-rate regularisation), or {@code null}.
     * @param feedback        the matrix that carries δy back to the units (nOut × n); {@code null} = W_outᵀ
     *                        (exact). With both detaches and a feedback B this is e-prop with feedback B.
     */
    public record Options(
        int windowSteps, boolean detachRecurrent, boolean detachReset, ActivityLoss activity, INDArray feedback)
    {
        /** Full BPTT, nothing detached, no regularisation. */
        public static final Options FULL = new Options(Integer.MAX_VALUE, false, false, null, null);

        public Options(
            final int windowSteps, final boolean detachRecurrent, final boolean detachReset,
            final ActivityLoss activity)
        {
            this(windowSteps, detachRecurrent, detachReset, activity, null);
        }

        public Options
        {
            if (windowSteps < 1)
            {
                throw new IllegalArgumentException("windowSteps: " + windowSteps + " (expected: >= 1)");
            }
        }
    }

    /**
     * @param gradients      the weight gradients.
     * @param learningSignal L_t per step (batch × n), as defined above; {@code null} unless asked for.
     */
    public record Result(Gradients gradients, INDArray[] learningSignal)
    {
    }

    private SpikingBptt()
    {
    }

    /**
     * @return the gradients; {@link Result#learningSignal()} is {@code null} (see {@link #withLearningSignal}).
     */
    public static Result gradients(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final Options options)
    {
        return run(net, tr, loss, options, false);
    }

    /**
     * @return the gradients and the learning signal L_t of every step (copied out: this allocates per step).
     */
    public static Result withLearningSignal(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final Options options)
    {
        return run(net, tr, loss, options, true);
    }

    /**
     * Full BPTT of a spiking region of an acyclic graph of regions (issue 12): with {@code activityErrors} the
     * gradient that reaches its spikes z_t from downstream regions, added to the learning signal L_t, it gives the
     * region's weight gradients of the whole graph's loss and the gradient with respect to each input vector,
     * δx_t = ζ δv_t W_inᵀ (the ND4J route, whatever the network's backend).
     *
     * @param activityErrors per step, ∂L/∂z_t from downstream (batch × n; {@code null}, or a {@code null} step: none).
     */
    public static Backward backward(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final Options options,
        final INDArray[] activityErrors)
    {
        final INDArray[] inputErrors = new INDArray[tr.steps()];
        final Result r = run(net, tr, loss, options, false, activityErrors, inputErrors);
        return new Backward(r.gradients(), inputErrors);
    }

    private static Result run(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final Options options,
        final boolean recordSignal)
    {
        return run(net, tr, loss, options, recordSignal, null, null);
    }

    private static Result run(
        final SpikingNetwork net, final SpikingTrajectory tr, final ReadoutLoss loss, final Options options,
        final boolean recordSignal, final INDArray[] activityErrors, final INDArray[] inputErrors)
    {
        if (net.backend() == Backend.CPU && !recordSignal && inputErrors == null)
        {
            return new Result(SpikingCpuBackward.run(net, tr, loss, options.windowSteps(), options.detachRecurrent(),
                options.detachReset(), options.activity(), options.feedback()), null);
        }
        final SpikingParams p = net.params();
        final int steps = tr.steps();
        final long batch = tr.z()[0].rows();
        final int n = p.n();
        final var dtype = net.dtype();
        final double alpha = p.alpha();
        final double rho = p.rho();
        final double kappa = p.kappa();
        final INDArray regularizer = options.activity() == null ? null : options.activity().derivative(tr.z(), p.dtMs());
        final INDArray wRecT = net.wRec().transpose();
        final INDArray wOutT = options.feedback() != null ? options.feedback() : net.wOut().transpose();
        final INDArray wInT = inputErrors == null ? null : net.wIn().transpose();
        final INDArray dIn = Nd4j.zeros(dtype, p.nIn(), n);
        final INDArray dRec = Nd4j.zeros(dtype, n, n);
        final INDArray dOut = Nd4j.zeros(dtype, n, p.nOut());
        final INDArray dOutBias = Nd4j.zeros(dtype, 1, p.nOut());
        final INDArray[] learningSignal = recordSignal ? new INDArray[steps] : null;
        // Adjoints carried from step t+1 to t live outside the step workspace.
        final INDArray dvNext = Nd4j.zeros(dtype, batch, n);
        final INDArray daNext = Nd4j.zeros(dtype, batch, n);
        final INDArray dyNext = Nd4j.zeros(dtype, batch, p.nOut());
        for (int t = steps - 1; t >= 0; t--)
        {
            if ((t + 1) % options.windowSteps() == 0)
            {
                // t is the last step of its window: nothing flows back from the next window.
                dvNext.assign(0);
                daNext.assign(0);
                dyNext.assign(0);
            }
            try (MemoryWorkspace ws = Workspaces.step("brainsim-spiking-bptt"))
            {
                final INDArray dy = loss.error(tr.y()[t], t).addi(dyNext.mul(kappa));
                final INDArray signal = dy.mmul(wOutT).muli(p.zetaOut());
                if (regularizer != null)
                {
                    Broadcasts.addiRowVector(signal, regularizer);
                }
                if (!options.detachRecurrent())
                {
                    signal.addi(dvNext.mmul(wRecT).muli(p.zeta()));
                }
                if (!options.detachReset())
                {
                    signal.subi(dvNext.mul(p.vTh()));
                }
                if (activityErrors != null && activityErrors[t] != null)
                {
                    signal.addi(activityErrors[t].castTo(dtype));
                }
                if (recordSignal)
                {
                    learningSignal[t] = signal.detach();
                }
                final INDArray psiDz = tr.psi()[t].mul(signal.addi(daNext));
                final INDArray dv = psiDz.add(dvNext.mul(alpha));
                final INDArray da = Broadcasts.mulRowVector(psiDz, net.betaRow()).negi().addi(daNext.mul(rho));
                if (t > 0)
                {
                    Nd4j.gemm(tr.z()[t - 1], dv, dRec, true, false, p.zeta(), 1.0);
                }
                Nd4j.gemm(tr.x()[t].castTo(dtype), dv, dIn, true, false, p.zeta(), 1.0);
                if (inputErrors != null)
                {
                    inputErrors[t] = dv.mmul(wInT).muli(p.zeta()).detach();
                }
                Nd4j.gemm(tr.z()[t], dy, dOut, true, false, p.zetaOut(), 1.0);
                dOutBias.addi(dy.sum(true, 0));
                dvNext.assign(dv);
                daNext.assign(da);
                dyNext.assign(dy);
            }
        }
        dRec.muli(net.recMask());
        return new Result(new Gradients(dIn, dRec, null, dOut, dOutBias), learningSignal);
    }
}
