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
     * row × step (e.g. a hidden state per step), or trial × row × {@code values} when that is not 0 (e.g. one value per
     * two-step trial of an episode). Written as the trial starts, or, {@code whenScored}, once it has been scored (what
     * depends on the actions, e.g. the choices), then only for trials that were scored.
     */
    record TrialRecord(String key, String description, boolean whenScored, int values)
    {
        /** A record written as the trial starts (what the task decided before any readout came back), per step. */
        public TrialRecord(final String key, final String description)
        {
            this(key, description, false, 0);
        }

        /** A record of one value per step. */
        public TrialRecord(final String key, final String description, final boolean whenScored)
        {
            this(key, description, whenScored, 0);
        }
    }

    /**
     * A fixed array of the task, written once as {@code task/<key>.npy} (float64), e.g. a transition matrix.
     *
     * @param axes the name of each axis.
     */
    record Constant(String key, String description, List<String> axes, double[][] values)
    {
    }

    /**
     * @return the actions an acting task takes from a region ({@code > 0}: its action link carries the region's chosen
     *     action, one-hot, this wide, and the task answers on its reward links); 0 for a task that scores a readout.
     */
    default int actions()
    {
        return 0;
    }

    /**
     * @return the regions whose actions an acting task takes together, one action link each, each as wide as
     *     {@link #actions()} (1 unless it says otherwise); {@link Trial#score} then sees their actions side by side per
     *     row, in the order of the links' names, and its answers go to every reward link.
     */
    default int actors()
    {
        return actions() > 0 ? 1 : 0;
    }

    /**
     * @return whether it answers on reward links: every acting task, and a task with rewards but no actions (a critic's
     *     world, e.g. a random walk), which answers each step as it emits it ({@link Trial#feedback}).
     */
    default boolean rewards()
    {
        return actions() > 0;
    }

    /**
     * @return whether, having rewards but no actions, it answers each step when that step's readout comes back (it
     *     rewards the readout, as an acting task rewards an action) rather than as it emits the step.
     */
    default boolean rewardsReadout()
    {
        return false;
    }

    /**
     * Fixes the response lag: the steps from emitting a step to receiving the action chosen at it (the delay of what
     * the task sends the acting region plus the action link's). Acting tasks lay out their trials with it, so that a
     * decision's outcome reaches the region inside the trial, and what follows from it too: {@code settle} more steps
     * (a critic's TD error about it, on its way to the actor). The run calls it once, before the first trial.
     *
     * @param settle steps the trial must still run after the answer to its last decision (≥ 0).
     * @return the task, laid out for that lag (this task when its trials do not depend on it).
     */
    default Task timed(final int lag, final int settle)
    {
        return this;
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
     * Makes the next trial for every row under what the phase in force changes ({@link TaskConditions}); only a task
     * with {@link #outcomes()} or {@link #extinguishable()} is given conditions other than {@link TaskConditions#NONE}.
     */
    default Trial next(final long index, final NodeRandom random, final TaskConditions conditions)
    {
        return next(index, random);
    }

    /** @return the names of the outcomes a phase may devalue ({@code devalue = [...]}); none by default. */
    default List<String> outcomes()
    {
        return List.of();
    }

    /** @return whether a phase may withhold its outcomes ({@code extinction = true}). */
    default boolean extinguishable()
    {
        return false;
    }

    /** A trial of an acting task: it supervises no readout (no target, no evaluation window); rewards judge it. */
    interface ActingTrial extends Trial
    {
        @Override
        default void target(final int t, final float[] out)
        {
            java.util.Arrays.fill(out, 0f);
        }

        @Override
        default double window(final int t)
        {
            return 0;
        }
    }

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
         * After {@link #score} of step t, an acting task's answer: rows {@code [reward, flags]} (flags: 1 when the
         * action of step t was taken, 2 when the episode ended with it, as {@code RewardFrame} defines them), what its
         * reward links carry; all zeros when step t asked for nothing. A task with rewards but no actions is asked as
         * it emits step t, for the reward of the move that led there (flag 2 when that move ended an episode). Tasks
         * without rewards write nothing.
         */
        default void feedback(final int t, final float[] out)
        {
        }

        /** @return after every step was scored: each row's total reward in the trial (NaN for a task that does not act). */
        default double[] rowRewards()
        {
            final double[] none = new double[labels().length];
            java.util.Arrays.fill(none, Double.NaN);
            return none;
        }

        /**
         * @param key one of the task's {@link #trialRecords()}.
         * @return its values for this trial, row-major {@code [batch][steps]} (or {@code [batch][values]}).
         */
        default long[] record(final String key)
        {
            throw new IllegalArgumentException("record: " + key + " (this task records nothing per trial)");
        }
    }
}
