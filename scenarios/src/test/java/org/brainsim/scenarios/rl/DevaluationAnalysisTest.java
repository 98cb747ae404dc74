package org.brainsim.scenarios.rl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The devaluation index against hand counts: only free presses while an outcome is devalued count; rates are per
 * lever; the interval is Wilson's for the intact share, mapped to the index.
 */
class DevaluationAnalysisTest
{
    @Test
    void countsFreePressesWhileAnOutcomeIsDevalued()
    {
        // one row; phase 0: forced training (kind 3) and a free press before any devaluation; phase 1: exposures
        // (kind 1); phase 2: extinction with o1 (bit 0) devalued: 8 presses of lever 1 (intact), 2 of lever 0
        final long[] press = {0, 1, 1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        final long[] kind = {3, 3, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        final long[] mask = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        final long[] phase = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        final List<DevaluationAnalysis.Phase> result = DevaluationAnalysis.analyse(press, kind, mask, phase, 1, 2,
            List.of("train", "devalue", "test"));
        assertEquals(0, result.get(0).presses(), "nothing devalued yet: the free press does not count");
        assertTrue(Double.isNaN(result.get(0).index()));
        assertEquals(0, result.get(1).presses(), "exposures are not presses");
        final DevaluationAnalysis.Phase test = result.get(2);
        assertEquals(10, test.presses());
        assertEquals(2, test.devalued());
        assertEquals(8, test.intact());
        assertEquals((8 - 2) / 10.0, test.index(), 1e-12);
        // Wilson 95 % for 8 of 10: [0.4902, 0.9433], as 2 q - 1
        assertEquals(2 * 0.49016 - 1, test.low(), 1e-4);
        assertEquals(2 * 0.94332 - 1, test.high(), 1e-4);
    }

    @Test
    void ratesArePerLeverWhenTheLeversAreUneven()
    {
        // three levers, o1 devalued: presses 0, 1, 2 equally often are indifference (index 0), not 2 : 1
        final long[] press = {0, 1, 2, 0, 1, 2};
        final long[] kind = {0, 0, 0, 0, 0, 0};
        final long[] mask = {1, 1, 1, 1, 1, 1};
        final long[] phase = {0, 0, 0, 0, 0, 0};
        final DevaluationAnalysis.Phase p = DevaluationAnalysis.analyse(press, kind, mask, phase, 1, 3,
            List.of("choice")).get(0);
        assertEquals(0, p.index(), 1e-12);
    }

    @Test
    void theGroupIntervalIsStudentsT()
    {
        final double[] m = DevaluationReport.meanAndInterval(new double[] {0.2, 0.4, 0.6});
        assertEquals(0.4, m[0], 1e-12);
        assertEquals(0.2, m[1], 1e-12);
        assertEquals(4.302652729911275 * 0.2 / Math.sqrt(3), m[2], 1e-9); // t(0.975, 2 df)
    }
}
