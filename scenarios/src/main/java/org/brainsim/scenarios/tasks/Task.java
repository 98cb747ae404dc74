package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;

/**
 * A behavioural task: what a task environment node (a {@link TaskKernel} in the lockstep graph) shows the
 * regions and what it expects back. A task makes trials one after another; every batch row gets its own
 * trial (its own cues, label and noise), all rows of one trial are equally long, and the task scores each row
 * from the readout that comes back.
 *
 * <p>Everything random is drawn from the {@link NodeRandom} the environment passes in, in a fixed order, so
 * the same scenario and seed give the same trials wherever the environment runs.
 */
public interface Task
{
    /** @return observation values per row and step (the width of observation links). */
    int observationWidth();

    /** @return whether observations are spikes (0/1), sent as packed bits. */
    boolean spikingObservations();

    /** @return readout units the task expects (the width of its targets and of the action link). */
    int outputWidth();

    /** @return the loss a supervised region trained on this task uses unless the scenario says otherwise. */
    LossKind defaultLoss();

    /** @return the longest trial this task makes, in steps (sizes the regions' trial buffers). */
    int maxTrialSteps();

    /** @return what {@link Trial#rowErrors()} measures, e.g. "error rate" (one line, for reports). */
    String errorMetric();

    /**
     * Makes the next trial for every row.
     *
     * @param index  the trial's index in the run (0, 1, …).
     * @param random the environment's stream.
     */
    Trial next(long index, NodeRandom random);

    /**
     * One trial of a batch: generated step by step, in order, and scored from the readout as it comes back.
     * Calls for step t come in order t = 0 … steps()−1 for {@link #observation}; {@link #score} likewise.
     */
    interface Trial
    {
        /** @return steps of this trial (≤ {@link Task#maxTrialSteps()}). */
        int steps();

        /** Writes the observation of step t, row-major {@code [batch][observationWidth]}. */
        void observation(int t, float[] out);

        /** Writes the target of step t, row-major {@code [batch][outputWidth]}. */
        void target(int t, float[] out);

        /** @return the evaluation weight of step t (≥ 0; 0 outside every evaluation window). */
        double window(int t);

        /** @return the correct class of each row, or −1 where the task is not a classification. */
        int[] labels();

        /** Takes the readout of step t, row-major {@code [batch][outputWidth]}. */
        void score(int t, float[] readout);

        /** @return after every step was scored: each row's error (0/1 for classifications), ≥ 0. */
        double[] rowErrors();
    }
}
