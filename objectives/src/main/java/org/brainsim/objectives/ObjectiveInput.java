package org.brainsim.objectives;

/** What an objective reads from its region's links, besides the region's own readout and activity. */
public enum ObjectiveInput
{
    /** A target for the readout, from a link of kind {@code target} (a task's supervision or an input's values). */
    TARGET,
    /** The activity of one inbound link (or the region's own), which a {@code predictive} term predicts. */
    PREDICTED
}
