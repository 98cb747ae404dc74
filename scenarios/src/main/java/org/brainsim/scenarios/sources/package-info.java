/**
 * Built-in input sources: lockstep nodes that need no task library.
 */
package org.brainsim.scenarios.sources;
