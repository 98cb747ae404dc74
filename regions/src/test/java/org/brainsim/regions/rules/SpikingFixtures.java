package org.brainsim.regions.rules;

import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;

import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded spiking set-ups for the gradient tests (double precision). */
public final class SpikingFixtures
{
    private SpikingFixtures()
    {
    }

    /** Reference §1.10 test 1: n_in 3, 4 LIF + 4 ALIF, τ_m 20, τ_a 500, v_th 0.62, β 0.07, γ 0.3, n_ref 2. */
    public static SpikingParams tiny(final int nRef, final double beta)
    {
        final double kappa = Math.exp(-1.0 / 20);
        return new SpikingParams(3, 4, 4, 2, 1, 20, 500, beta, 0.62, 1, 0.3, nRef, 20, 1 - kappa);
    }

    /** A network whose weights are scaled so that it spikes often on 100 Hz inputs. */
    public static SpikingNetwork network(final SpikingParams p, final long seed, final double inScale, final double recScale)
    {
        final NodeRandom random = NodeRandom.forNode(seed, "net");
        return new SpikingNetwork(p, DataType.DOUBLE,
            SpikingNetwork.gaussian(random, p.nIn(), p.n(), inScale, DataType.DOUBLE),
            SpikingNetwork.gaussian(random, p.n(), p.n(), recScale, DataType.DOUBLE),
            SpikingNetwork.gaussian(random, p.n(), p.nOut(), 1.0, DataType.DOUBLE),
            SpikingNetwork.gaussian(random, 1, p.nOut(), 0.1, DataType.DOUBLE),
            Nd4j.ones(DataType.DOUBLE, p.n(), p.n()));
    }

    /** Bernoulli spike inputs at rate p per step. */
    public static INDArray[] poissonInputs(final int steps, final int batch, final int nIn, final double p, final long seed)
    {
        final NodeRandom random = NodeRandom.forNode(seed, "inputs");
        final INDArray[] x = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            final double[] values = new double[batch * nIn];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = random.nextDouble() < p ? 1 : 0;
            }
            x[t] = Nd4j.create(values, new long[] {batch, nIn}, DataType.DOUBLE);
        }
        return x;
    }

    public static INDArray[] gaussianTargets(final int steps, final int batch, final int nOut, final long seed)
    {
        final NodeRandom random = NodeRandom.forNode(seed, "targets");
        final INDArray[] y = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            y[t] = SpikingNetwork.gaussian(random, batch, nOut, 1.0, DataType.DOUBLE);
        }
        return y;
    }

    public static double spikes(final SpikingTrajectory tr)
    {
        double s = 0;
        for (final INDArray z : tr.z())
        {
            s += z.sumNumber().doubleValue();
        }
        return s;
    }

    public static double relativeError(final INDArray a, final INDArray b)
    {
        return a.sub(b).norm2Number().doubleValue() / Math.max(1e-300, b.norm2Number().doubleValue());
    }
}
