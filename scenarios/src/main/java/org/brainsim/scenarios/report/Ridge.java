package org.brainsim.scenarios.report;

/**
 * A linear decoder of a class from features, fitted by ridge regression onto the one-hot class (with a bias):
 * {@code W = (XᵀX + λ n I)⁻¹ XᵀY} in double precision, solved by Cholesky; the decoded class is the arg-max of
 * {@code x W}. Samples are every step of every row of a range of trials.
 */
final class Ridge
{
    /** Fills the features of one sample into {@code x} (zeroed before the call; its last entry is the bias). */
    @FunctionalInterface
    interface Features
    {
        void fill(int trial, int row, int step, double[] x);
    }

    private Ridge()
    {
    }

    /**
     * @param d       features per sample.
     * @param classes classes.
     * @param labels  the class per trial, row, step.
     * @param rows    the rows used (the first ones).
     * @return the share of test samples (trials split … end−1) decoded right by the decoder fitted on trials first …
     * split−1.
     */
    static double accuracy(
        final int d, final int classes, final int[][][] labels, final int rows, final int first, final int split,
        final int end, final Features features)
    {
        final int n = d + 1;
        final double[][] xtx = new double[n][n];
        final double[][] xty = new double[n][classes];
        final double[] x = new double[n];
        long samples = 0;
        for (int trial = first; trial < split; trial++)
        {
            for (int b = 0; b < rows; b++)
            {
                for (int t = 0; t < labels[trial][b].length; t++)
                {
                    sample(features, trial, b, t, x);
                    for (int i = 0; i < n; i++)
                    {
                        if (x[i] == 0)
                        {
                            continue;
                        }
                        for (int j = 0; j < n; j++)
                        {
                            xtx[i][j] += x[i] * x[j];
                        }
                        xty[i][labels[trial][b][t]] += x[i];
                    }
                    samples++;
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            xtx[i][i] += RIDGE_SCALE * samples;
        }
        final double[][] w = solve(xtx, xty);
        long right = 0;
        long total = 0;
        for (int trial = split; trial < end; trial++)
        {
            for (int b = 0; b < rows; b++)
            {
                for (int t = 0; t < labels[trial][b].length; t++)
                {
                    sample(features, trial, b, t, x);
                    int best = 0;
                    double top = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < classes; c++)
                    {
                        double v = 0;
                        for (int i = 0; i < n; i++)
                        {
                            v += x[i] * w[i][c];
                        }
                        if (v > top)
                        {
                            top = v;
                            best = c;
                        }
                    }
                    right += best == labels[trial][b][t] ? 1 : 0;
                    total++;
                }
            }
        }
        return right / (double)total;
    }

    /** λ per sample: the ridge penalty grows with the data, so it stays a light touch. */
    static final double RIDGE_SCALE = 1e-5;

    private static void sample(final Features features, final int trial, final int b, final int t, final double[] x)
    {
        java.util.Arrays.fill(x, 0);
        features.fill(trial, b, t, x);
        x[x.length - 1] = 1;
    }

    /** @return A⁻¹ B for a symmetric positive definite A (Cholesky). */
    static double[][] solve(final double[][] a, final double[][] b)
    {
        final int n = a.length;
        final double[][] l = new double[n][n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i][j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j)
                {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-300));
                }
                else
                {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        final int m = b[0].length;
        final double[][] x = new double[n][m];
        for (int c = 0; c < m; c++)
        {
            final double[] y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double sum = b[i][c];
                for (int k = 0; k < i; k++)
                {
                    sum -= l[i][k] * y[k];
                }
                y[i] = sum / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double sum = y[i];
                for (int k = i + 1; k < n; k++)
                {
                    sum -= l[k][i] * x[k][c];
                }
                x[i][c] = sum / l[i][i];
            }
        }
        return x;
    }
}
