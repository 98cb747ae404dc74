package org.brainsim.scenarios.rl;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activity statistics on activity whose statistics are known: a course repeated identically in every trial has
 * no between-trial share, independent noise has all of it and a dimensionality near the number of units, one unit's
 * signal copied into every unit has dimensionality 1/units; a region that repeats the other's activity one step later
 * lags it; the classifier's fit satisfies its optimality condition and cross-validation never sees the held-out label.
 */
class ActivityFeaturesTest
{
    private static final int TRIALS = 400;
    private static final int STEPS = 6;
    private static final int UNITS = 8;

    private static float[][][] noise(final long seed)
    {
        final SplittableRandom r = new SplittableRandom(seed);
        final float[][][] x = new float[TRIALS][STEPS][UNITS];
        for (final float[][] trial : x)
        {
            for (final float[] step : trial)
            {
                for (int u = 0; u < UNITS; u++)
                {
                    step[u] = (float)(r.nextDouble() * 2 - 1);
                }
            }
        }
        return x;
    }

    @Test
    void knownActivityGivesKnownStatistics()
    {
        final float[][][] repeated = new float[TRIALS][STEPS][UNITS];
        final float[][][] copied = new float[TRIALS][STEPS][UNITS];
        final float[][][] noise = noise(1);
        for (int k = 0; k < TRIALS; k++)
        {
            for (int t = 0; t < STEPS; t++)
            {
                for (int u = 0; u < UNITS; u++)
                {
                    repeated[k][t][u] = (float)Math.sin(t + u);
                    copied[k][t][u] = noise[k][t][0];
                }
            }
        }
        final Map<String, Double> f = ActivityFeatures.of("a", repeated, "b", noise);
        assertEquals(0, f.get("a.trial_share"), 1e-9, "the same course every trial");
        assertEquals(1, f.get("b.trial_share"), 0.02, "independent noise: all between trials");
        assertEquals(1, f.get("b.dimensionality"), 0.05, "isotropic noise fills every dimension");
        assertEquals(1.0 / 3, f.get("b.variance"), 0.01, "U(-1, 1) has variance 1/3");
        assertEquals(0.5, f.get("b.mean_abs"), 0.01);
        assertEquals(0, f.get("b.autocorrelation"), 0.03, "noise is not autocorrelated");
        assertEquals(0, f.get("coupling"), 0.2, "unrelated regions: only the repeated course's chance correlations");
        final Map<String, Double> g = ActivityFeatures.of("a", copied, "b", noise);
        assertEquals(1.0 / UNITS, g.get("a.dimensionality"), 1e-6, "one signal in every unit");
    }

    @Test
    void aRegionThatRepeatsTheOtherOneStepLaterLagsIt()
    {
        final float[][][] a = noise(2);
        final float[][][] b = new float[TRIALS][STEPS][UNITS];
        for (int k = 0; k < TRIALS; k++)
        {
            for (int t = 1; t < STEPS; t++)
            {
                b[k][t] = a[k][t - 1].clone();
            }
        }
        final double lead = ActivityFeatures.of("a", a, "b", b).get("lead.a.b");
        assertTrue(lead > 0.1, "a leads b: " + lead);
        assertEquals(-lead, ActivityFeatures.of("b", b, "a", a).get("lead.b.a"), 1e-12);
    }

    @Test
    void theClassifierReachesItsOptimumAndCrossValidationHoldsOut()
    {
        final SplittableRandom r = new SplittableRandom(3);
        final int n = 40;
        final double[][] x = new double[n][2];
        final int[] y = new int[n];
        for (int k = 0; k < n; k++)
        {
            y[k] = k % 2;
            x[k][0] = r.nextGaussian() + (y[k] == 1 ? 1 : -1);
            x[k][1] = r.nextGaussian();
        }
        final double lambda = 0.5;
        final LogisticClassifier m = LogisticClassifier.fit(x, y, lambda);
        // the gradient of the penalised likelihood vanishes at the fit (standardised features, unpenalised intercept)
        final double[] mean = new double[2];
        final double[] sd = new double[2];
        for (int j = 0; j < 2; j++)
        {
            for (final double[] row : x)
            {
                mean[j] += row[j] / n;
            }
            for (final double[] row : x)
            {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
            sd[j] = Math.sqrt(sd[j]);
        }
        final double[] g = new double[3];
        for (int k = 0; k < n; k++)
        {
            final double e = m.probability(x[k]) - y[k];
            g[0] += e;
            g[1] += e * (x[k][0] - mean[0]) / sd[0];
            g[2] += e * (x[k][1] - mean[1]) / sd[1];
        }
        g[1] += lambda * m.weights()[0];
        g[2] += lambda * m.weights()[1];
        for (final double v : g)
        {
            assertEquals(0, v, 1e-8);
        }
        assertTrue(m.weights()[0] > 1 && Math.abs(m.weights()[1]) < m.weights()[0] / 3, "the informative feature " +
            "carries the model: " + java.util.Arrays.toString(m.weights()));
        // a held-out prediction is the prediction of the model fitted to the other folds only
        final int[] folds = new int[n];
        for (int k = 0; k < n; k++)
        {
            folds[k] = k / 4;
        }
        final double[] p = LogisticClassifier.crossValidate(x, y, folds, lambda);
        final double[][] rest = java.util.Arrays.copyOfRange(x, 4, n);
        final int[] restY = java.util.Arrays.copyOfRange(y, 4, n);
        final LogisticClassifier without = LogisticClassifier.fit(rest, restY, lambda);
        for (int k = 0; k < 4; k++)
        {
            assertEquals(without.probability(x[k]), p[k], 1e-12, "sample " + k);
        }
    }
}
