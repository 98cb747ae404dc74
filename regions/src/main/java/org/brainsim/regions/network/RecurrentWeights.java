package org.brainsim.regions.network;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights every network here has — W_in (nIn × n), W_rec (n × n), W_out (n × nOut), b_out (1 × nOut),
 * all {@code [pre, post]} and of one data type — and the constraint every one can carry: Dale's law on
 * W_rec.
 */
public abstract class RecurrentWeights implements RegionNetwork
{
    final DataType dtype;
    final INDArray wIn;
    final INDArray wRec;
    final INDArray wOut;
    final INDArray bOut;
    private DaleSigns dale;
    private INDArray lesionIn;  // nIn × n: 0 where a lesion removed an input synapse; null before any lesion
    private INDArray lesionRec; // n × n
    private INDArray lesionOut; // n × 1
    private final java.util.List<int[]> frozenRows = new java.util.ArrayList<>(); // [from, to) of W_in
    private boolean unitReadout; // y_o is unit o's activity, W_out and b_out fixed
    private final java.util.List<INDArray> frozenValues = new java.util.ArrayList<>();

    RecurrentWeights(
        final DataType dtype, final INDArray wIn, final INDArray wRec, final INDArray wOut, final INDArray bOut)
    {
        this.dtype = dtype;
        this.wIn = wIn.castTo(dtype).dup();
        this.wRec = wRec.castTo(dtype).dup();
        this.wOut = wOut.castTo(dtype).dup();
        this.bOut = bOut.castTo(dtype).dup();
    }

    private int recordCapacity;

