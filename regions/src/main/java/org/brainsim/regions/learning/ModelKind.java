package org.brainsim.regions.learning;

/**
 * Neuron models.
 */
public enum ModelKind
{
    /** Leaky rate units (tanh, ReLU or softplus). */
    RATE,
    /** Leaky integrate-and-fire (ALIF with β = 0). */
    LIF,
    /** Adaptive LIF: a mix of LIF and threshold-adapting units. */
    ALIF
}
