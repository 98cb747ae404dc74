package org.brainsim.bench;

import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.optim.Adam;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.region.Learner;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.rules.FeedbackMode;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.scenarios.tasks.PatternGeneration;
import org.brainsim.settings.ParamValues;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Reference §1.9 pattern generation with BPTT, symmetric e-prop and random e-prop on the same network,
 * task and seed: prints the normalised MSE along training and the wall time per iteration
 * (results in docs/results.md).
 *
 * <pre>java … org.brainsim.bench.PatternGenerationRun [iterations] [steps] [nRec] [learningRate] [seed]</pre>
 */
public final class PatternGenerationRun
{
    private PatternGenerationRun()
    {
    }

    public static void main(final String[] args)
    {
        final int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        final int steps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        final int nRec = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        final double lr = args.length > 3 ? Double.parseDouble(args[3]) : 3e-3;
        final long seed = args.length > 4 ? Long.parseLong(args[4]) : 2020;
        final java.util.List<String> only = args.length > 5 ? java.util.List.of(args[5].split(",")) : java.util.List.of();
        System.out.printf("pattern generation: %d steps, 100 inputs at 50 Hz, %d LIF, Adam %.0e, %d iterations, seed %d%n",
            steps, nRec, lr, iterations, seed);
        final String[] names = {"bptt", "eprop-symmetric", "eprop-random"};
        final RuleType[] rules = {BpttRule.TYPE, EpropRule.TYPE, EpropRule.TYPE};
        final ParamValues[] settings = {BpttRule.TYPE.defaults(),
            EpropRule.TYPE.defaults().with(EpropRule.FEEDBACK, FeedbackMode.SYMMETRIC), EpropRule.TYPE.defaults()};
        for (int r = 0; r < rules.length; r++)
        {
            if (!only.isEmpty() && !only.contains(names[r]))
            {
                continue;
            }
            final PatternGeneration task = PatternGeneration.create(steps, 1, 100, 50, 1, DataType.FLOAT,
                NodeRandom.forNode(seed, "pattern"));
            final SpikingNetwork net = new SpikingNetwork(PatternGeneration.networkParams(100, nRec), DataType.FLOAT,
                NodeRandom.forNode(seed, "network"));
            final Learner learner = new Learner(net, rules[r].create(net, settings[r], NodeRandom.forNode(seed,
                "feedback")), new Adam(lr), GradientPenalties.NONE);
            final TrialLoss loss = new TrialLoss(task.loss(), new FiringRate(1.5e-4, 10));
            learner.evaluate(task.inputs(), loss);
            final double initial = task.normalisedMse(learner.lastOutputs());
            final StringBuilder curve = new StringBuilder();
            final long start = System.nanoTime();
            for (int i = 1; i <= iterations; i++)
            {
                learner.trainTrial(task.inputs(), loss);
                if (i % Math.max(1, iterations / 10) == 0)
                {
                    learner.evaluate(task.inputs(), loss);
                    curve.append(String.format(" %d:%.4f", i, task.normalisedMse(learner.lastOutputs())));
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            learner.evaluate(task.inputs(), loss);
            System.out.printf("%-16s initial NMSE %.4f final NMSE %.4f  %.2f s/iteration  curve:%s%n", names[r], initial,
                task.normalisedMse(learner.lastOutputs()), seconds / iterations, curve);
        }
    }
}
