package org.brainsim.regions.network;

import org.brainsim.objectives.Floats;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * The buffers of a spiking trajectory's kept arrays (v, a, z, ψ, y: {@link Floats#view} of every step), looked up
 * again only when other arrays come: a learner reuses one trajectory's arrays trial after trial
 * ({@link SpikingNetwork#forwardReusing}), so their buffers are looked up once. Not thread-safe; the views it returns
 * are read by many threads.
 */
final class TrajectoryViews
{
    private INDArray[][] arrays = new INDArray[5][0];
    private FloatBuffer[][] views = new FloatBuffer[5][0];

    /** @return views of {@code tr}'s v, a, z, ψ and y, in that order, each indexed by step. */
    FloatBuffer[][] of(final SpikingTrajectory tr)
    {
        final INDArray[][] now = {tr.v(), tr.a(), tr.z(), tr.psi(), tr.y()};
        for (int k = 0; k < now.length; k++)
        {
            if (!same(now[k], arrays[k]))
            {
                views[k] = Floats.views(now[k]);
                arrays[k] = now[k].clone();
            }
        }
        return views;
    }

    private static boolean same(final INDArray[] a, final INDArray[] b)
    {
        if (a.length != b.length)
        {
            return false;
        }
        for (int i = 0; i < a.length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }
        return true;
    }
}
