/**
 * Learning rules — BPTT (full or truncated), e-prop, RFLO, RTRL, readout-only, node perturbation, Miconi's rule —
 * behind one interface ({@link org.brainsim.regions.rules.LearningRule}) and one registry
 * ({@link org.brainsim.regions.rules.Rules}) that states which model each applies to. Equations and the tests that
 * pin them down: {@code shared/reference/learning-rules.md} §1–§5.
 */
package org.brainsim.regions.rules;
