package org.brainsim.scenarios.rl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics of two regions' recorded activity ({@code [trial][step][unit]}, one agent), what a classifier of how the
 * regions were arranged may read (issue 14): nothing about the configuration, only the activity. Per region R:
 * <ul>
 * <li>{@code R.mean_abs}: the mean |x|;</li>
 * <li>{@code R.variance}: the mean over units of the variance over every recorded step;</li>
 * <li>{@code R.dimensionality}: the participation ratio (Σλ)² / Σλ² of the units' covariance, over the units;</li>
 * <li>{@code R.autocorrelation}: the mean over units of the correlation of step t with step t + 1 in a trial;</li>
 * <li>{@code R.trial_share}: the share of the variance that is between trials at the same step (the rest is the
 * within-trial course shared by every trial);</li>
 * </ul>
 * and between them: {@code coupling}, the mean |correlation| between a unit of one and a unit of the other at the same
 * step; {@code lead.A.B}, the mean |correlation| of A at step t with B at step t + 1 less that of B at t with A at
 * t + 1 (which region's activity comes first).
 */
public final class ActivityFeatures
{
    private ActivityFeatures()
    {
    }

    /**
     * @param a     region A's activity, [trial][step][unit].
     * @param b     region B's, the same trials and steps.
     * @return the features by name, in a fixed order.
     */
    public static Map<String, Double> of(final String nameA, final float[][][] a, final String nameB,
                                         final float[][][] b)
    {
        if (a.length != b.length || a.length < 2 || a[0].length != b[0].length || a[0].length < 2)
        {
            throw new IllegalArgumentException("trials x steps: " + a.length + " x " + a[0].length + " and " +
                b.length + " x " + b[0].length + " (expected: the same, at least 2 x 2)");
        }
        final Map<String, Double> f = new LinkedHashMap<>();
        region(f, nameA, a);
        region(f, nameB, b);
        f.put("coupling", meanAbsCorrelation(samples(a, 0, 0), samples(b, 0, 0)));
        f.put("lead." + nameA + "." + nameB, meanAbsCorrelation(samples(a, 0, 1), samples(b, 1, 0)) -
            meanAbsCorrelation(samples(b, 0, 1), samples(a, 1, 0)));
        return f;
    }

    private static void region(final Map<String, Double> f, final String name, final float[][][] x)
    {
        final double[][] s = samples(x, 0, 0);
        double abs = 0;
        for (final double[] row : s)
        {
            for (final double v : row)
            {
                abs += Math.abs(v);
            }
        }
        f.put(name + ".mean_abs", abs / (s.length * (double)s[0].length));
        final double[][] cov = covariance(s);
        double trace = 0;
        double squares = 0;
        for (int i = 0; i < cov.length; i++)
        {
            trace += cov[i][i];
            for (int j = 0; j < cov.length; j++)
            {
                squares += cov[i][j] * cov[i][j]; // Σλ² = ‖C‖_F²
            }
        }
        f.put(name + ".variance", trace / cov.length);
        f.put(name + ".dimensionality", squares == 0 ? 0 : trace * trace / squares / cov.length);
        f.put(name + ".autocorrelation", meanDiagonalCorrelation(samples(x, 0, 1), samples(x, 1, 0)));
        // between-trial share: variance around each step's mean over trials, against variance around the grand mean
        final int trials = x.length;
        final int steps = x[0].length;
        final int units = x[0][0].length;
        double within = 0;
        double total = 0;
        for (int u = 0; u < units; u++)
        {
            double grand = 0;
            for (final float[][] trial : x)
            {
                for (final float[] step : trial)
                {
                    grand += step[u];
                }
            }
            grand /= trials * (double)steps;
            for (int t = 0; t < steps; t++)
            {
                double m = 0;
                for (final float[][] trial : x)
                {
                    m += trial[t][u];
                }
                m /= trials;
                for (final float[][] trial : x)
                {
                    within += (trial[t][u] - m) * (trial[t][u] - m);
                    total += (trial[t][u] - grand) * (trial[t][u] - grand);
                }
            }
        }
        f.put(name + ".trial_share", total == 0 ? 0 : within / total);
    }

    /** @return every (trial, step) sample with step in [from, steps − to), as rows of unit values. */
    private static double[][] samples(final float[][][] x, final int from, final int to)
    {
        final List<double[]> rows = new ArrayList<>();
        for (final float[][] trial : x)
        {
            for (int t = from; t < trial.length - to; t++)
            {
                final double[] r = new double[trial[t].length];
                for (int u = 0; u < r.length; u++)
                {
                    r[u] = trial[t][u];
                }
                rows.add(r);
            }
        }
        return rows.toArray(new double[0][]);
    }

    private static double[][] covariance(final double[][] s)
    {
        final int n = s.length;
        final int d = s[0].length;
        final double[] mean = new double[d];
        for (final double[] r : s)
        {
            for (int i = 0; i < d; i++)
            {
                mean[i] += r[i] / n;
            }
        }
        final double[][] c = new double[d][d];
        for (final double[] r : s)
        {
            for (int i = 0; i < d; i++)
            {
                final double di = r[i] - mean[i];
                for (int j = 0; j < d; j++)
                {
                    c[i][j] += di * (r[j] - mean[j]) / (n - 1);
                }
            }
        }
        return c;
    }

    /** @return the correlation of every column of x with every column of y (same rows); 0 for a constant column. */
    static double[][] correlations(final double[][] x, final double[][] y)
    {
        final int n = x.length;
        final double[][] zx = standardised(x);
        final double[][] zy = standardised(y);
        final double[][] r = new double[x[0].length][y[0].length];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < r.length; i++)
            {
                for (int j = 0; j < r[i].length; j++)
                {
                    r[i][j] += zx[k][i] * zy[k][j] / n;
                }
            }
        }
        return r;
    }

    private static double meanAbsCorrelation(final double[][] x, final double[][] y)
    {
        final double[][] r = correlations(x, y);
        double sum = 0;
        for (final double[] row : r)
        {
            for (final double v : row)
            {
                sum += Math.abs(v);
            }
        }
        return sum / (r.length * (double)r[0].length);
    }

    private static double meanDiagonalCorrelation(final double[][] x, final double[][] y)
    {
        final double[][] r = correlations(x, y);
        double sum = 0;
        for (int i = 0; i < r.length; i++)
        {
            sum += r[i][i];
        }
        return sum / r.length;
    }

    /** @return the columns centred and scaled to unit (population) variance; a constant column becomes 0. */
    private static double[][] standardised(final double[][] x)
    {
        final int n = x.length;
        final int d = x[0].length;
        final double[][] z = new double[n][d];
        for (int i = 0; i < d; i++)
        {
            double m = 0;
            for (final double[] r : x)
            {
                m += r[i] / n;
            }
            double v = 0;
            for (final double[] r : x)
            {
                v += (r[i] - m) * (r[i] - m) / n;
            }
            final double sd = Math.sqrt(v);
            for (int k = 0; k < n; k++)
            {
                z[k][i] = sd == 0 ? 0 : (x[k][i] - m) / sd;
            }
        }
        return z;
    }
}
