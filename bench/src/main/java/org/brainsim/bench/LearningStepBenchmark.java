package org.brainsim.bench;

import java.util.List;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Activation;
import org.brainsim.regions.network.Models;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateParams;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.SpikingModel;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.MiconiRule;
import org.brainsim.regions.rules.Rtrl;
import org.brainsim.regions.rules.RtrlRule;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.regions.rules.Rules;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Time per simulated step of learning (forward + the rule's gradient + the update, per trial of T steps,
 * divided by T) for each (model, rule) at N ∈ {128, 512, 1024}, batch 64, and the FLOP/s this implies
 * (counting the matrix products only) against a large ND4J matrix product measured in the same run.
 *
 * <p>Every pair runs on both backends, {@code cpu} and {@code nd4j}. A spiking pair on the {@code cpu} backend runs
 * twice, on one thread and with {@code batch_threads = 2} (T4 of issue 11), and the two runs' weights after their
 * first three trials are compared bit for bit. Beside that ratio, two independent 1-thread regions run side by side on
 * two threads against one alone: what this machine gives two threads that share nothing. It is timed in its own
 * rounds, at other moments than the ratio, so it is a noisy guide to the ratio's ceiling, not a bound.
 *
 * <p>Each figure is the median of five timed rounds, printed with their range. The 1- and 2-thread regions take turns
 * round by round, so that a slow phase of a shared machine (up to 2× for seconds on the CI kind) falls on both sides
 * of the T4 ratio rather than on one.
 *
 * <pre>java … org.brainsim.bench.LearningStepBenchmark [steps] [sizes…] [models=lif,alif]</pre>
 */
public final class LearningStepBenchmark
{
    private static final int BATCH = 64;
    private static final int N_IN = 64;
    private static final int N_OUT = 2;
    /** Timed rounds per configuration; the median is reported (an odd count, so it is one round's figure). */
    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 400_000_000L;

    private LearningStepBenchmark()
    {
    }

    public static void main(final String[] args)
    {
        // a last argument models=a,b keeps those models only (e.g. models=lif,alif for the spiking ones)
        final String last = args.length > 0 ? args[args.length - 1] : "";
        final List<String> only = last.startsWith("models=") ? List.of(last.substring(7).split(",")) : null;
        final String[] numbers = only == null ? args : java.util.Arrays.copyOf(args, args.length - 1);
        final int steps = numbers.length > 0 ? Integer.parseInt(numbers[0]) : 50;
        final int[] sizes = numbers.length > 1 ? java.util.Arrays.stream(numbers).skip(1).mapToInt(Integer::parseInt)
            .toArray() : new int[] {128, 512, 1024};
        final double peak = largeProductGflops();
        System.out.printf("large ND4J product (2048x2048 float): %.1f GFLOP/s; batch %d, %d inputs, T = %d, " +
            "OMP_NUM_THREADS=%s%n", peak, BATCH, N_IN, steps, System.getenv("OMP_NUM_THREADS"));
        System.out.println("model rule             backend     N    ms/step   product GFLOP/s   share of large-product rate");
        for (final int n : sizes)
        {
            for (final RegionModel model : Models.REGISTRY.all())
            {
                if (only != null && !only.contains(model.name()))
                {
                    continue;
                }
                for (final RuleType rule : Rules.REGISTRY.all())
                {
                    if (!rule.appliesTo(model))
                    {
                        continue;
                    }
                    if (rule == RtrlRule.TYPE)
                    {
                        // O(batch · n³ · (n + nIn)) per step and batch · n² · (n + nIn) values: a 128-unit network
                        // at batch 64 already needs 0.8 GB and ~26 GFLOP per step.
                        final long bytes = Rtrl.influenceBytes(new RateParams(N_IN, n, N_OUT, 0.1, Activation.TANH, 0),
                            BATCH, 4);
                        System.out.printf("%-5s %-16s %-7s %5d   not run: influence tensor %.0f MB, O(n^4) per step%n",
                            model.name(), rule.name(), "nd4j", n, bytes / 1e6);
                        continue;
                    }
                    if (rule == MiconiRule.TYPE && n > 512)
                    {
                        // Its cubed Hebbian term needs a per-synapse eligibility: batch · (n + nIn) · n values updated
                        // every step (0.3 GB at n = 1024, batch 64).
                        System.out.printf("%-5s %-16s %-7s %5d   not run: per-synapse eligibility of %.0f MB per step%n",
                            model.name(), rule.name(), "nd4j", n, 4.0 * BATCH * (n + N_IN + 1) * n / 1e6);
                        continue;
                    }
                    for (final Backend backend : List.of(Backend.CPU, Backend.ND4J))
                    {
                        final Pair one = prepare(model, rule, backend, 1, n, steps);
                        if (backend == Backend.CPU && model.spiking())
                        {
                            // T4: the same region given a second thread for its batch chunks, timed in rounds
                            // that alternate with the 1-thread region's, so that a slow phase of a shared machine
                            // falls on both
                            final Pair two = prepare(model, rule, backend, 2, n, steps);
                            final Pair beside = prepare(model, rule, backend, 1, n, steps);
                            final double[][] ms = timeRounds(steps, n, one, two);
                            // the machine's own ceiling for two threads: two 1-thread regions, each on its own thread,
                            // side by side (no work shared, nothing waited for) against one alone, in rounds that
                            // alternate with the alone's
                            final double[] ceiling = new double[ROUNDS];
                            for (int r = 0; r < ROUNDS; r++)
                            {
                                final int trials = n >= 1024 ? 1 : 4;
                                final double alone = timeTrials(one, trials);
                                ceiling[r] = 2 * alone / timeSideBySide(one, beside, trials);
                            }
                            report(model, rule, "cpu", n, ms[0], peak);
                            report(model, rule, "cpux2", n, ms[1], peak);
                            final double[] ratios = new double[ROUNDS];
                            for (int r = 0; r < ROUNDS; r++)
                            {
                                ratios[r] = ms[0][r] / ms[1][r];
                            }
                            java.util.Arrays.sort(ratios);
                            System.out.printf("%-5s %-16s %-7s %5d   2 threads: %.2fx faster, weights %s " +
                                    "(ratio of the medians of %d alternating rounds; rounds %.2f-%.2fx)%n",
                                model.name(), rule.name(), "cpu", n, median(ms[0]) / median(ms[1]),
                                java.util.Arrays.equals(one.afterThree(), two.afterThree()) ? "bit-identical" :
                                "DIFFER from the 1-thread run", ROUNDS, ratios[0], ratios[ROUNDS - 1]);
                            final double[] sorted = ceiling.clone();
                            java.util.Arrays.sort(sorted);
                            System.out.printf("%-5s %-16s %-7s %5d   side by side: %.2fx the throughput of one " +
                                    "(two 1-thread regions on two threads, sharing nothing: what this machine gives two threads; median of " +
                                    "%d rounds, %.2f-%.2fx)%n", model.name(), rule.name(), "cpu", n, median(ceiling),
                                ROUNDS, sorted[0], sorted[ROUNDS - 1]);
                        }
                        else
                        {
                            report(model, rule, backend.name().toLowerCase(java.util.Locale.ROOT), n,
                                timeRounds(steps, n, one)[0], peak);
                        }
                    }
                }
            }
        }
    }

