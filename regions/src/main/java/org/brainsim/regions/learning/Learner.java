package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network, the rule it learns by and the optimiser that applies the rule's updates, trained trial by
 * trial (updates once per trial, as the e-prop tutorials do). A plasticity gate multiplies every update:
 * a modulator, a scenario phase or an operator sets it; 0 freezes the network.
 *
 * <p>Not thread-safe.
 */
public interface Learner
{
    /**
     * Runs one trial, computes the rule's update and applies it (scaled by the gate).
     *
     * @return the trial's loss before the update (task loss plus regularisers).
     */
    double trainTrial(INDArray[] inputs, Loss loss);

    /** @return the task loss of a trial, without learning. */
    double evaluate(INDArray[] inputs, Loss loss);

    /** @return the rule's gradient estimate for one trial, without applying it. */
    Gradients gradients(INDArray[] inputs, Loss loss);

    /** Sets the plasticity gate (≥ 0; 0 = frozen). */
    void plasticity(double gate);

    /** @return the plasticity gate. */
    double plasticity();

    /** @return the learnable parameters, live (for snapshots and checks). */
    INDArray[] parameters();

    /** @return the readout of the last trial, per step. */
    INDArray[] lastOutputs();
}
