package org.brainsim.regions.learning;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights every network here has — W_in (nIn × n), W_rec (n × n), W_out (n × nOut), b_out (1 × nOut),
 * all {@code [pre, post]} and of one data type — and the constraint every one can carry: Dale's law on
 * W_rec.
 */
public abstract class RecurrentWeights
{
    final DataType dtype;
    final INDArray wIn;
    final INDArray wRec;
    final INDArray wOut;
    final INDArray bOut;
    private DaleSigns dale;

    RecurrentWeights(
        final DataType dtype, final INDArray wIn, final INDArray wRec, final INDArray wOut, final INDArray bOut)
    {
        this.dtype = dtype;
        this.wIn = wIn.castTo(dtype).dup();
        this.wRec = wRec.castTo(dtype).dup();
        this.wOut = wOut.castTo(dtype).dup();
        this.bOut = bOut.castTo(dtype).dup();
    }

    /** @return {@code steps} views (batch × width) of one buffer allocated for the whole trial. */
    INDArray[] slices(final int steps, final long batch, final long width)
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

    /** @return recurrent units. */
    abstract int units();

    public DataType dtype()
    {
        return dtype;
    }

    /** @return W_in (live: optimisers update it in place). */
    public INDArray wIn()
    {
        return wIn;
    }

    /** @return W_rec (live). */
    public INDArray wRec()
    {
        return wRec;
    }

    /** @return W_out (live). */
    public INDArray wOut()
    {
        return wOut;
    }

    /** @return b_out (live). */
    public INDArray bOut()
    {
        return bOut;
    }

    /**
     * Puts W_rec under Dale's law from now on: flips the current weights to their units' signs; learners
     * project after every update ({@link #constrain()}).
     */
    void dale(final double excitatoryFraction)
    {
        dale = new DaleSigns(units(), excitatoryFraction, dtype);
        dale.initialise(wRec);
    }

    /** Re-imposes the structural constraints after an update (Dale's law when on). */
    public void constrain()
    {
        if (dale != null)
        {
            dale.project(wRec);
        }
    }

    /** @return Dale's-law signs, or {@code null} when off. */
    public DaleSigns dale()
    {
        return dale;
    }
}