    /** A learner ready to time, its trial, and its weights after the first three trials (compared bit for bit). */
    private record Pair(Learner learner, INDArray[] x, TrialLoss loss, float[] afterThree)
    {
    }

    private static Pair prepare(
        final RegionModel model, final RuleType rule, final Backend backend, final int threads, final int n,
        final int steps)
    {
        final NodeRandom random = NodeRandom.forNode(1, model + "-" + rule + "-" + n);
        final NodeRandom inputs = NodeRandom.forNode(2, "inputs-" + n);
        final INDArray[] x = new INDArray[steps];
        final INDArray[] y = new INDArray[steps];
        for (int t = 0; t < steps; t++)
        {
            final float[] spikes = new float[BATCH * N_IN];
            for (int i = 0; i < spikes.length; i++)
            {
                spikes[i] = inputs.nextDouble() < 0.05 ? 1f : 0f; // seeded: runs compared bit for bit see the same trial
            }
            x[t] = Nd4j.create(spikes, new long[] {BATCH, N_IN}, 'c');
            y[t] = Nd4j.zeros(DataType.FLOAT, BATCH, N_OUT);
        }
        final RegionNetwork net;
        final TrialLoss loss;
        if (!model.spiking())
        {
            net = RateNetwork.random(new RateParams(N_IN, n, N_OUT, 0.1, Activation.TANH, 0), DataType.FLOAT, 1.0, random)
                .withBackend(backend);
            loss = TrialLoss.of(Loss.everyStep(LossKind.MSE, y));
        }
        else
        {
            final SpikingParams base = SpikingParams.evidenceAccumulation(N_IN, model == SpikingModel.LIF ? n : n / 2,
                model == SpikingModel.LIF ? 0 : n - n / 2, N_OUT);
            net = new SpikingNetwork(base, DataType.FLOAT, random).withBackend(backend).withThreads(threads);
            loss = new TrialLoss(Loss.everyStep(LossKind.MSE, y), new FiringRate(1, 10));
        }
        final Learner learner = new Learner(net, rule.create(net, rule.defaults(), random), new Adam(1e-3),
            GradientPenalties.NONE);
        // warm-up, at least 3 trials and 2 s: the JIT compiles the pair's code (and the threaded paths) here
        final long warm = System.nanoTime();
        float[] afterThree = null;
        for (int i = 0; i < 3 || System.nanoTime() - warm < 2_000_000_000L; i++)
        {
            learner.trainTrial(x, loss);
            if (i == 2)
            {
                afterThree = Nd4j.toFlattened(net.parameters()).castTo(DataType.FLOAT).toFloatVector();
            }
        }
        return new Pair(learner, x, loss, afterThree);
    }

