package org.brainsim.regions.rules;

/**
 * How the learning signal reaches the recurrent units in e-prop and RFLO: L = err · B.
 */
public enum FeedbackMode
{
    /** B = W_outᵀ, tied as W_out learns. */
    SYMMETRIC,
    /** B fixed and random, N(0, 1/n) by default. */
    RANDOM,
    /**
     * Kolen–Pollack: B starts random and receives the same update as W_outᵀ; after every update both shrink
     * by a decay (1e-2), so B aligns with W_outᵀ (reference §1.5).
     */
    ADAPTIVE
}
