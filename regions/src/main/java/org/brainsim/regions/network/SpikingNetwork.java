package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.Workspaces;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A spiking LIF/ALIF network with a leaky readout, in the form and conventions of {@link SpikingParams}.
 * It owns its weights ({@code [pre, post]}: W_in nIn × n, W_rec n × n with a zero diagonal, W_out n × nOut,
 * b_out 1 × nOut) and a fixed connectivity mask on W_rec; {@link #forward(INDArray[])} runs a trial and
 * records everything the learning rules need.
 *
 * <p>Not thread-safe.
 */
public final class SpikingNetwork extends RecurrentWeights
{
    private final SpikingParams params;
    private final INDArray recMask;
    private final INDArray betaRow;
    private final SpikingNd4j nd4j;
    private Backend backend = Backend.ND4J;
    private SpikingCpu cpu;          // the live batch, backend cpu
    private SpikingCpu cpuReplay;    // forward(), backend cpu
    private int threads = 1;
    private boolean weightsStale = true;

    /**
     * Weights from the e-prop tutorials (reference §1.8): W_in, W_rec ~ N(0, 1/fan_in), W_rec diagonal 0,
     * W_out ~ N(0, 1/n), b_out = 0, drawn in that order from {@code random}.
     */
    public SpikingNetwork(final SpikingParams params, final DataType dtype, final NodeRandom random)
    {
        this(params, dtype,
            gaussian(random, params.nIn(), params.n(), 1 / Math.sqrt(params.nIn()), dtype),
            gaussian(random, params.n(), params.n(), 1 / Math.sqrt(params.n()), dtype),
            gaussian(random, params.n(), params.nOut(), 1 / Math.sqrt(params.n()), dtype),
            Nd4j.zeros(dtype, 1, params.nOut()),
            Nd4j.ones(dtype, params.n(), params.n()).subi(Nd4j.eye(params.n()).castTo(dtype)));
    }

    /**
     * @param recMask 1 where a recurrent synapse exists, 0 elsewhere (diagonal is forced to 0).
     */
    public SpikingNetwork(
        final SpikingParams params, final DataType dtype, final INDArray wIn, final INDArray wRec, final INDArray wOut,
        final INDArray bOut, final INDArray recMask)
    {
        super(dtype, wIn, wRec, wOut, bOut);
        this.params = params;
        this.recMask = recMask.castTo(dtype).dup().muli(Nd4j.ones(dtype, params.n(), params.n())
            .subi(Nd4j.eye(params.n()).castTo(dtype)));
        this.wRec.muli(this.recMask);
        this.betaRow = Nd4j.create(params.betas(), new long[] {1, params.n()}, dtype);
        this.nd4j = new SpikingNd4j(this, params, betaRow);
    }

    /** @return a rows × cols matrix of N(0, std²) deviates drawn in row-major order (in double, then cast). */
    public static INDArray gaussian(
        final NodeRandom random, final int rows, final int cols, final double std, final DataType dtype)
    {
        final double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = std * random.nextGaussian();
        }
        return Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE).castTo(dtype);
    }

    /**
     * Puts W_rec under Dale's law from now on (see {@link RecurrentWeights}).
     *
     * @return this network.
     */
    public SpikingNetwork withDale(final double excitatoryFraction)
    {
        dale(excitatoryFraction);
        return this;
    }

    /**
     * Computes steps with {@code backend} from now on (default {@link Backend#ND4J}); {@link Backend#CPU} needs
     * float32 and ND4J on the CPU ({@link Backend#requireUsable}).
     *
     * @return this network.
     */
    public SpikingNetwork withBackend(final Backend backend)
    {
        backend.requireUsable(dtype);
        this.backend = backend;
        dropComputedState();
        return this;
    }

    public Backend backend()
    {
        return backend;
    }

    /**
     * Shares the batch's rows among {@code count} threads from now on ({@link BatchChunks}; backend {@code cpu}):
     * the values do not change with the count.
     *
     * @return this network.
     */
    public SpikingNetwork withThreads(final int count)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("threads: " + count + " (expected: >= 1)");
        }
        this.threads = count;
        dropComputedState();
        return this;
    }

    /** Forgets the live state and the kernels built for the old settings: the next trial starts from rest. */
    private void dropComputedState()
    {
        this.live = null;
        this.cpu = null;
        this.cpuReplay = null;
        this.record = null;
        this.counted = null;
    }

    /** @return the threads that share the batch's rows (backend {@code cpu}). */
    public int threads()
    {
        return threads;
    }

    @Override
    protected void weightsChanged()
    {
        weightsStale = true;
    }

    /** @return a fused kernel for {@code batch} rows holding the current weights ({@code reuse} when it fits). */
    private SpikingCpu cpuKernel(final SpikingCpu reuse, final int batch)
    {
        // withThreads and withBackend drop the kernels, so one kept here has the current thread count
        final SpikingCpu k = reuse != null && reuse.batch() == batch ? reuse : new SpikingCpu(params, batch, threads);
        k.weights(this);
        return k;
    }

    @Override
    protected int[] unitRange(final Lesion.Target target)
    {
        return switch (target)
        {
            case LIF_UNITS -> new int[] {0, params.nLif()};
            case ALIF_UNITS -> new int[] {params.nLif(), params.n()};
            default -> new int[] {0, params.n()};
        };
    }

    @Override
    public boolean spiking()
    {
        return true;
    }

    @Override
    public double dtMs()
    {
        return params.dtMs();
    }

    @Override
    public INDArray[] parameters()
    {
        return new INDArray[] {wIn, wRec, wOut, bOut};
    }

    public SpikingParams params()
    {
        return params;
    }

    /** @return the recurrent connectivity mask (diagonal 0). */
    public INDArray recMask()
    {
        return recMask;
    }

    /** @return β per unit as a 1 × n row. */
    public INDArray betaRow()
    {
        return betaRow;
    }

    private SpikingNd4j.State live;
    private INDArray liveX;
    private SpikingStep liveStep;
    private SpikingTrajectory record; // the kept trial's buffers (capacity steps), or null
    private int recorded;             // steps kept since the last resetState

    @Override
    public void resetState(final int batch)
    {
        if (live == null || live.rows() != batch)
        {
            live = nd4j.rest(batch);
            liveX = Nd4j.create(dtype, batch, params.nIn());
            record = null;
        }
        else
        {
            nd4j.reset(live);
        }
        if (backend == Backend.CPU)
        {
            cpu = cpuKernel(cpu, batch);
            cpu.reset();
            weightsStale = false;
        }
        if (recordCapacity() > 0 && record == null)
        {
            record = new SpikingTrajectory(slices(recordCapacity(), batch, params.nIn()),
                slices(recordCapacity(), batch, params.n()), slices(recordCapacity(), batch, params.n()),
                slices(recordCapacity(), batch, params.n()), slices(recordCapacity(), batch, params.n()),
                slices(recordCapacity(), batch, params.nOut()));
        }
        recorded = 0;
        liveStep = null;
    }

    @Override
    protected void forgetRecord()
    {
        record = null;
    }

    @Override
    public SpikingTrajectory liveTrajectory()
    {
        checkRecorded(record, recorded, recordCapacity());
        return recorded == recordCapacity() ? record : new SpikingTrajectory(Arrays.copyOf(record.x(), recorded),
            Arrays.copyOf(record.v(), recorded), Arrays.copyOf(record.a(), recorded),
            Arrays.copyOf(record.z(), recorded), Arrays.copyOf(record.psi(), recorded),
            Arrays.copyOf(record.y(), recorded));
    }

    @Override
    public void step(final float[] x, final float[] activity, final float[] readout)
    {
        if (live == null)
        {
            throw new IllegalStateException("step before resetState");
        }
        liveX.data().asNioFloat().put(0, x, 0, x.length);
        if (backend == Backend.CPU)
        {
            stepCpu(x, activity, readout);
            return;
        }
        liveStep = nd4j.step(live, liveX);
        if (record != null && recorded++ < recordCapacity())
        {
            record.x()[recorded - 1].assign(liveX);
            keep(liveStep, record, recorded - 1);
        }
        liveStep.z().data().asNioFloat().get(0, activity, 0, activity.length);
        liveStep.y().data().asNioFloat().get(0, readout, 0, readout.length);
    }

    private void stepCpu(final float[] x, final float[] activity, final float[] readout)
    {
        if (weightsStale)
        {
            cpu.weights(this);
            weightsStale = false;
        }
        cpu.step(x);
        liveStep = null; // materialised on demand (liveStep())
        if (record != null && recorded++ < recordCapacity())
        {
            Floats.write(x, record.x()[recorded - 1]);
            cpu.keep(record, recorded - 1);
        }
        System.arraycopy(cpu.z, 0, activity, 0, activity.length);
        System.arraycopy(cpu.y, 0, readout, 0, readout.length);
    }

    private static void keep(final SpikingStep s, final SpikingTrajectory into, final int t)
    {
        into.v()[t].assign(s.v());
        into.a()[t].assign(s.a());
        into.z()[t].assign(s.z());
        into.psi()[t].assign(s.psi());
        into.y()[t].assign(s.y());
    }

    /** @return the values of the live state's last step (its buffers: copy what you keep), or {@code null}. */
    public SpikingStep liveStep()
    {
        if (liveStep == null && backend == Backend.CPU && cpu != null)
        {
            Floats.write(cpu.v, live.v);
            Floats.write(cpu.a, live.a);
            Floats.write(cpu.z, live.z);
            Floats.write(cpu.psi, live.psi);
            Floats.write(cpu.y, live.y);
            liveStep = live.values();
        }
        return liveStep;
    }

    /** @return the input of the live state's last step (batch × nIn; overwritten by the next step). */
    public INDArray liveInput()
    {
        return liveX;
    }

    /**
     * Runs one trial from rest, into trajectory buffers allocated once for the trial.
     *
     * @param x inputs per step, each batch × nIn.
     */
    @Override
    public SpikingTrajectory forward(final INDArray[] x)
    {
        final int steps = x.length;
        final long batch = x[0].rows();
        return forward(x, slices(steps, batch, params.n()), slices(steps, batch, params.n()),
            slices(steps, batch, params.n()), slices(steps, batch, params.n()), slices(steps, batch, params.nOut()));
    }

    /**
     * Like {@link #forward(INDArray[])}, but into the buffers of this network's previous
     * {@code forwardReusing} call when the trial has the same length and batch: a learner that runs one trial
     * after another allocates its trajectory once (hundreds of MB at 2250 steps × 64 rows) instead of per
     * trial. The returned trajectory is valid until the next {@code forwardReusing} call.
     */
    @Override
    public SpikingTrajectory forwardReusing(final INDArray[] x)
    {
        final int steps = x.length;
        final long batch = x[0].rows();
        final SpikingTrajectory last = reusable;
        if (last == null || last.steps() != steps || last.z()[0].rows() != batch)
        {
            reusable = forward(x);
            return reusable;
        }
        reusable = forward(x, last.v(), last.a(), last.z(), last.psi(), last.y());
        return reusable;
    }

    private SpikingTrajectory reusable;
    private SpikingTrajectory counted;  // the last trajectory the cpu replay ran, whose spikes it counted
    private float[] countedSpikes;

    /** @return the cpu replay's spike counts when {@code trajectory} is the one it ran last, else {@code null}. */
    @Override
    public float[] spikeCounts(final Trajectory trajectory)
    {
        return trajectory != null && trajectory == counted ? countedSpikes.clone() : null;
    }

    private SpikingTrajectory forward(
        final INDArray[] x, final INDArray[] v, final INDArray[] a, final INDArray[] z, final INDArray[] psi,
        final INDArray[] y)
    {
        final int steps = x.length;
        final long batch = x[0].rows();
        final SpikingTrajectory tr = new SpikingTrajectory(x, v, a, z, psi, y);
        if (backend == Backend.CPU)
        {
            cpuReplay = cpuKernel(cpuReplay, (int)batch);
            final INDArray[] xf = new INDArray[steps];
            for (int t = 0; t < steps; t++)
            {
                xf[t] = x[t].dataType() == dtype && Floats.rowMajorDense(x[t]) ? x[t] : x[t].castTo(dtype).dup('c');
            }
            cpuReplay.replay(xf, tr);
            counted = tr;
            countedSpikes = cpuReplay.spikeCounts();
            return tr;
        }
        counted = null;
        final SpikingNd4j.State state = nd4j.rest(batch);
        for (int t = 0; t < steps; t++)
        {
            keep(nd4j.step(state, x[t]), tr, t);
        }
        return tr;
    }

    /**
     * Exact readout gradients of a trial (the part every rule shares): dW_out = Σ_t z̄_tᵀ err_t with
     * z̄_t = κ z̄_{t−1} + ζ_out z_t, and db_out = Σ_t b̄_t err_t with b̄_t = κ b̄_{t−1} + 1.
     */
    @Override
    public INDArray[] readoutGradients(final Trajectory trajectory, final ReadoutLoss loss)
    {
        final SpikingTrajectory tr = (SpikingTrajectory)trajectory;
        if (backend == Backend.CPU)
        {
            return SpikingReadout.gradients(params, tr, loss);
        }
        final double kappa = params.kappa();
        final INDArray dOut = Nd4j.zeros(dtype, params.n(), params.nOut());
        final INDArray dOutBias = Nd4j.zeros(dtype, 1, params.nOut());
        final INDArray zFiltered = Nd4j.zeros(dtype, tr.z()[0].rows(), params.n());
        double biasFiltered = 0;
        for (int t = 0; t < tr.steps(); t++)
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-readout"))
            {
                zFiltered.muli(kappa).addi(tr.z()[t].mul(params.zetaOut()));
                biasFiltered = kappa * biasFiltered + 1;
                final INDArray err = loss.error(tr.y()[t], t);
                Nd4j.gemm(zFiltered, err, dOut, true, false, 1.0, 1.0);
                dOutBias.addi(err.sum(true, 0).muli(biasFiltered));
            }
        }
        return new INDArray[] {dOut, dOutBias};
    }
}
