package org.brainsim.regions.lockstep;

/**
 * The layout of what a task environment sends regions on {@link LinkKind#TARGET} and {@link LinkKind#CONTROL}
 * links (and on {@link LinkKind#REWARD} links, {@link #REWARD_WIDTH}). Both are plain float rows, so they travel,
 * wait and combine like every other frame and stay in
 * lockstep with the observations sent at the same step.
 *
 * <ul>
 * <li>TARGET, per batch row: {@code [y*_1 … y*_nOut, w, flags]} — the target of the readout, the step's
 * evaluation weight w ≥ 0 (0 outside every evaluation window) and trial flags ({@link #TRIAL_START},
 * {@link #TRIAL_END}, both on a one-step trial). All rows of a step share w and flags.</li>
 * <li>CONTROL, per batch row: {@code [phase, flags]} — the index of the scenario phase the step belongs to, or
 * {@link #NO_PHASE} before the first trial and after the last, and the trial flags as on TARGET links (so a region
 * without a target from the task still steps in the task's trials).</li>
 * </ul>
 */
public final class TaskSignal
{
    /** The step is the first of a trial. */
    public static final int TRIAL_START = 1;
    /** The step is the last of a trial. */
    public static final int TRIAL_END = 2;
    /** Phase index outside every phase. */
    public static final int NO_PHASE = -1;

    private TaskSignal()
    {
    }

    /**
     * Values per row on a REWARD link: {@code [reward, flags]}, the flags {@code RewardFrame}'s (1: the reward
     * answers the action the region sent at the step the reward is about; 2: the episode ended there).
     */
    public static final int REWARD_WIDTH = 2;

    /** @return the mean over rows of a REWARD frame's rewards. */
    public static double meanReward(final float[] reward)
    {
        double sum = 0;
        for (int i = 0; i < reward.length; i += REWARD_WIDTH)
        {
            sum += reward[i];
        }
        return reward.length == 0 ? 0 : sum / (reward.length / REWARD_WIDTH);
    }

    /** @return values per row on a TARGET link for a readout of {@code outputs} units. */
    public static int targetWidth(final int outputs)
    {
        return outputs + 2;
    }

    /** @return the evaluation weight in a TARGET row of {@code outputs} targets. */
    public static float weight(final float[] target, final int row, final int outputs)
    {
        return target[row * (outputs + 2) + outputs];
    }

    /** Values per row on a CONTROL link. */
    public static final int CONTROL_WIDTH = 2;

    /** @return the phase index on a CONTROL link (row 0: every row carries the same). */
    public static int phase(final float[] control)
    {
        return (int)control[0];
    }

    /** @return the trial flags on a CONTROL link (row 0). */
    public static int controlFlags(final float[] control)
    {
        return (int)control[1];
    }

    /** @return the trial flags in a TARGET row. */
    public static int flags(final float[] target, final int row, final int outputs)
    {
        return (int)target[row * (outputs + 2) + outputs + 1];
    }
}
