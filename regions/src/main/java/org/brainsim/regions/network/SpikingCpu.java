package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The step of a {@link SpikingNetwork} as one fused pass of plain Java loops over float arrays (backend
 * {@code cpu}): the same equations as the ND4J step, in float32, with spikes propagated as events — a unit that
 * spiked adds its row of W_rec (and of W_out) to its row's input, a silent one costs nothing — and the element-wise
 * work of a unit (leak, reset, adaptation, threshold, refractoriness, pseudo-derivative) done in one visit.
 *
 * <p>Per row b and unit j, from the previous step's z:
 * <pre>
 *   I_j  = ζ (Σ_{i: z_i = 1} W_rec[i, j] + Σ_{k: x_k ≠ 0} x_k W_in[k, j])
 *   v_j ← α v_j + I_j − v_th z_j,   a_j ← ρ a_j + z_j,   d_j = v_j − (v_th + β_j a_j)
 *   free = r_j &lt; ½,   z_j ← [d_j &gt; 0] free,   ψ_j = free · max(0, 1 − |d_j| / v_th) γ_pd / v_th
 *   r_j ← max(r_j − 1, 0) + (n_ref − 1) z_j,   y ← κ y + ζ_out Σ_{j: z_j = 1} W_out[j, ·] + b_out
 * </pre>
 * Sums run in a fixed order (rows of W_rec by presynaptic index, then inputs by index), so a step is
 * deterministic; it differs from the ND4J step by float rounding only (BLAS sums in another order).
 *
 * <p>The batch is cut into {@link BatchChunks}; a chunk's rows are stepped by one thread, each chunk with its own
 * scratch, so the values do not depend on how many threads ran. Not thread-safe otherwise.
 */
final class SpikingCpu
{
    private final int batch;
    private final int n;
    private final int nIn;
    private final int nOut;
    private final SpikingUnits units;
    private final boolean lanes;
    private final float kappa;
    private final float zetaOut;
    private final float[] wIn;
    private final float[] wRec;
    private final float[] wOut;
    private final float[] bOut;
    final float[] v;
    final float[] a;
    final float[] z;
    final float[] psi;
    final float[] y;
    final float[] refractory;
    private final BatchChunks chunks;
    private final float[][] current;  // per chunk: a row's input current
    private final float[][] readout;  // per chunk: a row's readout input
    private final float[][] zBefore;  // per chunk: a row's z of the previous step
    private final int[][] events;     // per chunk: the indices of a row's spikes or non-zero inputs
    private final int[][] spikes;     // per chunk: each unit's spikes in the chunk's rows since the last reset
    private final float[] xs;         // replay: the step's input, each chunk filling its rows

    /** Unused elements (a 64-byte cache line of floats or ints) at the end of each chunk's scratch array. */
    private static final int PAD = 16;

    SpikingCpu(final SpikingParams p, final int batch, final int threads)
    {
        this(p, batch, threads, Lanes.enabled());
    }

    /** @param lanes the element-wise loops on vector lanes ({@link SpikingLanes}), or scalar: the same bits. */
    SpikingCpu(final SpikingParams p, final int batch, final int threads, final boolean lanes)
    {
        this.batch = batch;
        this.n = p.n();
        this.nIn = p.nIn();
        this.nOut = p.nOut();
        this.units = new SpikingUnits(p);
        this.lanes = lanes;
        this.kappa = (float)p.kappa();
        this.zetaOut = (float)p.zetaOut();
        this.wIn = new float[nIn * n];
        this.wRec = new float[n * n];
        this.wOut = new float[n * nOut];
        this.bOut = new float[nOut];
        this.v = new float[batch * n];
        this.a = new float[batch * n];
        this.z = new float[batch * n];
        this.psi = new float[batch * n];
        this.y = new float[batch * nOut];
        this.refractory = new float[batch * n];
        this.chunks = new BatchChunks(batch, threads);
        // each chunk's scratch ends in a cache line of padding, so that two chunks on different threads never write
        // into one line (false sharing would cost a line transfer on every row)
        this.current = new float[chunks.count()][n + PAD];
        this.readout = new float[chunks.count()][nOut + PAD];
        this.zBefore = new float[chunks.count()][n + PAD];
        this.events = new int[chunks.count()][Math.max(n, nIn) + PAD];
        this.spikes = new int[chunks.count()][n + PAD];
        this.xs = new float[batch * nIn];
    }

    int batch()
    {
        return batch;
    }

    /** Takes the network's current weights (float32 arrays of the documented shapes). */
    void weights(final RecurrentWeights w)
    {
        Floats.read(w.wIn, wIn);
        Floats.read(w.wRec, wRec);
        Floats.read(w.wOut, wOut);
        Floats.read(w.bOut, bOut);
    }

    /** Puts the batch at rest: v = a = z = ψ = y = 0, nothing refractory. */
    void reset()
    {
        Arrays.fill(v, 0f);
        Arrays.fill(a, 0f);
        Arrays.fill(z, 0f);
        Arrays.fill(psi, 0f);
        Arrays.fill(y, 0f);
        Arrays.fill(refractory, 0f);
        for (final int[] counts : spikes)
        {
            Arrays.fill(counts, 0);
        }
    }

