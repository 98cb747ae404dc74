package org.brainsim.scenarios.rl;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HybridModel}'s likelihood by hand, and {@link HybridFit} recovering the parameters of simulated agents. */
class HybridFitTest
{
    private static final double DAW = TwoStepProcess.Variant.DAW_2011.common();

    @Test
    void likelihoodOfFourTrialsAsComputedByHand()
    {
        // α1 = 0.3, α2 = 0.7, λ = 0.5, β1 = 2, β2 = 4, p = 0.4, w = 0.5, P_c = 0.7 (all different, so a swap shows)
        final double[] theta = {0.3, 0.7, 0.5, 2, 4, 0.4, 0.5};
        final HybridModel.Choices c = new HybridModel.Choices(
            new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, new int[] {1, 0, 1, 0}, new double[] {1, 0, 0, 1});
        // trial 1: every value 0, both choices 1/2. δ1 = 0, δ2 = 1: Q_MF(0) = 0.3·0.5·1 = 0.15, Q2(0,1) = 0.7.
        // trial 2: Q_MB = (0.7·0.7, 0.3·0.7) = (0.49, 0.21); net = (0.245 + 0.075, 0.105) = (0.32, 0.105);
        //   logits 2·net + 0.4 for repeating 0 = (1.04, 0.21): P(0) = σ(0.83). State 1's values are 0: 1/2.
        //   δ1 = 0 − 0.15, δ2 = 0: Q_MF(0) = 0.15 − 0.045 = 0.105.
        // trial 3 (choice 1, rare, to state 0): net = (0.245 + 0.0525, 0.105) = (0.2975, 0.105); logits (0.995, 0.21):
        //   P(1) = σ(−0.785). State 0: Q2 = (0, 0.7), choice 1: σ(4·0.7) = σ(2.8).
        //   δ1 = 0.7 − 0 = 0.7, δ2 = 0 − 0.7: Q_MF(1) = 0.3·0.7 − 0.3·0.5·0.7 = 0.105; Q2(0,1) = 0.7 − 0.49 = 0.21.
        // trial 4: Q_MB = (0.7·0.21, 0.3·0.21) = (0.147, 0.063); net = (0.0735 + 0.0525, 0.0315 + 0.0525) =
        //   (0.126, 0.084); logits (0.252, 0.168 + 0.4 for repeating 1): P(1) = σ(0.316). State 1: 1/2.
        final double expected = 4 * Math.log(0.5) + Math.log(sigmoid(0.83)) + Math.log(sigmoid(-0.785)) +
            Math.log(sigmoid(2.8)) + Math.log(sigmoid(0.316));
        assertEquals(expected, HybridModel.logLikelihood(theta, DAW, c), 1e-12);
    }

    @Test
    void aPureModelFreeAgentIgnoresTheTransitionStructure()
    {
        // with w = 0 the common probability cannot matter; with w = 1 it must
        final HybridModel.Choices c = simulate(new double[] {0.4, 0.6, 0.8, 4, 4, 0.3, 0.5}, 50, 7);
        final double[] mf = {0.4, 0.6, 0.8, 4, 4, 0.3, 0};
        final double[] mb = {0.4, 0.6, 0.8, 4, 4, 0.3, 1};
        assertEquals(HybridModel.logLikelihood(mf, 0.7, c), HybridModel.logLikelihood(mf, 0.9, c), 1e-12);
        assertTrue(Math.abs(HybridModel.logLikelihood(mb, 0.7, c) - HybridModel.logLikelihood(mb, 0.9, c)) > 1e-3);
    }

    @Test
    void recoversTheWeightFromTwoThousandSimulatedTrials()
    {
        for (final double w : new double[] {0.2, 0.5, 0.8})
        {
            final double[] truth = {0.4, 0.6, 0.6, 5, 3.5, 0.3, w};
            final HybridModel.Choices c = simulate(truth, 2000, 11);
            final HybridFit.Result fit = HybridFit.fit(List.of(c), DAW, 5);
            assertEquals(w, fit.get("w"), 0.1, "w = " + w + ": fitted " + java.util.Arrays.toString(fit.estimate()));
            assertEquals(truth[3], fit.get("beta1"), 1.5, "beta1 at w = " + w);
            assertEquals(truth[4], fit.get("beta2"), 1.0, "beta2 at w = " + w);
            assertEquals(truth[1], fit.get("alpha2"), 0.15, "alpha2 at w = " + w);
            assertTrue(fit.se("w") > 0 && fit.se("w") < 0.2, "se(w) = " + fit.se("w"));
            // the fit is at least as likely as the truth
            assertTrue(fit.logLikelihood() >= HybridModel.logLikelihood(truth, DAW, c) - 1e-6);
        }
    }

    @Test
    void poolsAgents()
    {
        final double[] truth = {0.5, 0.5, 0.6, 5, 5, 0.3, 0.7};
        final List<HybridModel.Choices> agents = new ArrayList<>();
        for (int seed = 1; seed <= 4; seed++)
        {
            agents.add(simulate(truth, 500, seed));
        }
        final HybridFit.Result fit = HybridFit.fit(agents, DAW, 3);
        assertEquals(2000, fit.trials());
        assertEquals(0.7, fit.get("w"), 0.1);
    }

    /** Choices of {@link HybridAgent} (written apart from the model) in Daw's task. */
    static HybridModel.Choices simulate(final double[] theta, final int trials, final long seed)
    {
        final NodeRandom random = NodeRandom.forNode(seed, "hybrid");
        final TwoStepProcess world = new TwoStepProcess(TwoStepProcess.Variant.DAW_2011, random.derive("world"));
        final HybridAgent agent = new HybridAgent(theta[0], theta[1], theta[2], theta[3], theta[4], theta[5], theta[6],
            DAW, random.derive("agent"));
        final int[] first = new int[trials];
        final int[] state = new int[trials];
        final int[] second = new int[trials];
        final double[] reward = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            first[t] = agent.first();
            final TwoStepProcess.Transition tr = world.first(first[t]);
            state[t] = tr.state();
            second[t] = agent.second(state[t]);
            final boolean paid = world.second(state[t], second[t]);
            reward[t] = paid ? 1 : 0;
            agent.learn(first[t], state[t], second[t], paid);
        }
        return new HybridModel.Choices(first, state, second, reward);
    }

    private static double sigmoid(final double x)
    {
        return 1 / (1 + Math.exp(-x));
    }
}
