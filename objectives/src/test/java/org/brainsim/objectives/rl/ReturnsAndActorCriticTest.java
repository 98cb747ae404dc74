package org.brainsim.objectives.rl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Return arithmetic against hand-computed episodes, and the actor-critic loss's derivatives against central finite
 * differences in double precision.
 */
class ReturnsAndActorCriticTest
{
    private static final boolean[] NOT_DONE3 = {false, false, false};

    @Test
    void returnsTdErrorsAndAdvantagesOfAHandComputedEpisode()
    {
        final double[] r = {0, 0, 1};
        final double[] v = {0.5, 0.4, 0.3};
        // G = r + 0.9 G', bootstrapped from 0.2: 1 + 0.18 = 1.18, 0.9 · 1.18 = 1.062, 0.9 · 1.062 = 0.9558
        assertArrayEquals(new double[] {0.9558, 1.062, 1.18}, Returns.discounted(r, NOT_DONE3, 0.9, 0.2), 1e-12);
        // δ = r + 0.9 V' − V: 0.36 − 0.5, 0.27 − 0.4, 1 + 0.18 − 0.3
        assertArrayEquals(new double[] {-0.14, -0.13, 0.88}, Returns.tdErrors(r, v, NOT_DONE3, 0.9, 0.2), 1e-12);
        // λ = 1: G − V; λ = 0: δ; λ = 0.5: 0.88, −0.13 + 0.45 · 0.88 = 0.266, −0.14 + 0.45 · 0.266 = −0.0203
        assertArrayEquals(new double[] {0.4558, 0.662, 0.88}, Returns.advantages(r, v, NOT_DONE3, 0.9, 1, 0.2), 1e-12);
        assertArrayEquals(new double[] {-0.14, -0.13, 0.88}, Returns.advantages(r, v, NOT_DONE3, 0.9, 0, 0.2), 1e-12);
        assertArrayEquals(new double[] {-0.0203, 0.266, 0.88}, Returns.advantages(r, v, NOT_DONE3, 0.9, 0.5, 0.2),
            1e-12);
    }

    @Test
    void nothingFlowsBackAcrossTheEndOfAnEpisode()
    {
        final double[] r = {1, 1, 2};
        final double[] v = {0.3, 0.2, 0.1};
        final boolean[] done = {true, false, false};
        // the episode ends after step 0: G_0 = 1; then 1 + 0.5 (2 + 0.5 · 0.4) = 2.1, 2.2
        assertArrayEquals(new double[] {1, 2.1, 2.2}, Returns.discounted(r, done, 0.5, 0.4), 1e-12);
        assertArrayEquals(new double[] {0.7, 0.85, 2.1}, Returns.tdErrors(r, v, done, 0.5, 0.4), 1e-12);
        assertArrayEquals(new double[] {0.7, 1.9, 2.1}, Returns.advantages(r, v, done, 0.5, 1, 0.4), 1e-12);
        final boolean[] last = {false, false, true}; // the sequence ends an episode: no bootstrap
        assertEquals(2, Returns.discounted(r, last, 0.5, 0.4)[2], 0);
        assertThrows(IllegalArgumentException.class, () -> Returns.discounted(r, done, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Returns.advantages(r, v, done, 0.5, -0.1, 0));
    }

    @Test
    void actorCriticDerivativesMatchFiniteDifferences()
    {
        final ActorCriticLoss loss = new ActorCriticLoss(0.5, 0.05);
        final double[] y = {0.3, -1.2, 0.8, 0.1};
        final double v = 0.4;
        final int a = 2;
        final double advantage = -0.7;
        final double ret = 1.3;
        final double[] dy = new double[y.length];
        final double dv = loss.derivative(y, v, a, advantage, ret, dy);
        final double h = 1e-6;
        for (int k = 0; k < y.length; k++)
        {
            final double[] up = y.clone();
            final double[] down = y.clone();
            up[k] += h;
            down[k] -= h;
            final double fd = (loss.value(up, v, a, advantage, ret) - loss.value(down, v, a, advantage, ret)) / (2 * h);
            assertEquals(fd, dy[k], 1e-9, "logit " + k);
        }
        final double fdV = (loss.value(y, v + h, a, advantage, ret) - loss.value(y, v - h, a, advantage, ret)) / (2 * h);
        assertEquals(fdV, dv, 1e-9, "value");
        assertEquals(0.5 * (v - ret), dv, 1e-15, "c_V (V − R)");
    }

    @Test
    void theEntropyOfAUniformPolicyIsLogOfTheActions()
    {
        assertEquals(Math.log(4), ActorCriticLoss.entropy(ActorCriticLoss.policy(new double[] {2, 2, 2, 2})), 1e-15);
        final double[] pi = ActorCriticLoss.policy(new double[] {1000, 0});
        assertEquals(1, pi[0], 0);
        assertEquals(0, ActorCriticLoss.entropy(pi), 1e-300);
    }
}
