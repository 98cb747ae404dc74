package org.brainsim.regions.rules;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Full BPTT of one region of an acyclic graph of regions (issue 12): its weight gradients, and the gradient of the
 * loss with respect to each of its input vectors x_t, which it hands to the regions that fed it.
 *
 * @param gradients   the region's weight gradients.
 * @param inputErrors per step, ∂L/∂x_t (batch × nIn).
 */
public record Backward(Gradients gradients, INDArray[] inputErrors)
{
}
