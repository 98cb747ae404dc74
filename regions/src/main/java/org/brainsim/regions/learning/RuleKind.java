package org.brainsim.regions.learning;

import java.util.EnumSet;
import java.util.Set;

/**
 * The learning rules, and the neuron models each applies to.
 */
public enum RuleKind
{
    /** Backpropagation through time, full or truncated (window K). */
    BPTT(EnumSet.allOf(ModelKind.class)),
    /** e-prop: eligibility traces × learning signal through feedback B (symmetric, random, adaptive). */
    EPROP(EnumSet.allOf(ModelKind.class)),
    /** Random-feedback local online learning (for rate networks: e-prop's trace without the self term). */
    RFLO(EnumSet.of(ModelKind.RATE)),
    /** Exact real-time recurrent learning (memory n³: small networks only). */
    RTRL(EnumSet.of(ModelKind.RATE)),
    /** Only the readout learns (fixed reservoir: echo-state / liquid-state). */
    READOUT_ONLY(EnumSet.allOf(ModelKind.class)),
    /** REINFORCE / node perturbation: Gaussian noise on the pre-activations, reward-modulated. */
    NODE_PERTURBATION(EnumSet.of(ModelKind.RATE)),
    /** Miconi's reward-modulated Δx Hebbian rule with sparse perturbations. */
    MICONI(EnumSet.of(ModelKind.RATE));

    private final Set<ModelKind> models;

    RuleKind(final Set<ModelKind> models)
    {
        this.models = models;
    }

    /** @return whether this rule applies to {@code model}. */
    public boolean appliesTo(final ModelKind model)
    {
        return models.contains(model);
    }
}
