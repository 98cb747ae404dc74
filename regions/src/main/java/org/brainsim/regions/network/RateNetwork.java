package org.brainsim.regions.network;

import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.Workspaces;
import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * A leaky rate RNN with a linear readout ({@link RateParams}), the one rate network of every rate region, with a
 * rule or without. Weights {@code [pre, post]}: W_in nIn × n, W_rec n × n, b 1 × n, W_out n × nOut, b_out 1 × nOut.
 *
 * <p>One step, from a_{t−1} on x_t:
 * <pre>
 *   h_t = a_{t−1} W_rec + Σ_l x_t[l] W_in[l] + b        (input blocks l added in link order)
 *   a_t = (1 − α) a_{t−1} + α φ(h_t),   y_t = a_t W_out + b_out
 * </pre>
 * Each inbound link is a block of rows of W_in and of columns of x; the blocks are multiplied and added one by
 * one into h, in link order, so the sum is the same whatever order frames arrived in. The live step and the
 * replay of a trial compute with the same operations into preallocated buffers: a region's rule learns from
 * exactly the rates the region emitted.
 *
 * <p>The initial state a_{−1} is the same value for every unit ({@link RateParams#initialState()}), or one row
 * per batch row ({@link #withInitialState}): the state of the first step of the run and of every trial.
 *
 * <p>Not thread-safe.
 */
public final class RateNetwork extends RecurrentWeights
{
    private final RateParams params;
    private final INDArray bias;
    private int[] blocks;          // widths of the input blocks (one per inbound link)
    private INDArray initial;      // batch × n, or null: params.initialState() everywhere
    private INDArray recMask;
    private RateStep live;         // the live state's step and buffers
    private RateStep replay;       // the replay's
    private RateTrajectory reusable;
    private RateTrajectory record; // the kept trial's buffers (capacity steps), or null
    private int recorded;          // steps kept since the last resetState
    private Backend backend = Backend.ND4J;
    private LiveNoise liveNoise;   // kicks of the live state, or null

    /**
     * A network with W_rec ~ N(0, g²/n), W_in ~ N(0, 1/nIn), W_out ~ N(0, 1/n) drawn in that order from
     * {@code random}, and zero biases (for tests and tools; regions build theirs with {@link RateModel}).
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
        this.blocks = params.nIn() == 0 ? new int[0] : new int[] {params.nIn()};
    }

    /**
     * Splits W_in into blocks of rows, one per inbound link, multiplied and added one by one.
     *
     * @param widths the blocks' widths, in link order; they add up to nIn.
     * @return this network.
     */
    public RateNetwork withInputBlocks(final int... widths)
    {
        if (Arrays.stream(widths).sum() != params.nIn() || Arrays.stream(widths).anyMatch(w -> w < 1))
        {
            throw new IllegalArgumentException("widths: " + Arrays.toString(widths) + " (expected: >= 1 each, adding up " +
                "to nIn " + params.nIn() + ")");
        }
        this.blocks = widths.clone();
        this.live = null;
        this.replay = null;
        return this;
    }

    /**
     * Starts the run and every trial of these batch rows from {@code state} (batch × n) instead of the constant
     * initial state.
     *
     * @return this network.
     */
    public RateNetwork withInitialState(final INDArray state)
    {
        if (state.columns() != params.n() || state.rank() != 2)
        {
            throw new IllegalArgumentException("state: " + Arrays.toString(state.shape()) + " (expected: [batch, " +
                params.n() + "])");
        }
        this.initial = state.castTo(dtype).dup();
        return this;
    }

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
            throw new IllegalArgumentException("mask: " + Arrays.toString(mask.shape()) + " (expected: [" +
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
    public INDArray maskRecurrent(final INDArray recGradient)
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

    /**
     * Computes steps with {@code backend} from now on (default {@link Backend#ND4J}); {@link Backend#CPU} needs
     * float32 and ND4J on the CPU (its products go straight to the OpenBLAS that ND4J loaded).
     *
     * @return this network.
     */
    public RateNetwork withBackend(final Backend backend)
    {
        backend.requireUsable(dtype);
        this.backend = backend;
        this.live = null;
        this.replay = null;
        this.record = null;
        return this;
    }

    public Backend backend()
    {
        return backend;
    }

    @Override
    protected int[] unitRange(final Lesion.Target target)
    {
        if (target == Lesion.Target.LIF_UNITS || target == Lesion.Target.ALIF_UNITS)
        {
            throw new IllegalArgumentException("lesion target " + target + ": a rate network has no LIF or ALIF units");
        }
        return new int[] {0, params.n()};
    }

    @Override
    public boolean spiking()
    {
        return false;
    }

    @Override
    public double dtMs()
    {
        return params.dtMs();
    }

    public RateParams params()
    {
        return params;
    }

    public INDArray bias()
    {
        return bias;
    }

    @Override
    public INDArray[] parameters()
    {
        return new INDArray[] {wIn, wRec, bias, wOut, bOut};
    }

    /** @return a_{−1} for a batch: the per-row initial state when set for this batch, else the constant. */
    public INDArray initialState(final long batch)
    {
        if (initial != null && initial.rows() == batch)
        {
            return initial.dup();
        }
        return Nd4j.valueArrayOf(new long[] {batch, params.n()}, params.initialState(), dtype);
    }

    /** @return a step for {@code batch} rows with this network's backend ({@code reuse} when it fits). */
    private RateStep stepFor(final RateStep reuse, final int batch)
    {
        if (reuse != null && reuse.batch == batch)
        {
            return reuse;
        }
        return backend == Backend.CPU ? new RateCpu(params, batch) : new RateNd4j(params, dtype, this, blocks, batch);
    }

    @Override
    protected void weightsChanged()
    {
        if (live != null)
        {
            live.weightsChanged();
        }
        if (replay != null)
        {
            replay.weightsChanged();
        }
    }

    @Override
    public void resetState(final int batch)
    {
        final RateStep before = live;
        live = stepFor(live, batch);
        live.weightsChanged(); // as a replay: a trial starts from the weights as they are now
        live.state.assign(initialState(batch));
        if (live != before)
        {
            record = null;
        }
        if (recordCapacity() > 0 && record == null)
        {
            record = new RateTrajectory(slices(recordCapacity(), batch, params.nIn()), Nd4j.create(dtype, batch, params.n()),
                slices(recordCapacity(), batch, params.n()), slices(recordCapacity(), batch, params.n()),
                slices(recordCapacity(), batch, params.n()), slices(recordCapacity(), batch, params.nOut()));
        }
        if (record != null)
        {
            record.aInitial().assign(live.state);
        }
        recorded = 0;
        if (liveNoise != null)
        {
            liveNoise.trialStarts();
        }
    }

    @Override
    protected void forgetRecord()
    {
        record = null;
    }

    @Override
    public RateTrajectory liveTrajectory()
    {
        checkRecorded(record, recorded, recordCapacity());
        return recorded == recordCapacity() ? record : new RateTrajectory(Arrays.copyOf(record.x(), recorded),
            record.aInitial(), Arrays.copyOf(record.h(), recorded), Arrays.copyOf(record.a(), recorded),
            Arrays.copyOf(record.dPhi(), recorded), Arrays.copyOf(record.y(), recorded));
    }

    /** Kicks a perturbation rule gives the live state ({@link #perturbLive}; its exploration). */
    @FunctionalInterface
    public interface LiveNoise
    {
        /** @return ξ for the next live step, batch × n (the state moves by α·ξ), or {@code null} for none. */
        INDArray next(int batch);

        /** Hears that a trial starts (the state was reset): the next {@link #next} is its first step's. */
        default void trialStarts()
        {
        }
    }

    /**
     * Kicks the state of every live step from now on, a_t = (1 − α) a_{t−1} + α (φ(h_t) + ξ_t) (Miconi's perturbation:
     * into what the unit integrates), the readout computed from the kicked state: what a rule that learns from the
     * rewards of the trial as it ran explores with. The record keeps the kicked a; replays stay noise-free.
     */
    public void perturbLive(final LiveNoise noise)
    {
        this.liveNoise = noise;
    }

    @Override
    public void step(final float[] x, final float[] activity, final float[] readout)
    {
        if (live == null)
        {
            throw new IllegalStateException("step before resetState");
        }
        if (x.length > 0)
        {
            live.load(x);
        }
        final INDArray kick = liveNoise == null ? null : liveNoise.next(live.batch);
        if (record != null && recorded++ < recordCapacity())
        {
            // the same operations as a replay's step, with h and φ'(h) kept
            final int t = recorded - 1;
            live.advance(this, bias, live.state, null, record.h()[t], record.dPhi()[t], live.state, live.y);
            kick(kick);
            live.keep(record, t, x);
        }
        else
        {
            live.advance(this, bias, live.state, null, null, null, live.state, live.y);
            kick(kick);
        }
        live.emit(activity, readout);
    }

    /** Adds α·ξ to the live state and computes the readout again from it (nothing when {@code xi} is null). */
    private void kick(final INDArray xi)
    {
        if (xi != null)
        {
            live.state.addi(xi.mul(params.alpha()));
            live.y.assign(Broadcasts.addiRowVector(live.state.mmul(wOut), bOut));
            live.kicked();
        }
    }

    @Override
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
        return forward(x, noise, slices(steps, batch, params.n()), slices(steps, batch, params.n()),
            slices(steps, batch, params.n()), slices(steps, batch, params.nOut()));
    }

    @Override
    public RateTrajectory forwardReusing(final INDArray[] x)
    {
        final RateTrajectory last = reusable;
        if (last == null || last.steps() != x.length || last.a()[0].rows() != x[0].rows())
        {
            reusable = forward(x);
            return reusable;
        }
        reusable = forward(x, null, last.h(), last.a(), last.dPhi(), last.y());
        return reusable;
    }

    private RateTrajectory forward(
        final INDArray[] x, final INDArray[] noise, final INDArray[] h, final INDArray[] a, final INDArray[] dPhi,
        final INDArray[] y)
    {
        final long batch = x[0].rows();
        replay = stepFor(replay, Math.toIntExact(batch));
        replay.weightsChanged(); // a trial takes the weights as they are now, changed in place or not
        final INDArray a0 = initialState(batch);
        for (int t = 0; t < x.length; t++)
        {
            if (replay.x != null)
            {
                replay.load(x[t]);
            }
            replay.advance(this, bias, t == 0 ? a0 : a[t - 1], noise == null ? null : noise[t], h[t], dPhi[t], a[t], y[t]);
        }
        return new RateTrajectory(x, a0, h, a, dPhi, y);
    }

    /** @return the immediate credit c̄_t = err_t · {@code feedback} (feedback nOut × n). */
    public static INDArray credit(final INDArray err, final INDArray feedback)
    {
        return err.mmul(feedback);
    }

    /** @return â_{t−1} = [a_{t−1}, x_t, 1], batch × m. */
    public INDArray augmentedInput(final RateTrajectory tr, final int t)
    {
        final INDArray aPrev = tr.aPrev(t);
        return Nd4j.hstack(aPrev, tr.x()[t].castTo(dtype), Nd4j.ones(dtype, aPrev.rows(), 1));
    }

    /**
     * Splits a stacked gradient [W_rec; W_in; b] (m × n) into its parts, recurrent part masked.
     *
     * @return {in, rec, bias}.
     */
    public INDArray[] split(final INDArray stacked)
    {
        final int n = params.n();
        final INDArray rec = stacked.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
        final INDArray in = stacked.get(NDArrayIndex.interval(n, n + params.nIn()), NDArrayIndex.all()).dup();
        final INDArray b = stacked.get(NDArrayIndex.interval(n + params.nIn(), params.m()), NDArrayIndex.all()).dup();
        return new INDArray[] {in, maskRecurrent(rec), b};
    }

    /** Exact readout gradients: dW_out = Σ_t a_tᵀ err_t, db_out = Σ_t err_t. */
    @Override
    public INDArray[] readoutGradients(final Trajectory trajectory, final ReadoutLoss loss)
    {
        final RateTrajectory tr = (RateTrajectory)trajectory;
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
