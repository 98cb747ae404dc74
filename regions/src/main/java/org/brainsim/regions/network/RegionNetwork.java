package org.brainsim.regions.network;

import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent network of a region, whatever its neuron model: units driven by inputs (W_in, nIn × n) and by
 * each other (W_rec, n × n), read out linearly (W_out, n × nOut, and b_out), all {@code [pre, post]} and of one
 * data type. It steps a live batch state in the lockstep ({@link #resetState}, {@link #step}), keeping the trial's
 * trajectory for the learning rules when asked ({@link #recordLive}), and runs whole trials itself for tools and
 * tests ({@link #forward}); both compute the same numbers, so a rule learns from exactly the activity the region
 * emitted.
 *
 * <p>Not thread-safe: one region's thread.
 */
public interface RegionNetwork
{
    DataType dtype();

    /** @return recurrent units n. */
    int units();

    /** @return input values per row, nIn. */
    int inputWidth();

    /** @return readout units nOut. */
    int readoutWidth();

    /** @return whether the units spike (activity 0/1) rather than carry rates. */
    boolean spiking();

    /** @return the step length in ms. */
    double dtMs();

    /** @return the learnable parameters, live, in the order of the rules' {@code Gradients#toArray()}. */
    INDArray[] parameters();

    /** @return W_in (live: optimisers update it in place). */
    INDArray wIn();

    /** @return W_rec (live). */
    INDArray wRec();

    /** @return W_out (live). */
    INDArray wOut();

    /** @return b_out (live). */
    INDArray bOut();

    /** Puts the live state of {@code batch} rows at its initial value (the start of a run or of a trial). */
    void resetState(int batch);

    /**
     * Advances the live state by one step.
     *
     * @param x        inputs, row-major {@code [batch][nIn]}.
     * @param activity receives the units' activity, {@code [batch][n]}.
     * @param readout  receives the readout, {@code [batch][nOut]}.
     */
    void step(float[] x, float[] activity, float[] readout);

    /**
     * Keeps every live step from the next {@link #resetState} on — inputs and everything the rules need — in a
     * trial trajectory of at most {@code capacity} steps whose buffers are allocated once, so that a rule learns
     * from the trial the region ran instead of running it again. 0 stops keeping them.
     */
    void recordLive(int capacity);

    /**
     * @return the live steps kept since the last {@link #resetState} (see {@link #recordLive}); valid until the
     * next {@code resetState}.
     * @throws IllegalStateException when not recording, or past {@code capacity} steps.
     */
    Trajectory liveTrajectory();

    /** Runs one trial from the initial state into fresh buffers. */
    Trajectory forward(INDArray[] x);

    /**
     * Runs one trial from the initial state into the buffers of the previous call when the trial has the same
     * length and batch; the trajectory is valid until the next call.
     */
    Trajectory forwardReusing(INDArray[] x);

    /**
     * @return every unit's spikes over the batch and the steps of {@code trajectory} (1 × n as floats), when this
     *     network counted them while it ran that trajectory, else {@code null} (count them from its activity).
     */
    default float[] spikeCounts(final Trajectory trajectory)
    {
        return null;
    }

    /** @return the exact readout gradients of a trial, {dW_out, db_out}. */
    INDArray[] readoutGradients(Trajectory trajectory, ReadoutLoss loss);

    /** Re-imposes the structural constraints after an update (Dale's law, masks, frozen rows, lesions). */
    void constrain();

    /**
     * Removes input synapses for good: W_in is 0 wherever {@code mask} (nIn × n, 1 = present) is 0, now and after
     * every update.
     */
    void maskInput(INDArray mask);

    /** Keeps rows {@code [from, to)} of W_in (one link's projection) as they are now: a fixed, non-plastic link. */
    void freezeInputRows(int from, int to);

    /**
     * Applies a lesion now and keeps it.
     *
     * @return the indices silenced (units, or flat {@code pre·n + post} synapse indices).
     */
    int[] lesion(Lesion lesion, NodeRandom random);
}
