package org.brainsim.regions.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a spiking network did over one trial, step by step (each array batch × units or batch × nOut):
 * every quantity the rules need afterwards.
 *
 * @param x     inputs x_t.
 * @param v     membrane potentials v_t.
 * @param a     adaptation a_t.
 * @param z     spikes z_t (0/1).
 * @param psi   pseudo-derivatives ψ_t (0 while refractory).
 * @param y     readouts y_t.
 */
public record SpikingTrajectory(INDArray[] x, INDArray[] v, INDArray[] a, INDArray[] z, INDArray[] psi, INDArray[] y)
    implements Trajectory
{
    @Override
    public int steps()
    {
        return z.length;
    }

    /** @return the spikes z_t. */
    @Override
    public INDArray[] activity()
    {
        return z;
    }

    /** @return mean firing rate over batch, time and units, in Hz. */
    public double meanRateHz(final double dtMs)
    {
        double spikes = 0;
        long count = 0;
        for (final INDArray zt : z)
        {
            spikes += zt.sumNumber().doubleValue();
            count += zt.length();
        }
        return count == 0 ? 0 : spikes / count * 1000.0 / dtMs;
    }
}
