/**
 * Recording: NumPy {@code .npy} arrays streamed to disk in bounded chunks, and the run manifest.
 */
package org.brainsim.scenarios.record;
