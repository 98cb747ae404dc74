package org.brainsim.regions.lockstep;

/**
 * A running node over JMX: {@code org.brainsim:type=Region,name=<region>} for regions (and
 * {@code type=Input} for input sources). Registered when the node starts, unregistered when it stops.
 * Attributes are read from any thread; they are the latest values the node published.
 */
public interface RegionMXBean
{
    /** @return the node's name. */
    String getName();

    /** @return steps completed so far. */
    long getStep();

    /** @return steps completed per wall-clock second, over roughly the last second. */
    double getStepsPerSecond();

    /** @return mean of the node's output over batch and units at the last step (spike probability or rate). */
    double getMeanActivity();

    /** @return inbound frames received and not yet consumed. */
    int getInboundFramesWaiting();

    /** @return frames that broke the lockstep protocol and were dropped. */
    long getRejectedFrames();

    /** @return trials completed (a learning region), −1 for a node without trials. */
    long getTrial();

    /** @return the phase index of the last trial, −1 before the first, without phases, or without trials. */
    int getPhase();

    /** @return the last trial's loss (its objectives, before the trial's update), NaN before the first. */
    double getLoss();

    /** @return the running mean of the trials' losses (each new trial weighs 0.1), NaN before the first. */
    double getLossMean();

    /** @return the plasticity gate (a multiplier on every weight update; 0 = frozen), NaN when the node does not learn. */
    double getPlasticity();

    /**
     * Sets the plasticity gate live; the region applies it at its next update.
     *
     * @throws IllegalArgumentException when the node does not learn or the value is negative.
     */
    void setPlasticity(double gate);
}
