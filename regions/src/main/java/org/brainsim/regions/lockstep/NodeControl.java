package org.brainsim.regions.lockstep;

/**
 * What an operator reads and changes live on a learning node (JMX, the monitor). Reads are the values in force, from
 * any thread. Changes are requests: the node applies each at the start of its next step and logs it with that step
 * ({@link Interventions}), so every change is recorded and replays to the same bytes.
 */
public interface NodeControl
{
    /** @return the plasticity gate (a multiplier on every update; 0 = frozen). */
    double plasticity();

    /** @return the learning rate in force (the optimiser's, as configured or last changed). */
    double learningRate();

    /** @return the share of the units that are silenced (lesioned), 0 … 1. */
    double lesionedUnits();

    /**
     * Asks for a change of this node.
     *
     * @param change its kind and value (the target and step are filled in).
     * @throws IllegalArgumentException when the value is not allowed.
     * @throws IllegalStateException    when the node takes no live changes (no task drives it: nothing would tell
     *                                  every JVM at which step to apply them).
     */
    void request(Intervention change);
}
