package org.brainsim.objectives;

/**
 * What a region hands its objectives at each step. Arrays are row-major {@code [batch][width]}, owned by the region
 * and valid only during the call: an objective copies what it keeps.
 */
public interface ObjectiveInputs
{
    /** @return the readout y_t, {@code [batch][outputs]}. */
    float[] readout();

    /** @return the units' activity (rates, or spikes as 0/1), {@code [batch][units]}. */
    float[] activity();

    /**
     * @return the target y*_t from the region's target link, {@code [batch][outputs]}; {@code null} when the region
     * has no target link.
     */
    float[] target();

    /**
     * @param link an inbound link's index among the region's inbound links (link order).
     * @return what that link brought this step, {@code [batch][its width]}.
     */
    float[] inbound(int link);

    /**
     * @return what the region's reward link brought this step, rows {@code [reward, flags]} ({@code RewardFrame}: the
     *     flags say whether the reward answers an action the region sent, {@code feedbackSteps} earlier, and whether
     *     the episode ended there); {@code null} when the region has no reward link.
     */
    default float[] reward()
    {
        return null;
    }

    /**
     * @return what the region's modulator link brought this step ({@code [batch][its width]}: another region's TD
     *     error, {@code modulatorSteps} after that region sent it); {@code null} without a modulator link.
     */
    default float[] modulator()
    {
        return null;
    }

    /** @return how many action-value links the region has (from controllers, to an arbiter). */
    default int valueLinks()
    {
        return 0;
    }

    /**
     * @param j the j-th action-value link, in the order the scenario's loader gives them (an arbiter's: the
     *     goal-directed controller's first, then the habit's).
     * @return what it brought this step, {@code [batch][2 × actions]}: values, then their variances.
     */
    default float[] values(final int j)
    {
        throw new IllegalStateException("the region has no action-value link " + j);
    }

    /** @return the evaluation weight of this step, ≥ 0 (0 outside a task's evaluation windows; 1 without a task). */
    double window();
}
