package org.brainsim.regions.network;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a {@link RateNetwork} computes a step for one batch size ({@link RateNd4j} or {@link RateCpu}), with the
 * buffers that step works in: the input, the live state and the readout. Not thread-safe.
 */
abstract class RateStep
{
    final int batch;
    final INDArray x;     // batch × nIn, the step's input (null when nIn = 0)
    final INDArray state; // batch × n, the live state
    final INDArray y;     // batch × nOut, the live readout

    RateStep(final RateParams p, final DataType dtype, final int batch)
    {
        this.batch = batch;
        this.x = p.nIn() == 0 ? null : Nd4j.create(dtype, batch, p.nIn());
        this.state = Nd4j.create(dtype, batch, p.n());
        this.y = Nd4j.create(dtype, batch, p.nOut());
    }

    /**
     * One step into {@code aOut}, from {@code aPrev} on the input in {@link #x}: h (into
     * {@code hOut}, φ'(h) into {@code dPhiOut}, when given), the readout into {@code yOut}. {@code aOut} may be
     * {@code aPrev} (the live state, updated in place).
     *
     * @param w     the network's weights (W_in, W_rec, W_out, b_out).
     * @param bias  b, 1 × n.
     * @param noise ξ added to h (batch × n), or {@code null}.
     */
    abstract void advance(
        RecurrentWeights w, INDArray bias, INDArray aPrev, INDArray noise, INDArray hOut, INDArray dPhiOut, INDArray aOut,
        INDArray yOut);

    /** Hears that the network's weights may have changed since the last {@link #advance}. */
    void weightsChanged()
    {
    }

    /** Puts a live step's input (row-major batch × nIn) into {@link #x}. */
    void load(final float[] values)
    {
        x.data().asNioFloat().put(0, values, 0, values.length);
    }

    /** Puts a replayed step's input into {@link #x}. */
    void load(final INDArray values)
    {
        x.assign(values);
    }

    /** Hears that {@link #state} and {@link #y} were changed after {@link #advance} (a perturbation's kick). */
    void kicked()
    {
    }

    /** Copies the live state and readout after a step into the region's arrays. */
    void emit(final float[] activity, final float[] readout)
    {
        state.data().asNioFloat().get(0, activity, 0, activity.length);
        y.data().asNioFloat().get(0, readout, 0, readout.length);
    }

    /** Keeps the live step's input, state and readout as step {@code t} of {@code into} (h and φ' are kept by advance). */
    void keep(final RateTrajectory into, final int t, final float[] input)
    {
        if (x != null)
        {
            into.x()[t].assign(x);
        }
        into.a()[t].assign(state);
        into.y()[t].assign(y);
    }
}