    /**
     * @return every unit's spikes over all rows and steps since the last {@link #reset}, as floats: counted as the
     *     steps found them (the readout's events), so a regulariser of the rates need not read the trajectory again.
     *     Whole numbers, so the same in any order of addition; past 2^24 a count rounds as a float.
     */
    float[] spikeCounts()
    {
        final float[] counts = new float[n];
        for (int j = 0; j < n; j++)
        {
            long total = 0;
            for (final int[] chunk : spikes)
            {
                total += chunk[j];
            }
            counts[j] = (float)total;
        }
        return counts;
    }

    /**
     * Advances every row by one step on input {@code x} (row-major batch × nIn).
     */
    void step(final float[] x)
    {
        chunks.run(c -> stepChunk(c, x));
    }

    /**
     * Runs a trial from rest on inputs {@code x} (float32, batch × nIn each) and keeps every step in {@code into}
     * (contiguous float32 buffers). Each chunk runs the whole trial for its rows: one hand-off per trial.
     */
    void replay(final INDArray[] x, final SpikingTrajectory into)
    {
        reset();
        // every step's buffers looked up once here, not by each chunk at each step (~0.2 µs a look-up, six a step
        // and chunk); a reused trajectory's are looked up once for all its trials
        final FloatBuffer[] xViews = Floats.views(x);
        final FloatBuffer[][] keptViews = this.keptViews.of(into);
        chunks.run(c ->
        {
            final FloatBuffer[] xv = Floats.duplicates(xViews);
            final FloatBuffer[][] kept = new FloatBuffer[keptViews.length][];
            for (int k = 0; k < kept.length; k++)
            {
                kept[k] = Floats.duplicates(keptViews[k]);
            }
            final int from = chunks.from(c);
            final int rows = chunks.to(c) - from;
            for (int t = 0; t < x.length; t++)
            {
                xv[t].get(from * nIn, xs, from * nIn, rows * nIn);
                stepChunk(c, xs);
                keepRows(kept, t, from * n, rows * n, from * nOut, rows * nOut);
            }
        });
        // a buffer does not keep its array reachable, and the array's memory is freed with it: not before the chunks
        // ran
        java.lang.ref.Reference.reachabilityFence(x);
    }

    private final TrajectoryViews keptViews = new TrajectoryViews();

    /** Copies the state of every row into step {@code t} of {@code into}. */
    void keep(final SpikingTrajectory into, final int t)
    {
        Floats.write(v, 0, into.v()[t], 0, batch * n);
        Floats.write(a, 0, into.a()[t], 0, batch * n);
        Floats.write(z, 0, into.z()[t], 0, batch * n);
        Floats.write(psi, 0, into.psi()[t], 0, batch * n);
        Floats.write(y, 0, into.y()[t], 0, batch * nOut);
    }

    private void keepRows(final FloatBuffer[][] into, final int t, final int unit, final int units, final int out,
        final int outs)
    {
        into[0][t].put(unit, v, unit, units);
        into[1][t].put(unit, a, unit, units);
        into[2][t].put(unit, z, unit, units);
        into[3][t].put(unit, psi, unit, units);
        into[4][t].put(out, y, out, outs);
    }

    private void stepChunk(final int c, final float[] x)
    {
        for (int b = chunks.from(c); b < chunks.to(c); b++)
        {
            stepRow(b, x, current[c], readout[c], zBefore[c], events[c], spikes[c]);
        }
    }

    private void stepRow(final int b, final float[] x, final float[] current, final float[] readout,
        final float[] zPrev, final int[] events, final int[] spikes)
    {
        final int row = b * n;
        System.arraycopy(z, row, zPrev, 0, n);
        Arrays.fill(current, 0, n, 0f);
        // spikes and inputs as events: only the units that spiked and the inputs that are not zero are summed
        final int spiked = Events.nonZero(zPrev, 0, n, events, lanes);
        for (int e = 0; e < spiked; e++)
        {
            addRow(wRec, events[e] * n, current, n);
        }
        final int xRow = b * nIn;
        final int active = Events.nonZero(x, xRow, nIn, events, lanes);
        for (int e = 0; e < active; e++)
        {
            final int k = events[e];
            addScaledRow(wIn, k * n, x[xRow + k], current, n);
        }
        if (lanes)
        {
            SpikingLanes.update(units, v, a, z, psi, refractory, row, current, zPrev, n);
        }
        else
        {
            units.update(v, a, z, psi, refractory, row, current, zPrev, 0, n);
        }
        final int yRow = b * nOut;
        Arrays.fill(readout, 0, nOut, 0f);
        final int fired = Events.nonZero(z, row, n, events, lanes);
        for (int e = 0; e < fired; e++)
        {
            addRow(wOut, events[e] * nOut, readout, nOut);
            spikes[events[e]]++;
        }
        for (int o = 0; o < nOut; o++)
        {
            y[yRow + o] = kappa * y[yRow + o] + zetaOut * readout[o] + bOut[o];
        }
    }

    private void addRow(final float[] w, final int from, final float[] into, final int length)
    {
        if (lanes)
        {
            SpikingLanes.addRow(w, from, into, length);
            return;
        }
        for (int j = 0; j < length; j++)
        {
            into[j] += w[from + j];
        }
    }

    private void addScaledRow(final float[] w, final int from, final float scale, final float[] into, final int length)
    {
        if (lanes)
        {
            SpikingLanes.addScaledRow(w, from, scale, into, length);
            return;
        }
        for (int j = 0; j < length; j++)
        {
            into[j] += scale * w[from + j];
        }
    }
}
