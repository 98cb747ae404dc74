package org.brainsim.scenarios.rl;

import java.util.ArrayList;
import java.util.List;

/**
 * The devaluation index of a run's free presses, per phase (reference tasks.md §5.2): with r_d and r_nd the press rates
 * of a lever whose outcome is devalued and of one whose outcome is not (presses per lever, so that unequal numbers of
 * levers compare), index = (r_nd − r_d) / (r_nd + r_d): 1 when only the levers of intact outcomes are pressed, 0 when
 * devaluation changed nothing, −1 when only devalued ones are. Its 95 % interval is the Wilson interval of the
 * share r_nd / (r_nd + r_d) over the presses counted, mapped to the index (exact for as many devalued levers as
 * intact ones; presses are taken as independent). Only free choices count (ordinary trials the agent chose in and
 * extinction trials), and only while some outcome is devalued; a phase with none of them has index NaN.
 */
public final class DevaluationAnalysis
{
    /** Trial kinds the task records. */
    static final int ORDINARY = 0;
    static final int EXTINCTION = 2;

    /**
     * One phase's presses.
     *
     * @param presses      free presses counted (while an outcome was devalued).
     * @param devalued     presses of levers whose outcome was devalued.
     * @param intact       presses of the others.
     * @param index        the devaluation index (NaN without presses counted).
     * @param low          its 95 % interval.
     */
    public record Phase(int phase, String name, long presses, long devalued, long intact, double index, double low,
                        double high)
    {
    }

    private DevaluationAnalysis()
    {
    }

    /**
     * @param press    per trial and row, the lever pressed (−1: none).
     * @param kind     per trial and row, the trial's kind (0 free ordinary, 1 exposure, 2 extinction, 3 forced).
     * @param devalued per trial and row, the bit mask of outcomes devalued in force.
     * @param phaseOf  per trial, its phase's index.
     * @param rows     rows per trial.
     * @param levers   levers (outcomes) of the task.
     * @param names    the phases' names, by index.
     * @return one entry per phase, in order.
     */
    public static List<Phase> analyse(final long[] press, final long[] kind, final long[] devalued, final long[] phaseOf,
                                      final int rows, final int levers, final List<String> names)
    {
        if (press.length != kind.length || press.length != devalued.length || press.length != phaseOf.length * rows ||
            levers < 2)
        {
            throw new IllegalArgumentException("press, kind, devalued, phase, rows, levers: " + press.length + ", " +
                kind.length + ", " + devalued.length + ", " + phaseOf.length + ", " + rows + ", " + levers +
                " (expected: trials x rows values each, trials phases, 2 or more levers)");
        }
        final List<Phase> out = new ArrayList<>();
        for (int p = 0; p < names.size(); p++)
        {
            long nd = 0;
            long nn = 0;
            double rd = 0;
            double rn = 0;
            for (int t = 0; t < phaseOf.length; t++)
            {
                if (phaseOf[t] != p)
                {
                    continue;
                }
                for (int r = 0; r < rows; r++)
                {
                    final int i = t * rows + r;
                    final long mask = devalued[i];
                    final int lever = (int)press[i];
                    if (kind[i] != ORDINARY && kind[i] != EXTINCTION || lever < 0 || lever >= levers || mask == 0)
                    {
                        continue;
                    }
                    final int down = Long.bitCount(mask & ((1L << levers) - 1));
                    if (down == levers)
                    {
                        continue; // every outcome devalued: no intact lever to compare with
                    }
                    if ((mask >> lever & 1) == 1)
                    {
                        nd++;
                        rd += 1.0 / down;
                    }
                    else
                    {
                        nn++;
                        rn += 1.0 / (levers - down);
                    }
                }
            }
            final long n = nd + nn;
            if (n == 0)
            {
                out.add(new Phase(p, names.get(p), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN));
                continue;
            }
            final double share = rn / (rn + rd);
            final double[] ci = TwoStepAnalysis.wilson(Math.round(share * n), n);
            out.add(new Phase(p, names.get(p), n, nd, nn, 2 * share - 1, 2 * ci[0] - 1, 2 * ci[1] - 1));
        }
        return out;
    }
}
