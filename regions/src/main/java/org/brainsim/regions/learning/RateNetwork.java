package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.Workspaces;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A leaky rate RNN with a linear readout ({@link RateParams}). Weights {@code [pre, post]}: W_in nIn × n,
 * W_rec n × n, b 1 × n, W_out n × nOut, b_out 1 × nOut.
 *
 * <p>Not thread-safe.
 */
public final class RateNetwork extends RecurrentWeights
{
    private final RateParams params;
    private final INDArray bias;

    /**
     * A network with W_rec ~ N(0, g²/n), W_in ~ N(0, 1/nIn), W_out ~ N(0, 1/n) drawn in that order from
     * {@code random}, and zero biases.
     */
    public static RateNetwork random(
        final RateParams params, final DataType dtype, final double gain, final NodeRandom random)
    {
        final INDArray wRec = SpikingNetwork.gaussian(random, params.n(), params.n(), gain / Math.sqrt(params.n()), dtype);
        final INDArray wIn = SpikingNetwork.gaussian(random, params.nIn(), params.n(), 1 / Math.sqrt(params.nIn()), dtype);
        final INDArray wOut = SpikingNetwork.gaussian(random, params.n(), params.nOut(), 1 / Math.sqrt(params.n()), dtype);
        return new RateNetwork(params, dtype, wIn, wRec, Nd4j.zeros(dtype, 1, params.n()), wOut,
            Nd4j.zeros(dtype, 1, params.nOut()));
    }

    public RateNetwork(
        final RateParams params, final DataType dtype, final INDArray wIn, final INDArray wRec, final INDArray bias,
        final INDArray wOut, final INDArray bOut)
    {
        super(dtype, wIn, wRec, wOut, bOut);
        this.params = params;
        this.bias = bias.castTo(dtype).dup();
    }

    private INDArray recMask;

    /**
     * Sparse connectivity: keeps only the recurrent synapses where {@code mask} is 1 (n × n); the others are
     * zeroed now and every rule's gradient is masked, so they stay absent.
     *
     * @return this network.
     */
    public RateNetwork withRecurrentMask(final INDArray mask)
    {
        if (mask.rows() != params.n() || mask.columns() != params.n())
        {
            throw new IllegalArgumentException("mask: " + java.util.Arrays.toString(mask.shape()) + " (expected: [" +
                params.n() + ", " + params.n() + "])");
        }
        recMask = mask.castTo(dtype).dup();
        wRec.muli(recMask);
        return this;
    }

    /** @return the recurrent mask, or {@code null} when fully connected. */
    public INDArray recMask()
    {
        return recMask;
    }

    /** Masks a recurrent gradient in place (no-op when fully connected). */
    INDArray maskRecurrent(final INDArray recGradient)
    {
        return recMask == null ? recGradient : recGradient.muli(recMask);
    }

    /**
     * Puts W_rec under Dale's law from now on: flips the current weights to their units' signs; learners
     * project after every update.
     *
     * @return this network.
     */
    public RateNetwork withDale(final double excitatoryFraction)
    {
        dale(excitatoryFraction);
        return this;
    }

    @Override
    int[] unitRange(final Lesion.Target target)
    {
        if (target == Lesion.Target.LIF_UNITS || target == Lesion.Target.ALIF_UNITS)
        {
            throw new IllegalArgumentException("lesion target " + target + ": a rate network has no LIF or ALIF units");
        }
        return new int[] {0, params.n()};
    }

    @Override
    int units()
    {
        return params.n();
    }

    public RateParams params()
    {
        return params;
    }

    public INDArray bias()
    {
        return bias;
    }

    /**
     * Runs one trial from a_{−1} = {@code initialState}.
     *
     * @param x inputs per step, each batch × nIn.
     */
    public RateTrajectory forward(final INDArray[] x)
    {
        return forward(x, null);
    }

