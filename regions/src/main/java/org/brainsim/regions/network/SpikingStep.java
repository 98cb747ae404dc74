package org.brainsim.regions.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step's values of a spiking network, each batch × units (y: batch × nOut).
 *
 * @param v   membrane potential.
 * @param a   adaptation.
 * @param z   spikes.
 * @param psi pseudo-derivative.
 * @param y   readout.
 */
public record SpikingStep(INDArray v, INDArray a, INDArray z, INDArray psi, INDArray y)
{
}
