package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;

import java.util.List;

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
     * An array a task records for every trial it starts, beside its scores: {@code task/<key>.npy}, int64, trial ×
     * row × step (e.g. a hidden state per step).
     */
    record TrialRecord(String key, String description)
    {
    }

    /**
     * A fixed array of the task, written once as {@code task/<key>.npy} (float64), e.g. a transition matrix.
     *
     * @param axes the name of each axis.
     */
    record Constant(String key, String description, List<String> axes, double[][] values)
    {
    }

    /** @return what it records per trial (every trial's {@link Trial#record} gives the values); none by default. */
    default List<TrialRecord> trialRecords()
    {
        return List.of();
    }

    /** @return its fixed arrays; none by default. */
    default List<Constant> constants()
    {
        return List.of();
    }

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

        /**
         * @param key one of the task's {@link #trialRecords()}.
         * @return its values for this trial, row-major {@code [batch][steps]}.
         */
        default long[] record(final String key)
        {
            throw new IllegalArgumentException("record: " + key + " (this task records nothing per trial)");
        }
    }
}
