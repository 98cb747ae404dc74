package org.brainsim.scenarios.rl;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * L2-regularised logistic regression on standardised features (issue 14: telling arrangements apart from activity),
 * fitted by Newton's method: P(y = 1 | x) = σ(b + w·z), z the features standardised with the training set's means
 * and sds, minimising the negative log-likelihood plus ½ λ ‖w‖² (the intercept is not penalised). With few samples and
 * features that separate the classes, the penalty keeps the weights finite.
 */
public final class LogisticClassifier
{
    private final double[] mean;
    private final double[] sd;
    private final double[] w;     // [intercept, weights...]

    private LogisticClassifier(final double[] mean, final double[] sd, final double[] w)
    {
        this.mean = mean;
        this.sd = sd;
        this.w = w;
    }

    /**
     * @param x      samples × features.
     * @param y      labels, 0 or 1.
     * @param lambda the penalty on the weights (> 0).
     */
    public static LogisticClassifier fit(final double[][] x, final int[] y, final double lambda)
    {
        if (x.length != y.length || x.length < 2 || !(lambda > 0))
        {
            throw new IllegalArgumentException("samples, labels, lambda: " + x.length + ", " + y.length + ", " + lambda +
                " (expected: as many labels as samples, at least 2, lambda > 0)");
        }
        final int n = x.length;
        final int d = x[0].length;
        final double[] mean = new double[d];
        final double[] sd = new double[d];
        for (int j = 0; j < d; j++)
        {
            for (final double[] r : x)
            {
                mean[j] += r[j] / n;
            }
            for (final double[] r : x)
            {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
            sd[j] = Math.sqrt(sd[j]);
        }
        final double[] w = new double[d + 1];
        final LogisticClassifier model = new LogisticClassifier(mean, sd, w);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            final double[] g = new double[d + 1];
            final double[][] h = new double[d + 1][d + 1];
            for (int k = 0; k < n; k++)
            {
                final double[] z = model.design(x[k]);
                final double p = model.probability(x[k]);
                final double v = p * (1 - p);
                for (int i = 0; i <= d; i++)
                {
                    g[i] += (p - y[k]) * z[i];
                    for (int j = i; j <= d; j++)
                    {
                        h[i][j] += v * z[i] * z[j];
                    }
                }
            }
            for (int i = 0; i <= d; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    h[i][j] = h[j][i]; // exactly symmetric, as the Cholesky solver demands
                }
            }
            for (int i = 1; i <= d; i++)
            {
                g[i] += lambda * w[i];
                h[i][i] += lambda;
            }
            h[0][0] += 1e-9; // a sample set of one class only: keep the system solvable
            final RealMatrix hm = new Array2DRowRealMatrix(h, false);
            final RealVector step = new CholeskyDecomposition(hm, 1e-12, 1e-14).getSolver()
                .solve(new ArrayRealVector(g, false));
            double size = 0;
            for (int i = 0; i <= d; i++)
            {
                w[i] -= step.getEntry(i);
                size = Math.max(size, Math.abs(step.getEntry(i)));
            }
            if (size < 1e-10)
            {
                break;
            }
        }
        return model;
    }

    /** @return [1, standardised features] (a constant feature standardises to 0). */
    private double[] design(final double[] x)
    {
        final double[] z = new double[x.length + 1];
        z[0] = 1;
        for (int j = 0; j < x.length; j++)
        {
            z[j + 1] = sd[j] == 0 ? 0 : (x[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** @return P(y = 1 | x). */
    public double probability(final double[] x)
    {
        final double[] z = design(x);
        double s = 0;
        for (int i = 0; i < z.length; i++)
        {
            s += w[i] * z[i];
        }
        return 1 / (1 + Math.exp(-s));
    }

    /** @return the weights of the standardised features (without the intercept). */
    public double[] weights()
    {
        return java.util.Arrays.copyOfRange(w, 1, w.length);
    }

    /**
     * Cross-validation that holds out fold k's samples, fits on the others and predicts them.
     *
     * @param fold per sample, its fold (e.g. its seed: every arrangement's run of that seed is held out together).
     * @return per sample, the held-out P(y = 1).
     */
    public static double[] crossValidate(final double[][] x, final int[] y, final int[] fold, final double lambda)
    {
        final double[] p = new double[x.length];
        final java.util.Set<Integer> folds = new java.util.TreeSet<>();
        for (final int f : fold)
        {
            folds.add(f);
        }
        for (final int f : folds)
        {
            final java.util.List<double[]> tx = new java.util.ArrayList<>();
            final java.util.List<Integer> ty = new java.util.ArrayList<>();
            for (int k = 0; k < x.length; k++)
            {
                if (fold[k] != f)
                {
                    tx.add(x[k]);
                    ty.add(y[k]);
                }
            }
            final LogisticClassifier m = fit(tx.toArray(new double[0][]), ty.stream().mapToInt(Integer::intValue)
                .toArray(), lambda);
            for (int k = 0; k < x.length; k++)
            {
                if (fold[k] == f)
                {
                    p[k] = m.probability(x[k]);
                }
            }
        }
        return p;
    }
}