    @Override
    public final void recordLive(final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 0)");
        }
        recordCapacity = capacity;
        forgetRecord();
    }

    /** @return the steps of a trial the live steps are kept for (0: none; {@link #recordLive}). */
    protected final int recordCapacity()
    {
        return recordCapacity;
    }

    /** Drops the kept trial's buffers; the next {@code resetState} allocates them for the new capacity. */
    protected abstract void forgetRecord();

    /** Refuses a live trajectory that was not kept ({@link RegionNetwork#liveTrajectory}). */
    static void checkRecorded(final Trajectory record, final int recorded, final int capacity)
    {
        if (record == null)
        {
            throw new IllegalStateException(capacity == 0 ? "live steps are not kept (recordLive)" :
                "no trial started since recordLive (resetState)");
        }
        if (recorded == 0 || recorded > capacity)
        {
            throw new IllegalStateException(recorded + " live steps since the last resetState (expected: 1 to " +
                capacity + ")");
        }
    }

    /** @return {@code steps} views (batch × width) of one buffer allocated for the whole trial. */
    protected INDArray[] slices(final int steps, final long batch, final long width)
    {
        final INDArray all = org.nd4j.linalg.factory.Nd4j.create(dtype, steps, batch, width);
        final INDArray[] views = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            views[t] = all.get(org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
        }
        return views;
    }

    @Override
    public int units()
    {
        return (int)wRec.rows();
    }

    @Override
    public int inputWidth()
    {
        return (int)wIn.rows();
    }

    @Override
    public int readoutWidth()
    {
        return (int)wOut.columns();
    }

    @Override
    public DataType dtype()
    {
        return dtype;
    }

    /** @return W_in (live: optimisers update it in place). */
    @Override
    public INDArray wIn()
    {
        return wIn;
    }

    /** @return W_rec (live). */
    @Override
    public INDArray wRec()
    {
        return wRec;
    }

    /** @return W_out (live). */
    @Override
    public INDArray wOut()
    {
        return wOut;
    }

    /** @return b_out (live). */
    @Override
    public INDArray bOut()
    {
        return bOut;
    }

    /**
     * Puts W_rec under Dale's law from now on: flips the current weights to their units' signs; learners
     * project after every update ({@link #constrain()}).
     */
    protected void dale(final double excitatoryFraction)
    {
        dale = new DaleSigns(units(), excitatoryFraction, dtype);
        dale.initialise(wRec);
    }

    @Override
    public void constrain()
    {
        if (dale != null)
        {
            dale.project(wRec);
        }
        if (unitReadout)
        {
            unitReadout();
        }
        for (int i = 0; i < frozenRows.size(); i++)
        {
            final int[] r = frozenRows.get(i);
            wIn.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r[0], r[1]), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .assign(frozenValues.get(i));
        }
        if (lesionIn != null)
        {
            wIn.muli(lesionIn);
            wRec.muli(lesionRec);
            Broadcasts.muliColumnVector(wOut, lesionOut);
        }
        weightsChanged();
    }

    /**
     * Makes output o read unit o's activity, y_o = a_o (W_out the first nOut columns of the identity, b_out = 0), for
     * good: restored after every update, so no rule moves it (Miconi 2017's output neuron, a unit of the network
     * that its rule trains like any other).
     */
    public void readUnits()
    {
        if (wOut.columns() > units())
        {
            throw new IllegalArgumentException("readout = units: " + wOut.columns() + " outputs but " + units() +
                " units (expected: outputs <= units)");
        }
        unitReadout = true;
        constrain();
    }

    /** @return whether outputs read units ({@link #readUnits()}). */
    public boolean readsUnits()
    {
        return unitReadout;
    }

    private void unitReadout()
    {
        wOut.assign(0);
        for (int o = 0; o < wOut.columns(); o++)
        {
            wOut.putScalar(o, o, 1.0);
        }
        bOut.assign(0);
    }

    /**
     * Hears that the weights may have changed (every update, lesion and mask ends in {@link #constrain()}): a
     * network that computes from copies of them takes them again before its next step.
     */
    protected void weightsChanged()
    {
    }

    private void masks()
    {
        if (lesionIn == null)
        {
            lesionIn = org.nd4j.linalg.factory.Nd4j.ones(dtype, wIn.rows(), units());
            lesionRec = org.nd4j.linalg.factory.Nd4j.ones(dtype, units(), units());
            lesionOut = org.nd4j.linalg.factory.Nd4j.ones(dtype, units(), 1);
        }
    }

    /**
     * Removes input synapses for good: W_in is 0 wherever {@code mask} (nIn × n, 1 = present) is 0, now and
     * after every update (a sparse projection).
     */
    @Override
    public void maskInput(final INDArray mask)
    {
        masks();
        lesionIn.muli(mask.castTo(dtype));
        constrain();
    }

    /** Keeps rows {@code [from, to)} of W_in (one link's projection) as they are now: a fixed, non-plastic link. */
    @Override
    public void freezeInputRows(final int from, final int to)
    {
        frozenRows.add(new int[] {from, to});
        frozenValues.add(wIn.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup());
    }

    /** @return the first unit a lesion of {@code target} may choose, and one past the last. */
    protected abstract int[] unitRange(Lesion.Target target);

    /**
     * Applies a lesion now and keeps it (every {@link #constrain()} re-imposes it).
     *
     * @param random chooses the silenced units or synapses: a partial Fisher–Yates shuffle of the candidates.
     * @return the indices silenced: units, or flat {@code pre·n + post} synapse indices (row-major).
     */
    @Override
    public int[] lesion(final Lesion lesion, final org.brainsim.regions.NodeRandom random)
    {
        final int n = units();
        final int nIn = (int)wIn.rows();
        masks();
        final int[] candidates;
        switch (lesion.target())
        {
            case RECURRENT_SYNAPSES ->
            {
                final float[] w = wRec.dup('c').data().asFloat();
                candidates = java.util.stream.IntStream.range(0, n * n).filter(i -> w[i] != 0).toArray();
            }
            case INPUT_SYNAPSES -> candidates = java.util.stream.IntStream.range(0, nIn * n).toArray();
            default ->
            {
                final int[] range = unitRange(lesion.target());
                candidates = java.util.stream.IntStream.range(range[0], range[1]).toArray();
            }
        }
        final int count = (int)Math.round(lesion.fraction() * candidates.length);
        for (int i = 0; i < count; i++)
        {
            final int j = i + random.nextInt(candidates.length - i);
            final int swap = candidates[i];
            candidates[i] = candidates[j];
            candidates[j] = swap;
        }
        final int[] chosen = java.util.Arrays.copyOf(candidates, count);
        java.util.Arrays.sort(chosen);
        for (final int c : chosen)
        {
            switch (lesion.target())
            {
                case RECURRENT_SYNAPSES -> lesionRec.putScalar(c / n, c % n, 0);
                case INPUT_SYNAPSES -> lesionIn.putScalar(c / n, c % n, 0);
                default ->
                {
                    lesionIn.getColumn(c).assign(0);
                    lesionRec.getRow(c).assign(0);
                    lesionRec.getColumn(c).assign(0);
                    lesionOut.putScalar(c, 0, 0);
                }
            }
        }
        constrain();
        return chosen;
    }

    /** @return Dale's-law signs, or {@code null} when off. */
    public DaleSigns dale()
    {
        return dale;
    }
}
