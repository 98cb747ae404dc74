package org.brainsim.scenarios.rl;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-step task's stay analysis (Daw et al. 2011, reference tasks.md §4.1): for every pair of consecutive trials
 * of one agent, whether the first-stage choice was repeated ("stay"), by the first trial's reward (rewarded or not)
 * and transition (common or rare). Two summaries:
 * <ul>
 * <li>the stay probability of each of the four cells, with its Wilson 95 % interval;</li>
 * <li>a logistic regression stay ~ 1 + reward + transition + reward × transition, each predictor coded ±1
 * (rewarded +1, common +1), fitted by Newton's method (iteratively reweighted least squares), with standard errors
 * from the inverse Fisher information. A model-free agent shows a positive reward coefficient and no interaction;
 * a model-based one a positive interaction.</li>
 * </ul>
 * One agent's trials are one row: pairs never span two rows, nor the end of an episode (when the agent's state is
 * reset, e.g. every 100 trials in Wang et al. 2018). The pooled fit treats every pair as independent, which trials of
 * one agent are not: its standard errors are optimistic; {@link #perAgent} gives the two-stage summary (each agent's
 * fit, then the mean and standard error of the mean over agents), the simplest stand-in for a hierarchical fit.
 */
public final class TwoStepAnalysis
{
    /** The predictors, in order. */
    public static final List<String> TERMS = List.of("intercept", "reward", "transition", "reward x transition");
    private static final double Z95 = 1.959963984540054;
    private static final int MAX_ITERATIONS = 100;

    private TwoStepAnalysis()
    {
    }

    /**
     * @param rewarded whether the earlier trial of the pairs was rewarded.
     * @param common   whether its transition was common.
     * @param n        pairs.
     * @param stays    pairs whose later trial repeated the first-stage choice.
     * @param low      the Wilson 95 % interval of {@code stays / n}.
     */
    public record Cell(boolean rewarded, boolean common, long n, long stays, double low, double high)
    {
        /** @return the stay probability ({@code NaN} without pairs). */
        public double p()
        {
            return n == 0 ? Double.NaN : (double)stays / n;
        }
    }

    /**
     * @param name     the predictor.
     * @param estimate its coefficient (log-odds of staying per unit of the ±1 code).
     * @param se       its standard error.
     */
    public record Coefficient(String name, double estimate, double se)
    {
        /** @return estimate / se. */
        public double z()
        {
            return estimate / se;
        }
    }

    /**
     * @param cells        the four cells: rewarded-common, rewarded-rare, unrewarded-common, unrewarded-rare.
     * @param coefficients {@link #TERMS}, in order (empty when the regression is not estimable).
     * @param converged    whether the regression converged (it does not when a cell stays always or never, or is
     *                     empty: its log-odds are then infinite or undefined).
     */
    public record Result(List<Cell> cells, List<Coefficient> coefficients, boolean converged)
    {
        /** @return the pairs analysed. */
        public long pairs()
        {
            return cells.stream().mapToLong(Cell::n).sum();
        }

