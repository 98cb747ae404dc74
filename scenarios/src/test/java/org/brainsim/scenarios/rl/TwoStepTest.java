package org.brainsim.scenarios.rl;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-step task's world and its stay analysis: the world's statistics over 10⁴ trials (transition frequencies,
 * drift and its bounds, Wang's swaps and reward rates); the Wilson interval against a known value; the logistic
 * regression recovers known coefficients from choices simulated from them, with standard errors equal to the closed
 * form of the saturated model; and scripted model-free and model-based agents (Daw's hybrid model with w = 0 and 1)
 * show their signatures: a reward effect without interaction, and an interaction without reward effect.
 */
class TwoStepTest
{
    private static final int TRIALS = 10_000;

    @Test
    void dawsWorldHasItsTransitionsAndItsBoundedDrift()
    {
        final TwoStepProcess world = new TwoStepProcess(TwoStepProcess.Variant.DAW_2011, NodeRandom.forNode(1, "daw"));
        int common = 0;
        double sumSq = 0;
        long steps = 0;
        for (int t = 0; t < TRIALS; t++)
        {
            final double[] before = probabilities(world);
            if (world.trial(t % 2, s -> 0).common())
            {
                common++;
            }
            final double[] after = probabilities(world);
            for (int i = 0; i < 4; i++)
            {
                assertTrue(after[i] >= TwoStepProcess.LOW && after[i] <= TwoStepProcess.HIGH, "bounded: " + after[i]);
                if (before[i] > 0.35 && before[i] < 0.65) // far from the bounds: no reflection
                {
                    sumSq += (after[i] - before[i]) * (after[i] - before[i]);
                    steps++;
                }
            }
        }
        assertEquals(0.7, (double)common / TRIALS, 0.014, "common transitions (3 s.d. 0.014)");
        final double sd = Math.sqrt(sumSq / steps);
        assertEquals(TwoStepProcess.DRIFT_SD, sd, 0.05 * TwoStepProcess.DRIFT_SD, "drift sd from " + steps + " steps");
        assertEquals(0.26, TwoStepProcess.reflect(0.24), 1e-15, "reflection at the low bound");
        assertEquals(0.74, TwoStepProcess.reflect(0.76), 1e-15, "reflection at the high bound");
    }

    @Test
    void wangsWorldSwapsItsGoodStateAndPaysByState()
    {
        final TwoStepProcess world = new TwoStepProcess(TwoStepProcess.Variant.WANG_2018, NodeRandom.forNode(2, "wang"));
        int common = 0;
        int swaps = 0;
        final int[] visits = new int[2];
        final int[] paid = new int[2]; // [good, bad]
        for (int t = 0; t < TRIALS; t++)
        {
            final int good = world.goodState();
            final TwoStepProcess.Step step = world.trial(t % 2, s -> 1);
            common += step.common() ? 1 : 0;
            final int which = step.state() == good ? 0 : 1;
            visits[which]++;
            paid[which] += step.reward() ? 1 : 0;
            swaps += world.goodState() != good ? 1 : 0;
        }
        assertEquals(0.8, (double)common / TRIALS, 0.012, "common transitions");
        assertEquals(0.025, (double)swaps / TRIALS, 0.0047, "swaps per trial");
        assertEquals(0.9, (double)paid[0] / visits[0], 0.015, "good state's reward rate");
        assertEquals(0.1, (double)paid[1] / visits[1], 0.015, "bad state's reward rate");
    }

    @Test
    void wilsonIntervalOfEightInTen()
    {
        final double[] ci = TwoStepAnalysis.wilson(8, 10);
        assertEquals(0.4902, ci[0], 1e-4);
        assertEquals(0.9433, ci[1], 1e-4);
    }

    @Test
    void theRegressionRecoversKnownCoefficients()
    {
        final double[] beta = {0.4, 0.9, -0.2, 0.6};
        final NodeRandom random = NodeRandom.forNode(3, "logistic");
        final int rows = 20;
        final int trials = 1000;
        final int[][] choice = new int[rows][trials];
        final boolean[][] common = new boolean[rows][trials];
        final boolean[][] reward = new boolean[rows][trials];
        for (int row = 0; row < rows; row++)
        {
            choice[row][0] = random.nextInt(2);
            for (int t = 0; t < trials; t++)
            {
                reward[row][t] = random.nextDouble() < 0.5;
                common[row][t] = random.nextDouble() < 0.7;
                if (t + 1 < trials)
                {
                    final double r = reward[row][t] ? 1 : -1;
                    final double c = common[row][t] ? 1 : -1;
                    final double p = 1 / (1 + Math.exp(-(beta[0] + beta[1] * r + beta[2] * c + beta[3] * r * c)));
                    choice[row][t + 1] = random.nextDouble() < p ? choice[row][t] : 1 - choice[row][t];
                }
            }
        }
        final TwoStepAnalysis.Result result = TwoStepAnalysis.analyze(choice, common, reward);

        assertTrue(result.converged());
        assertEquals((long)rows * (trials - 1), result.pairs());
        // the saturated model's closed form: β = ¼ Σ_cells code · logit(p̂), Var β = (1/16) Σ_cells 1 / (n p̂ (1 − p̂))
        double variance = 0;
        final double[] closed = new double[4];
        for (final TwoStepAnalysis.Cell cell : result.cells())
        {
            final double p = cell.p();
            final double logit = Math.log(p / (1 - p));
            final double r = cell.rewarded() ? 1 : -1;
            final double c = cell.common() ? 1 : -1;
            final double[] code = {1, r, c, r * c};
            for (int i = 0; i < 4; i++)
            {
                closed[i] += code[i] * logit / 4;
            }
            variance += 1 / (cell.n() * p * (1 - p)) / 16;
        }
        for (int i = 0; i < 4; i++)
        {
            final TwoStepAnalysis.Coefficient k = result.coefficients().get(i);
            assertEquals(closed[i], k.estimate(), 1e-9, k.name() + ": the closed form");
            assertEquals(Math.sqrt(variance), k.se(), 1e-9, k.name() + ": its standard error");
            assertEquals(beta[i], k.estimate(), 3 * k.se(), k.name() + ": the true coefficient within 3 s.e.");
        }
    }

    /** @return the pooled analysis of a scripted agent's trials, 20 agents in independent worlds. */
    private static TwoStepAnalysis.Result simulate(final double w, final long seed)
    {
        final Object[] trials = play(w, seed);
        final TwoStepAnalysis.Result result = TwoStepAnalysis.analyze((int[][])trials[0], (boolean[][])trials[1],
            (boolean[][])trials[2]);
        // the numbers docs/results.md quotes
        System.out.printf("two-step, hybrid agent w = %s, seed %d: P(stay) %s; %s%n", w, seed,
            result.cells().stream().map(c -> String.format("%.3f", c.p())).toList(), result.coefficients());
        return result;
    }

    /** @return {choice, common, reward} per agent (row): 20 agents × 500 trials, each in its own world. */
    private static Object[] play(final double w, final long seed)
    {
        final int rows = 20;
        final int trials = 500;
        final int[][] choice = new int[rows][trials];
        final boolean[][] common = new boolean[rows][trials];
        final boolean[][] reward = new boolean[rows][trials];
        for (int row = 0; row < rows; row++)
        {
            final NodeRandom random = NodeRandom.forNode(seed, "agent-" + row);
            final TwoStepProcess world = new TwoStepProcess(TwoStepProcess.Variant.DAW_2011, random.derive("world"));
            final HybridAgent agent = new HybridAgent(w, TwoStepProcess.Variant.DAW_2011.common(),
                random.derive("agent"));
            for (int t = 0; t < trials; t++)
            {
                final int first = agent.first();
                final int[] second = new int[1];
                final TwoStepProcess.Step step = world.trial(first, s -> second[0] = agent.second(s));
                agent.learn(first, step.state(), second[0], step.reward());
                choice[row][t] = first;
                common[row][t] = step.common();
                reward[row][t] = step.reward();
            }
        }
        return new Object[] {choice, common, reward};
    }

    @Test
    void theTwoStageSummaryOverAgentsShowsTheModelBasedInteraction()
    {
        final Object[] trials = play(1, 5);
        final java.util.Map<String, double[]> agents = TwoStepAnalysis.perAgent((int[][])trials[0],
            (boolean[][])trials[1], (boolean[][])trials[2], null);
        final double[] interaction = agents.get("reward x transition");
        assertEquals(20, interaction[2], 0, "every agent's fit converged");
        assertTrue(interaction[0] / interaction[1] > 5, "mean over agents " + interaction[0] + " ± " + interaction[1]);
        final double[] reward = agents.get("reward");
        assertTrue(Math.abs(reward[0]) < 3 * reward[1] + 0.1, "no reward effect: " + reward[0] + " ± " + reward[1]);
    }

    @Test
    void noPairSpansTheEndOfAnEpisode()
    {
        final int[][] choice = {{0, 1, 1, 0, 0, 1}};
        final boolean[][] common = {{true, false, true, true, false, true}};
        final boolean[][] reward = {{false, true, true, false, true, true}};
        final boolean[][] ends = {{false, false, true, false, false, false}};
        final TwoStepAnalysis.Result all = TwoStepAnalysis.analyze(choice, common, reward);
        final TwoStepAnalysis.Result episodes = TwoStepAnalysis.analyze(choice, common, reward, ends);

        assertEquals(5, all.pairs());
        assertEquals(4, episodes.pairs(), "the pair from trial 2 to trial 3 crosses the episode's end");
        // trial 2 (rewarded, common) stays into trial 3 only across the end: its cell loses that pair
        final long rewardedCommon = episodes.cells().get(0).n();
        assertEquals(all.cells().get(0).n() - 1, rewardedCommon);
    }

    @Test
    void aModelFreeAgentStaysAfterRewardWhateverTheTransition()
    {
        final TwoStepAnalysis.Result mf = simulate(0, 4);
        final TwoStepAnalysis.Coefficient reward = mf.coefficient("reward");
        final TwoStepAnalysis.Coefficient interaction = mf.coefficient("reward x transition");

        assertTrue(reward.z() > 5, "reward effect: " + reward);
        assertTrue(Math.abs(interaction.estimate()) < 0.2 * reward.estimate(), "no interaction: " + interaction);
        assertTrue(Math.abs(interaction.z()) < 3, "no interaction: " + interaction);
    }

    @Test
    void aModelBasedAgentStaysAfterRewardOnlyWhenTheTransitionWasCommon()
    {
        final TwoStepAnalysis.Result mb = simulate(1, 5);
        final TwoStepAnalysis.Coefficient reward = mb.coefficient("reward");
        final TwoStepAnalysis.Coefficient interaction = mb.coefficient("reward x transition");

        assertTrue(interaction.z() > 5, "interaction: " + interaction);
        assertTrue(Math.abs(reward.estimate()) < 0.2 * interaction.estimate(), "no reward main effect: " + reward);
        // rewarded-common and unrewarded-rare stay more than rewarded-rare and unrewarded-common
        final double[] p = mb.cells().stream().mapToDouble(TwoStepAnalysis.Cell::p).toArray();
        assertTrue(p[0] > p[1] && p[3] > p[2], java.util.Arrays.toString(p));
    }

    @Test
    void aCellThatAlwaysStaysLeavesTheRegressionUnestimated()
    {
        final int[][] choice = {{0, 0, 0, 0, 1, 1}};
        final boolean[][] common = {{true, true, false, false, true, true}};
        final boolean[][] reward = {{true, true, true, false, false, false}};
        final TwoStepAnalysis.Result result = TwoStepAnalysis.analyze(choice, common, reward);

        assertEquals(5, result.pairs());
        assertFalse(result.converged(), "an empty or pure cell has infinite log-odds");
        assertTrue(result.coefficients().isEmpty());
    }

    private static double[] probabilities(final TwoStepProcess world)
    {
        return new double[] {world.rewardProbability(0, 0), world.rewardProbability(0, 1),
            world.rewardProbability(1, 0), world.rewardProbability(1, 1)};
    }
}
