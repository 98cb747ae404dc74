package org.brainsim.scenarios.rl;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bandit's world: a stationary arm pays at its probability over 10⁴ pulls; a restless one stays in [0, 1] and
 * steps with the given sd away from the bounds; the same seed gives the same rewards.
 */
class BanditTest
{
    @Test
    void aStationaryArmPaysAtItsProbability()
    {
        final Bandit bandit = new Bandit(3, 0, NodeRandom.forNode(1, "bandit"));
        final double p = bandit.probability(1);
        int paid = 0;
        for (int i = 0; i < 10_000; i++)
        {
            paid += bandit.pull(1);
        }
        assertEquals(p, bandit.probability(1), 0, "stationary");
        assertEquals(p, paid / 10_000.0, 3 * Math.sqrt(p * (1 - p) / 10_000) + 1e-9);
    }

    @Test
    void aRestlessBanditDriftsWithinItsBounds()
    {
        final Bandit bandit = new Bandit(2, 0.05, NodeRandom.forNode(2, "bandit"));
        double sumSq = 0;
        int steps = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final double before = bandit.probability(0);
            bandit.pull(i % 2);
            final double after = bandit.probability(0);
            assertTrue(after >= 0 && after <= 1, "bounded: " + after);
            if (before > 0.25 && before < 0.75)
            {
                sumSq += (after - before) * (after - before);
                steps++;
            }
        }
        assertEquals(0.05, Math.sqrt(sumSq / steps), 0.0025, "step sd from " + steps + " steps");
        assertEquals(0.3, Bandit.reflect(-0.3), 1e-15);
        assertEquals(0.8, Bandit.reflect(1.2), 1e-15);
        assertEquals(0.5, Bandit.reflect(2.5), 1e-15);
    }

    @Test
    void theSameSeedPaysTheSameAndBadArmsAreRefused()
    {
        final Bandit a = new Bandit(4, 0.02, NodeRandom.forNode(3, "bandit"));
        final Bandit b = new Bandit(4, 0.02, NodeRandom.forNode(3, "bandit"));
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(a.pull(i % 4), b.pull(i % 4));
        }
        assertThrows(IllegalArgumentException.class, () -> a.pull(4));
        assertThrows(IllegalArgumentException.class, () -> new Bandit(1, 0, NodeRandom.forNode(1, "x")));
    }
}
