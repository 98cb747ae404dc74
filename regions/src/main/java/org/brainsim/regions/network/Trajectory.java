package org.brainsim.regions.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a network did over one trial, step by step: its inputs, its units' activity and its readout (each
 * {@code batch × width} per step), plus whatever its own rules need (see the implementations).
 */
public interface Trajectory
{
    /** @return steps. */
    int steps();

    /** @return inputs x_t, batch × nIn. */
    INDArray[] x();

    /** @return the units' activity per step: rates a_t, or spikes z_t (0/1); batch × n. */
    INDArray[] activity();

    /** @return readouts y_t, batch × nOut. */
    INDArray[] y();
}
