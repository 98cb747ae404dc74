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

    /** @return a spiking node's mean firing rate over its units and the last second, Hz (NaN for a rate node). */
    double getRateHz();

    /**
     * @return the rewards the region received in its last trial (on its reward link, summed over the trial's steps,
     * averaged over rows), NaN for a region without rewards or before its first trial.
     */
    double getReward();

    /** @return the median time the node took to compute a step, µs, over the last second (NaN before the first). */
    double getStepTimeP50Micros();

    /** @return the 99th percentile of the node's step times, µs, over the last second (HdrHistogram, 2 digits). */
    double getStepTimeP99Micros();

    /** @return the longest step time of the last second, µs. */
    double getStepTimeMaxMicros();

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
     * Asks for a new plasticity gate. The region applies it at the start of its next step, and the run's
     * {@code events.jsonl} records it with that step and the gate it replaced.
     *
     * @throws IllegalArgumentException when the node does not learn, takes no live changes, or the value is negative.
     */
    void setPlasticity(double gate);

    /** @return the learning rate in force, NaN when the node does not learn. */
    double getLearningRate();

    /**
     * Asks for a new learning rate (recorded and applied like {@link #setPlasticity}).
     *
     * @throws IllegalArgumentException when the node does not learn, takes no live changes, or the value is negative.
     */
    void setLearningRate(double rate);

    /** @return the share of the region's units silenced by lesions, 0 … 1 (0 for a node that is not a region). */
    double getLesionedUnits();

    /**
     * Asks for a lesion (recorded and applied like {@link #setPlasticity}; which units or synapses is drawn from the
     * region's seeded lesion stream, so a replay silences the same ones).
     *
     * @param what     {@code units}, {@code lif_units}, {@code alif_units}, {@code recurrent_synapses} or
     *                 {@code input_synapses}.
     * @param fraction the share of those candidates to silence, 0 … 1.
     * @throws IllegalArgumentException when the node takes no live changes, or {@code what} or the fraction is not
     *                                  allowed.
     */
    void lesion(String what, double fraction);
}
