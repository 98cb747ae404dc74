package org.brainsim.bench;

import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RateModel;
import org.brainsim.regions.region.RegionKernel;
import org.brainsim.regions.lockstep.GraphReport;
import org.brainsim.regions.lockstep.GraphSettings;
import org.brainsim.regions.lockstep.LocalGraph;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.lockstep.ThreadMode;

/**
 * End to end: a ring of four rate regions (N = 256, batch 32, delay 1) run as lockstep actors over
 * Aeron IPC, against the same four networks stepped in turn on one thread with no messaging at all.
 * Both run in the same JVM, alternately, so their ratio is measured under the same conditions, after one warm-up
 * round that is not counted. Per node, the four regions' threads share the machine's cores, which can hide the
 * messaging cost behind parallel compute; on a single thread they cannot, so that ratio is the messaging cost alone.
 *
 * <pre>java … org.brainsim.bench.RingBenchmark [steps] [rounds]</pre>
 */
public final class RingBenchmark
{
    private static final int REGIONS = 4;
    private static final int N = 256;
    private static final int BATCH = 32;
    private static final org.brainsim.settings.ParamValues PARAMS = RateModel.settings(20, 1.2)
        .with(RateModel.INITIAL_STATE_STD, 0.5);

    private RingBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long steps = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("ring of %d rate regions, N=%d, batch=%d, %d steps, OMP_NUM_THREADS=%s%n", REGIONS, N, BATCH,
            steps, System.getenv("OMP_NUM_THREADS"));
        // one round first, not counted, while the JIT compiles the actors' and the transport's code (the plain loop's
        // code is shared with the regions and would otherwise be warm in the first round while theirs is not)
        for (int round = -1; round < rounds; round++)
        {
            final double plain = plainSteps(steps);
            final double perNode = actorSteps(steps, ThreadMode.PER_NODE);
            final double single = actorSteps(steps, ThreadMode.SINGLE);
            System.out.printf("%s: plain loop %.0f steps/s | actors per-node %.0f steps/s (%.2fx) | " +
                "actors single-thread %.0f steps/s (%.2fx)%n", round < 0 ? "warm-up" : "round " + round, plain,
                perNode, perNode / plain, single, single / plain);
        }
    }

    private static RegionKernel kernel(final int i)
    {
        return RegionKernel.inputsOnly(RateModel.RATE.build(new NetworkSpec(N, 1, BATCH, 1,
            java.util.List.of(new NetworkSpec.Input("in", N, LinkWeights.normal(1.0)))), PARAMS,
            NodeRandom.forNode(1, "r" + i)), BATCH);
    }

    /** The four networks stepped in turn, each reading its predecessor's output of the previous step. */
    private static double plainSteps(final long steps)
    {
        final RegionKernel[] kernels = new RegionKernel[REGIONS];
        final float[][] outputs = new float[REGIONS][BATCH * N];
        final float[][] previous = new float[REGIONS][BATCH * N];
        for (int i = 0; i < REGIONS; i++)
        {
            kernels[i] = kernel(i);
        }
        final long start = System.nanoTime();
        for (long t = 0; t < steps; t++)
        {
            for (int i = 0; i < REGIONS; i++)
            {
                kernels[i].step(t, new float[][] {previous[(i + REGIONS - 1) % REGIONS]}, outputs[i]);
            }
            for (int i = 0; i < REGIONS; i++)
            {
                System.arraycopy(outputs[i], 0, previous[i], 0, outputs[i].length);
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        for (final RegionKernel k : kernels)
        {
            k.close();
        }
        return steps / seconds;
    }

    private static double actorSteps(final long steps, final ThreadMode mode) throws Exception
    {
        final LocalGraph.Builder builder = LocalGraph.builder();
        for (int i = 0; i < REGIONS; i++)
        {
            builder.node("r" + i, kernel(i), StepObserver.NONE, "Region");
        }
        for (int i = 0; i < REGIONS; i++)
        {
            builder.link("r" + i, "r" + ((i + 1) % REGIONS), 1);
        }
        final GraphReport report = builder.build().run(new GraphSettings(steps).withThreadMode(mode));
        return report.stepsPerSecond();
    }
}
