/**
 * Scenario scripts (HOCON) as typed, validated data, and the run coordinator that turns a scenario into
 * a lockstep graph, records it and writes its manifest.
 */
package org.brainsim.scenarios;
