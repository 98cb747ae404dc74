package org.brainsim.objectives;

/** What an objective reads from its region's links, besides the region's own readout and activity. */
public enum ObjectiveInput
{
    /** A target for the readout, from a link of kind {@code target} (a task's supervision or an input's values). */
    TARGET,
    /** The activity of one inbound link (or the region's own), which a {@code predictive} term predicts. */
    PREDICTED,
    /** An environment's rewards, from a link of kind {@code reward}, answering the actions the region sends. */
    REWARD,
    /** Another region's neuromodulator (a critic's TD error), from a link of kind {@code modulator}. */
    MODULATOR,
    /** Controllers' action values with their variances, from links of kind {@code values} (an arbiter's). */
    VALUES
}
