/**
 * Leaky rate networks on ND4J (float32).
 */
package org.brainsim.regions.rate;