    /**
     * Runs one trial with noise added to the pre-activations: h̃_t = h_t + ξ_t (node perturbation).
     *
     * @param noise ξ per step (batch × n), or {@code null} for none.
     */
    public RateTrajectory forward(final INDArray[] x, final INDArray[] noise)
    {
        final int steps = x.length;
        final long batch = x[0].rows();
        final INDArray a0 = initialState(batch);
        final INDArray[] h = slices(steps, batch, params.n());
        final INDArray[] a = slices(steps, batch, params.n());
        final INDArray[] dPhi = slices(steps, batch, params.n());
        final INDArray[] y = slices(steps, batch, params.nOut());
        for (int t = 0; t < steps; t++)
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-rate-forward"))
            {
                final Step s = step(t == 0 ? a0 : a[t - 1], x[t], noise == null ? null : noise[t]);
                h[t].assign(s.h());
                a[t].assign(s.a());
                dPhi[t].assign(s.dPhi());
                y[t].assign(s.y());
            }
        }
        return new RateTrajectory(x, a0, h, a, dPhi, y);
    }

    /**
     * One step's values.
     *
     * @param h    pre-activation, batch × n.
     * @param a    rate, batch × n.
     * @param dPhi φ'(h), batch × n.
     * @param y    readout, batch × nOut.
     */
    public record Step(INDArray h, INDArray a, INDArray dPhi, INDArray y)
    {
    }

    /** @return a_{−1} for a batch: every value {@code initialState}. */
    public INDArray initialState(final long batch)
    {
        return Nd4j.valueArrayOf(new long[] {batch, params.n()}, params.initialState(), dtype);
    }

    /**
     * One step from a_{t−1} on input x_t (batch × nIn), with optional noise on the pre-activation. The
     * results are new arrays (inside the caller's workspace, if one is open).
     */
    public Step step(final INDArray aPrev, final INDArray x, final INDArray noise)
    {
        final INDArray h = aPrev.mmul(wRec).addi(x.castTo(dtype).mmul(wIn)).addiRowVector(bias);
        if (noise != null)
        {
            h.addi(noise);
        }
        final INDArray a = aPrev.mul(1 - params.alpha()).addi(params.activation().apply(h).muli(params.alpha()));
        return new Step(h, a, params.activation().derivative(h), a.mmul(wOut).addiRowVector(bOut));
    }

    /** @return the immediate credit c̄_t = err_t · {@code feedback} (feedback nOut × n). */
    static INDArray credit(final INDArray err, final INDArray feedback)
    {
        return err.mmul(feedback);
    }

    /** @return â_{t−1} = [a_{t−1}, x_t, 1], batch × m. */
    INDArray augmentedInput(final RateTrajectory tr, final int t)
    {
        final INDArray aPrev = tr.aPrev(t);
        return Nd4j.hstack(aPrev, tr.x()[t].castTo(dtype), Nd4j.ones(dtype, aPrev.rows(), 1));
    }

    /** Splits a stacked gradient [W_rec; W_in; b] (m × n) and the readout gradients into {@link Gradients}. */
    Gradients split(final INDArray stacked, final INDArray dOut, final INDArray dOutBias)
    {
        final int n = params.n();
        final INDArray rec = stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        final INDArray in = stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, n + params.nIn()),
            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        final INDArray b = stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n + params.nIn(), params.m()),
            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        return new Gradients(in, maskRecurrent(rec), b, dOut, dOutBias);
    }

    /** Exact readout gradients: dW_out = Σ_t a_tᵀ err_t, db_out = Σ_t err_t. */
    INDArray[] readoutGradients(final RateTrajectory tr, final Loss loss)
    {
        final INDArray dOut = Nd4j.zeros(dtype, params.n(), params.nOut());
        final INDArray dOutBias = Nd4j.zeros(dtype, 1, params.nOut());
        for (int t = 0; t < tr.steps(); t++)
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-readout"))
            {
                final INDArray err = loss.error(tr.y()[t], t);
                Nd4j.gemm(tr.a()[t], err, dOut, true, false, 1.0, 1.0);
                dOutBias.addi(err.sum(true, 0));
            }
        }
        return new INDArray[] {dOut, dOutBias};
    }
}