    /**
     * Milliseconds per step of each learner in {@link #ROUNDS} rounds, the learners taking turns within a round: a
     * round runs at least {@value #ROUND_NANOS} ns and two trials (one at N ≥ 1024): 2 s in all, as the single timed
     * block before the rounds.
     */
    private static double[][] timeRounds(final int steps, final int n, final Pair... learners)
    {
        final double[][] ms = new double[learners.length][ROUNDS];
        for (int r = 0; r < ROUNDS; r++)
        {
            for (int k = 0; k < learners.length; k++)
            {
                final Pair p = learners[k];
                int trials = 0;
                final long start = System.nanoTime();
                while (trials < (n >= 1024 ? 1 : 2) || System.nanoTime() - start < ROUND_NANOS)
                {
                    p.learner().trainTrial(p.x(), p.loss());
                    trials++;
                }
                ms[k][r] = (System.nanoTime() - start) / 1e6 / (trials * (double)steps);
            }
        }
        return ms;
    }

    /** @return the seconds {@code trials} trials of {@code p} take on this thread. */
    private static double timeTrials(final Pair p, final int trials)
    {
        final long start = System.nanoTime();
        for (int i = 0; i < trials; i++)
        {
            p.learner().trainTrial(p.x(), p.loss());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** @return the seconds until {@code a} (on this thread) and {@code b} (on another) have each run {@code trials}. */
    private static double timeSideBySide(final Pair a, final Pair b, final int trials)
    {
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        final Thread other = new Thread(() ->
        {
            try
            {
                timeTrials(b, trials);
            }
            catch (final RuntimeException | Error ex)
            {
                failure.set(ex);
            }
        }, "side-by-side");
        final long start = System.nanoTime();
        other.start();
        try
        {
            timeTrials(a, trials);
        }
        catch (final RuntimeException | Error ex)
        {
            // the other region must be done before its learner is reused, and its own failure must not be lost
            joinQuietly(other);
            if (failure.get() != null)
            {
                ex.addSuppressed(failure.get());
            }
            throw ex;
        }
        joinQuietly(other);
        if (failure.get() != null)
        {
            throw new IllegalStateException("side-by-side region failed", failure.get());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Waits for {@code thread} to end, also when interrupted (it runs a learner the next round reuses); an interrupt
     * is passed on by setting this thread's flag again afterwards, not by an exception, so the timing still returns.
     */
    private static void joinQuietly(final Thread thread)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                thread.join();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true; // keep waiting: the thread still runs a learner the next round reuses
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** One row: the median of the rounds, then their range. */
    private static void report(
        final RegionModel model, final RuleType rule, final String label, final int n, final double[] ms,
        final double peak)
    {
        final double msPerStep = median(ms);
        // Products per step: forward (rec + in), backward (rec + in gradients, δ through W_rec): ≈ 5 of B×n×n scale.
        final double flops = 2.0 * BATCH * ((double)n * n * 3 + (double)N_IN * n * 2);
        final double gflops = flops / (msPerStep * 1e6);
        System.out.printf("%-5s %-16s %-7s %5d %9.3f %12.1f %14.1f %%   rounds %.3f-%.3f%n", model.name(), rule.name(),
            label, n, msPerStep, gflops, 100 * gflops / peak, java.util.Arrays.stream(ms).min().orElseThrow(),
            java.util.Arrays.stream(ms).max().orElseThrow());
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double largeProductGflops()
    {
        final INDArray a = Nd4j.rand(DataType.FLOAT, 2048, 2048);
        final INDArray b = Nd4j.rand(DataType.FLOAT, 2048, 2048);
        final INDArray c = Nd4j.create(DataType.FLOAT, 2048, 2048);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        final long start = System.nanoTime();
        final int reps = 5;
        for (int i = 0; i < reps; i++)
        {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        return reps * 2.0 * 2048 * 2048 * 2048 / ((System.nanoTime() - start) / 1e9) / 1e9;
    }
}
