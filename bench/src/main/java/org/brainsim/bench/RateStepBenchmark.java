package org.brainsim.bench;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RateModel;
import org.brainsim.regions.region.RegionKernel;

import java.util.List;

/**
 * One rate region's step (backend {@code cpu} unless told: its product is {@code FmaGemm}'s fused chains), h ← (1 − α) h + α tanh(h W_rec + x W_in + b), float32, preallocated buffers
 * (the region kernel that runs in the lockstep), timed per step. The PyTorch twin is
 * {@code bench/pytorch/rate_step.py}; {@code bench/run rate} runs both.
 *
 * <pre>java … org.brainsim.bench.RateStepBenchmark [N] [batch] [steps] [auto|cpu|nd4j]</pre>
 */
public final class RateStepBenchmark
{
    private RateStepBenchmark()
    {
    }

    public static void main(final String[] args)
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        final int steps = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        final Backend backend = Backend.valueOf((args.length > 3 ? args[3] : "auto").toUpperCase(java.util.Locale.ROOT));
        final int nIn = 64;
        final RegionKernel kernel = RegionKernel.inputsOnly(RateModel.RATE.build(new NetworkSpec(n, 1, batch, 1,
            List.of(new NetworkSpec.Input("x", nIn, LinkWeights.normal(1.0)))), RateModel.settings(20, 1.2, backend),
            NodeRandom.forNode(1, "bench")), batch);
        final float[][] inputs = {new float[batch * nIn]};
        final NodeRandom random = NodeRandom.forNode(2, "x");
        random.fillGaussian(inputs[0], 1.0);
        final float[] output = new float[batch * n];
        for (int t = 0; t < 200; t++)
        {
            kernel.step(t, inputs, output);
        }
        final long start = System.nanoTime();
        for (int t = 0; t < steps; t++)
        {
            kernel.step(t, inputs, output);
        }
        final double us = (System.nanoTime() - start) / 1e3 / steps;
        final Backend resolved = backend.resolve();
        System.out.printf("brainsim %s (product: %s) OMP_NUM_THREADS=%s N=%d batch=%d: %.1f us/step%n",
            resolved.name().toLowerCase(java.util.Locale.ROOT), resolved == Backend.CPU ?
                "fma chains on " + org.brainsim.regions.network.Lanes.floats() + " lanes" :
                "nd4j's openblas",
            System.getenv("OMP_NUM_THREADS"), n, batch, us);
        kernel.close();
    }
}
