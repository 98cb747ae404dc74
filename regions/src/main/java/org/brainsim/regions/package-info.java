/**
 * Brain regions: neuron dynamics, their seeded random streams, and the lockstep node actor that runs
 * them in deterministic conservative synchronisation (DESIGN.md §3, §5).
 */
package org.brainsim.regions;
