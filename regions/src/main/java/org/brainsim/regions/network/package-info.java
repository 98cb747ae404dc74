/**
 * The networks a region runs: leaky rate RNNs in the Marschall et al. (2020) form and spiking LIF/ALIF networks in
 * the e-prop "EligALIF" form, each with a leaky readout, behind one interface ({@link
 * org.brainsim.regions.network.RegionNetwork}); the models a scenario names, which build them ({@link
 * org.brainsim.regions.network.Models}). Equations: {@code shared/reference/learning-rules.md} §1–§3.
 *
 * <p>Weights are stored {@code [pre, post]} so that a batch of row vectors multiplies them from the left:
 * {@code x (batch × nIn) · W_in (nIn × n)}. Every array of one network has one ND4J data type: float32 in
 * regions, float64 for gradient checks.
 */
package org.brainsim.regions.network;
