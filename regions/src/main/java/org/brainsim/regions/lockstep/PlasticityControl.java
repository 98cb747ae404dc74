package org.brainsim.regions.lockstep;

/**
 * A node's plasticity gate as an operator sees it: a multiplier on every weight update (0 = frozen),
 * readable and settable from any thread (JMX); the node applies the value at its next update.
 */
public interface PlasticityControl
{
    /** @return the gate, ≥ 0. */
    double get();

    /**
     * @param gate the new gate, ≥ 0.
     * @throws IllegalArgumentException when negative or not a number.
     */
    void set(double gate);
}