        /** @return the coefficient of {@code name}. */
        public Coefficient coefficient(final String name)
        {
            return coefficients.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** The pooled analysis of agents whose trials form one episode each (see {@link #analyze(int[][], boolean[][], boolean[][], boolean[][])}). */
    public static Result analyze(final int[][] choice, final boolean[][] common, final boolean[][] reward)
    {
        return analyze(choice, common, reward, null);
    }

    /**
     * @param choice     per agent (row), the first-stage choice (0 or 1) of each trial in order.
     * @param common     per agent, whether each trial's transition was common.
     * @param reward     per agent, whether each trial was rewarded.
     * @param episodeEnd per agent, whether each trial ends an episode (no pair from it to the next), or {@code null}.
     */
    public static Result analyze(
        final int[][] choice, final boolean[][] common, final boolean[][] reward, final boolean[][] episodeEnd)
    {
        if (choice.length != common.length || choice.length != reward.length)
        {
            throw new IllegalArgumentException("rows: " + choice.length + ", " + common.length + ", " + reward.length +
                " (expected: the same)");
        }
        final long[] n = new long[4];
        final long[] stays = new long[4];
        for (int row = 0; row < choice.length; row++)
        {
            if (choice[row].length != common[row].length || choice[row].length != reward[row].length)
            {
                throw new IllegalArgumentException("row " + row + ": trials differ between the arrays");
            }
            for (int t = 0; t + 1 < choice[row].length; t++)
            {
                if (episodeEnd != null && episodeEnd[row][t])
                {
                    continue;
                }
                final int cell = (reward[row][t] ? 0 : 2) + (common[row][t] ? 0 : 1);
                n[cell]++;
                if (choice[row][t + 1] == choice[row][t])
                {
                    stays[cell]++;
                }
            }
        }
        final List<Cell> cells = new ArrayList<>();
        for (int c = 0; c < 4; c++)
        {
            final double[] wilson = wilson(stays[c], n[c]);
            cells.add(new Cell(c < 2, c % 2 == 0, n[c], stays[c], wilson[0], wilson[1]));
        }
        return regress(cells);
    }

    /**
     * The two-stage summary over agents: each agent's regression alone, then, for every term, the mean of the agents
     * whose fit converged and its standard error of the mean (an agent with a pure or empty cell has no fit).
     *
     * @return per term, {mean, standard error of the mean, agents}; empty when fewer than two agents' fits converged.
     */
    public static java.util.Map<String, double[]> perAgent(
        final int[][] choice, final boolean[][] common, final boolean[][] reward, final boolean[][] episodeEnd)
    {
        final List<Result> fits = new ArrayList<>();
        for (int row = 0; row < choice.length; row++)
        {
            final Result r = analyze(new int[][] {choice[row]}, new boolean[][] {common[row]},
                new boolean[][] {reward[row]}, episodeEnd == null ? null : new boolean[][] {episodeEnd[row]});
            if (r.converged())
            {
                fits.add(r);
            }
        }
        final java.util.Map<String, double[]> summary = new java.util.LinkedHashMap<>();
        if (fits.size() < 2)
        {
            return summary;
        }
        for (final String term : TERMS)
        {
            final double[] values = fits.stream().mapToDouble(f -> f.coefficient(term).estimate()).toArray();
            final double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN);
            double ss = 0;
            for (final double v : values)
            {
                ss += (v - mean) * (v - mean);
            }
            summary.put(term, new double[] {mean, Math.sqrt(ss / (values.length - 1) / values.length), values.length});
        }
        return summary;
    }

    /** @return the Wilson score interval at 95 % ({@code NaN}s without trials). */
    static double[] wilson(final long k, final long n)
    {
        if (n == 0)
        {
            return new double[] {Double.NaN, Double.NaN};
        }
        final double p = (double)k / n;
        final double z2 = Z95 * Z95;
        final double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        final double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Logistic regression on the four cells (each a binomial count), by Newton's method. */
    private static Result regress(final List<Cell> cells)
    {
        final double[][] x = new double[4][];
        for (int c = 0; c < 4; c++)
        {
            final double r = cells.get(c).rewarded() ? 1 : -1;
            final double t = cells.get(c).common() ? 1 : -1;
            x[c] = new double[] {1, r, t, r * t};
        }
        final double[] beta = new double[4];
        double[][] inverse = null;
        boolean converged = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS && !converged; iteration++)
        {
            final double[][] info = new double[4][4];
            final double[] score = new double[4];
            for (int c = 0; c < 4; c++)
            {
                final double eta = dot(x[c], beta);
                final double p = 1 / (1 + Math.exp(-eta));
                final double w = cells.get(c).n() * p * (1 - p);
                final double residual = cells.get(c).stays() - cells.get(c).n() * p;
                for (int i = 0; i < 4; i++)
                {
                    score[i] += x[c][i] * residual;
                    for (int j = 0; j < 4; j++)
                    {
                        info[i][j] += w * x[c][i] * x[c][j];
                    }
                }
            }
            inverse = invert(info);
            if (inverse == null)
            {
                break; // an empty cell, or fitted probabilities of 0 or 1
            }
            double step = 0;
            for (int i = 0; i < 4; i++)
            {
                final double d = dot(inverse[i], score);
                beta[i] += d;
                step = Math.max(step, Math.abs(d));
            }
            converged = step < 1e-10 && Double.isFinite(beta[0]);
        }
        final List<Coefficient> coefficients = new ArrayList<>();
        if (converged)
        {
            for (int i = 0; i < 4; i++)
            {
                coefficients.add(new Coefficient(TERMS.get(i), beta[i], Math.sqrt(inverse[i][i])));
            }
        }
        return new Result(List.copyOf(cells), List.copyOf(coefficients), converged);
    }

    private static double dot(final double[] a, final double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    /** @return the inverse of a symmetric positive definite matrix by Gauss–Jordan, or {@code null} if singular. */
    static double[][] invert(final double[][] m)
    {
        final int n = m.length;
        final double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++)
        {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col]))
                {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][col]) > 1e-12))
            {
                return null;
            }
            final double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            final double d = a[col][col];
            for (int j = 0; j < 2 * n; j++)
            {
                a[col][j] /= d;
            }
            for (int r = 0; r < n; r++)
            {
                if (r != col && a[r][col] != 0)
                {
                    final double f = a[r][col];
                    for (int j = 0; j < 2 * n; j++)
                    {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        final double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++)
        {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
