/**
 * Recurrent networks that learn: spiking LIF/ALIF networks in the e-prop "EligALIF" form and leaky
 * rate RNNs in the Marschall et al. (2020) form, each with a leaky readout, and the rules that compute
 * their weight gradients — BPTT (full or truncated), e-prop, RTRL, RFLO — plus optimisers. Equations and
 * the tests that pin them down: {@code shared/reference/learning-rules.md} §1–§3.
 *
 * <p>Weights are stored {@code [pre, post]} so that a batch of row vectors multiplies them from the
 * left: {@code x (batch × nIn) · W_in (nIn × n)}. Every array of one network has one ND4J data type:
 * float32 in production, float64 for gradient checks.
 */
package org.brainsim.regions.learning;
