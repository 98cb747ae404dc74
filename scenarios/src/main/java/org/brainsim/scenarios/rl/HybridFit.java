package org.brainsim.scenarios.rl;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Maximum-likelihood fit of {@link HybridModel} to two-step choices: BOBYQA (Powell's bounded derivative-free method,
 * Apache Commons Math) within {@link HybridModel#LOWER} … {@link HybridModel#UPPER}, from several starts drawn with a
 * fixed seed (the best one wins; the same data give the same answer; a start where BOBYQA gives up, as it does on
 * flat likelihoods, is run by Nelder-Mead instead), and standard errors from the inverse of the
 * negative log-likelihood's Hessian at the optimum (central differences) over the parameters off their bounds: an
 * estimate on a bound (w = 0 of a purely model-free agent, say) has no meaningful standard error and gets NaN, and a
 * Hessian that is not positive definite gives NaN ones.
 */
public final class HybridFit
{
    private static final int EVALUATIONS = 20_000;
    private static final long SEED = 20110324L;

    /**
     * @param estimate       (α1, α2, λ, β1, β2, p, w).
     * @param se             their standard errors (NaN where the Hessian does not give one).
     * @param logLikelihood  at the estimate.
     * @param trials         trials fitted.
     * @param starts         starts tried.
     */
    public record Result(double[] estimate, double[] se, double logLikelihood, int trials, int starts)
    {
        /** @return the estimate of a parameter by name ({@link HybridModel#PARAMETERS}). */
        public double get(final String name)
        {
            return estimate[index(name)];
        }

        /** @return its standard error. */
        public double se(final String name)
        {
            return se[index(name)];
        }

        /** @return the Bayesian information criterion, −2 ll + k ln n, with n the trials (each has two choices). */
        public double bic()
        {
            return -2 * logLikelihood + estimate.length * Math.log(trials);
        }

        private static int index(final String name)
        {
            final int i = HybridModel.PARAMETERS.indexOf(name);
            if (i < 0)
            {
                throw new IllegalArgumentException("parameter: " + name + " (allowed: " + HybridModel.PARAMETERS + ")");
            }
            return i;
        }
    }

    private HybridFit()
    {
    }

    /**
     * Fits one parameter set to every agent's choices together (their log-likelihoods summed).
     *
     * @param common the common transition's probability.
     * @param starts starts of the optimiser (≥ 1).
     */
    public static Result fit(final List<HybridModel.Choices> agents, final double common, final int starts)
    {
        if (starts < 1 || agents.isEmpty())
        {
            throw new IllegalArgumentException("starts, agents: " + starts + ", " + agents.size() +
                " (expected: >= 1, at least one agent)");
        }
        int trials = 0;
        for (final HybridModel.Choices c : agents)
        {
            trials += c.trials();
        }
        final int n = HybridModel.PARAMETERS.size();
        final double[] lo = HybridModel.LOWER;
        final double[] hi = HybridModel.UPPER;
        // the optimiser works on u in [0, 1]^7 (θ = lo + u (hi − lo)), where one trust radius suits every parameter
        final ObjectiveFunction objective = new ObjectiveFunction(u -> -total(agents, common, theta(u)));
        final SplittableRandom random = new SplittableRandom(SEED);
        PointValuePair best = null;
        for (int s = 0; s < starts; s++)
        {
            final double[] u0 = new double[n];
            for (int i = 0; i < n; i++)
            {
                u0[i] = s == 0 ? 0.5 : 0.05 + 0.9 * random.nextDouble();
            }
            PointValuePair found;
            try
            {
                found = new BOBYQAOptimizer(2 * n + 1, 0.1, 1e-7).optimize(new MaxEval(EVALUATIONS), objective,
                    GoalType.MINIMIZE, new InitialGuess(u0), new SimpleBounds(new double[n], filled(n, 1.0)));
            }
            catch (final MathIllegalStateException ex)
            {
                // BOBYQA gives up on flat or degenerate likelihoods ("trust region step has failed to reduce Q"):
                // Nelder-Mead from the same start, kept in the cube by a penalty
                try
                {
                    found = simplex(agents, common, u0);
                }
                catch (final MathIllegalStateException again)
                {
                    continue; // this start found nothing; the others may have
                }
            }
            if (best == null || found.getValue() < best.getValue())
            {
                best = found;
            }
        }
        if (best == null)
        {
            throw new IllegalStateException("hybrid fit: no start converged in " + EVALUATIONS + " evaluations (" +
                starts + " starts)");
        }
        final double[] estimate = theta(best.getPoint());
        return new Result(estimate, standardErrors(agents, common, estimate), -best.getValue(), trials, starts);
    }

    private static PointValuePair simplex(final List<HybridModel.Choices> agents, final double common,
                                          final double[] u0)
    {
        final ObjectiveFunction penalised = new ObjectiveFunction(u ->
        {
            double outside = 0;
            for (final double x : u)
            {
                outside += x < 0 ? -x : x > 1 ? x - 1 : 0;
            }
            return -total(agents, common, theta(u)) + 1e3 * outside;
        });
        final PointValuePair found = new SimplexOptimizer(1e-10, 1e-8).optimize(new MaxEval(EVALUATIONS), penalised,
            GoalType.MINIMIZE, new InitialGuess(u0), new NelderMeadSimplex(u0.length, 0.1));
        final double[] u = found.getPoint().clone();
        for (int i = 0; i < u.length; i++)
        {
            u[i] = Math.min(1, Math.max(0, u[i]));
        }
        return new PointValuePair(u, -total(agents, common, theta(u)));
    }

    private static double total(final List<HybridModel.Choices> agents, final double common, final double[] theta)
    {
        double ll = 0;
        for (final HybridModel.Choices c : agents)
        {
            ll += HybridModel.logLikelihood(theta, common, c);
        }
        return ll;
    }

    private static double[] theta(final double[] u)
    {
        final double[] theta = new double[u.length];
        for (int i = 0; i < u.length; i++)
        {
            theta[i] = HybridModel.LOWER[i] + Math.min(1, Math.max(0, u[i])) * (HybridModel.UPPER[i] - HybridModel.LOWER[i]);
        }
        return theta;
    }

    /**
     * sqrt(diag(H⁻¹)) of the negative log-likelihood over the parameters off their bounds, by central differences; a
     * parameter on (or within two difference steps of) a bound gets NaN and is left out of H, so that it does not
     * distort the others' errors.
     */
    static double[] standardErrors(final List<HybridModel.Choices> agents, final double common, final double[] theta)
    {
        final double[] h = new double[theta.length];
        final int[] free = new int[theta.length];
        int n = 0;
        for (int i = 0; i < theta.length; i++)
        {
            h[i] = 1e-4 * Math.max(1, Math.abs(theta[i]));
            if (theta[i] - HybridModel.LOWER[i] > 2 * h[i] && HybridModel.UPPER[i] - theta[i] > 2 * h[i])
            {
                free[n++] = i;
            }
        }
        final double[] se = filled(theta.length, Double.NaN);
        if (n == 0)
        {
            return se;
        }
        final double f0 = -total(agents, common, theta);
        final double[][] hessian = new double[n][n];
        for (int fi = 0; fi < n; fi++)
        {
            for (int fj = fi; fj < n; fj++)
            {
                final int i = free[fi];
                final int j = free[fj];
                final double value;
                if (i == j)
                {
                    value = (-total(agents, common, shift(theta, i, h[i], j, 0)) - 2 * f0 -
                        total(agents, common, shift(theta, i, -h[i], j, 0))) / (h[i] * h[i]);
                }
                else
                {
                    value = (-total(agents, common, shift(theta, i, h[i], j, h[j])) +
                        total(agents, common, shift(theta, i, h[i], j, -h[j])) +
                        total(agents, common, shift(theta, i, -h[i], j, h[j])) -
                        total(agents, common, shift(theta, i, -h[i], j, -h[j]))) / (4 * h[i] * h[j]);
                }
                hessian[fi][fj] = value;
                hessian[fj][fi] = value;
            }
        }
        final RealMatrix m = new Array2DRowRealMatrix(hessian);
        final LUDecomposition lu = new LUDecomposition(m);
        if (!lu.getSolver().isNonSingular())
        {
            return se;
        }
        final RealMatrix inverse = lu.getSolver().getInverse();
        for (int fi = 0; fi < n; fi++)
        {
            final double v = inverse.getEntry(fi, fi);
            se[free[fi]] = v > 0 ? Math.sqrt(v) : Double.NaN;
        }
        return se;
    }

    private static double[] shift(final double[] theta, final int i, final double di, final int j, final double dj)
    {
        final double[] t = theta.clone();
        t[i] += di;
        t[j] += dj;
        return t;
    }

    private static double[] filled(final int n, final double value)
    {
        final double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
