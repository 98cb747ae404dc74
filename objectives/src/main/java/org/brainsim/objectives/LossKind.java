package org.brainsim.objectives;

/**
 * Losses over a readout y (batch × nOut) at the steps of an evaluation window.
 */
public enum LossKind
{
    /** E = ½ Σ_t Σ_k (y − y*)²; err = y − y*. */
    MSE,
    /** π = softmax(y), E = −Σ_t Σ_k π* log π; err = π − π* (π* one-hot or a distribution). */
    CROSS_ENTROPY
}
