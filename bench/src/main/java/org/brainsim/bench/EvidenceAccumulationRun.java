package org.brainsim.bench;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Supervised;
import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.Backend;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.rules.FeedbackMode;
import org.brainsim.regions.rules.LearningRule;
import org.brainsim.scenarios.tasks.EvidenceAccumulation;
import org.brainsim.scenarios.tasks.Task;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evidence accumulation trained directly (no lockstep, no messaging): the wall time of one training
 * iteration (a batch of trials: forward, the rule's gradients, Adam) and the pre-update error per iteration.
 * {@code bench/run evidence [rule] [iterations] [batch] [seed] [lif-only] [cpu|nd4j]}; stops when the mean error of the
 * last 8 iterations (each measured before its update, on fresh trials) falls below 7 %, rule = eprop-random,
 * eprop-symmetric or bptt.
 */
public final class EvidenceAccumulationRun
{
    private EvidenceAccumulationRun()
    {
    }

    public static void main(final String[] args)
    {
        final String ruleName = args.length > 0 ? args[0] : "eprop-random";
        final int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        final long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        final boolean lifOnly = args.length > 4 && Boolean.parseBoolean(args[4]);
        final Backend backend = args.length > 5 ? Backend.valueOf(args[5].toUpperCase(java.util.Locale.ROOT)) : Backend.CPU;
        final EvidenceAccumulation task = new EvidenceAccumulation(batch, 10, 7, 100, 150, 1050, 150, 0.04, 0.01, 0.3);
        final int steps = task.maxTrialSteps();
        SpikingParams params = SpikingParams.evidenceAccumulation(40, 50, 50, 2);
        if (lifOnly)
        {
            params = params.allLif();
        }
        final NodeRandom random = NodeRandom.forNode(seed, "ctx");
        final SpikingNetwork net = new SpikingNetwork(params, DataType.FLOAT, random).withBackend(backend);
        final NodeRandom learning = random.derive("learning");
        final LearningRule rule = switch (ruleName)
        {
            case "bptt" -> BpttRule.TYPE.create(net, BpttRule.TYPE.defaults(), learning);
            case "eprop-symmetric" -> EpropRule.TYPE.create(net,
                EpropRule.TYPE.defaults().with(EpropRule.FEEDBACK, FeedbackMode.SYMMETRIC), learning);
            default -> EpropRule.TYPE.create(net, EpropRule.TYPE.defaults(), learning);
        };
        final Learner learner = new Learner(net, rule, new Adam(5e-3), new GradientPenalties(0, Double.POSITIVE_INFINITY));
        final Supervised objective = new Supervised(LossKind.CROSS_ENTROPY, Supervised.Reduction.MEAN);
        final NodeRandom taskRandom = NodeRandom.forNode(seed, "task");
        final INDArray[] x = new INDArray[steps];
        final INDArray[] y = new INDArray[steps];
        final double[] window = new double[steps];
        final float[] obs = new float[batch * 40];
        final float[] target = new float[batch * 2];
        System.out.printf("rule %s, batch %d, seed %d, %s, %d steps per trial, backend %s%n", ruleName, batch, seed,
            lifOnly ? "LIF only" : "50 LIF + 50 ALIF", steps, backend);
        final double[] recent = new double[8];
        java.util.Arrays.fill(recent, 1);
        for (int it = 0; it < iterations; it++)
        {
            final long t0 = System.nanoTime();
            final Task.Trial trial = task.next(it, taskRandom);
            for (int t = 0; t < steps; t++)
            {
                trial.observation(t, obs);
                trial.target(t, target);
                x[t] = Nd4j.create(obs.clone(), new long[] {batch, 40}, DataType.FLOAT);
                y[t] = Nd4j.create(target.clone(), new long[] {batch, 2}, DataType.FLOAT);
                window[t] = trial.window(t);
            }
            final long t1 = System.nanoTime();
            final TrialLoss loss = new TrialLoss(objective.loss(y, window), new FiringRate(1e-6, 10));
            final double value = learner.trainTrial(x, loss);
            final double[] correct = Supervised.correct(learner.lastOutputs(), y, window);
            double errors = 0;
            for (final double c : correct)
            {
                errors += 1 - c;
            }
            final long t2 = System.nanoTime();
            System.out.printf("iteration %4d  loss %.4f  error %.3f  data %.2f s  train %.2f s%n", it, value,
                errors / batch, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            recent[it % recent.length] = errors / batch;
            if (java.util.Arrays.stream(recent).average().orElse(1) < 0.07)
            {
                System.out.printf("stop: mean error of the last %d iterations < 0.07 after %d iterations%n", recent.length,
                    it + 1);
                break;
            }
        }
    }
}
