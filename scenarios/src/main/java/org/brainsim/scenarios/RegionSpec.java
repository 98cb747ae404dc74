package org.brainsim.scenarios;

/**
 * A region of a scenario (first version: leaky rate RNN).
 *
 * @param name            unique node name.
 * @param model           neuron model ({@code rate}).
 * @param size            units.
 * @param tauMs           time constant in ms.
 * @param recurrentGain   g of W_rec ~ N(0, g²/size).
 * @param biasStd         standard deviation of the bias.
 * @param initialStateStd standard deviation of the initial state.
 */
public record RegionSpec(
    String name, String model, int size, double tauMs, double recurrentGain, double biasStd, double initialStateStd)
{
}
