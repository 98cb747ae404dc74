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

    /** @return the evaluation weight of this step, ≥ 0 (0 outside a task's evaluation windows; 1 without a task). */
    double window();
}
