package org.brainsim.objectives;

/**
 * Losses over a readout y (batch × nOut) at the steps of an evaluation window.
 */
public enum LossKind
{
    /** E = ½ Σ_t Σ_k (y − y*)²; err = y − y*. */
    MSE,
    /** π = softmax(y), E = −Σ_t Σ_k π* log π; err = π − π* (π* one-hot or a distribution). */
    CROSS_ENTROPY,
    /**
     * Independent Bernoulli units (a spike or not): σ = sigmoid(y), E = −Σ_t Σ_k [y* log σ + (1 − y*) log(1 − σ)]
     * = Σ_t Σ_k [softplus(y) − y* y]; err = σ − y* (y* in [0, 1]).
     */
    BERNOULLI
}
