package org.brainsim.regions.region;

import org.brainsim.regions.network.GcStorm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The learner contract suite ({@link LearnerContractTest}: every model, rule, feedback and backend) 20 times in a
 * row in one JVM. A native crash (SIGSEGV in libnd4jcpu inside a broadcast of the ND4J spiking step) was seen once
 * in that suite; off-heap memory released while an operation still reads it shows up only under repetition, as
 * the deallocator and the workspaces cycle. This run kills the JVM — and fails the build — if it recurs.
 *
 * <p>The cause was found (issue 11): ND4J lets a broadcast's op, and its dimensions array, become unreachable during
 * the native call, so a collection can free that array under the call ({@code Broadcasts} says more). The second test
 * runs the suite once more while another thread forces collections back to back, which turns such a race from a rare
 * event into a likely one for every ND4J operation the learners use.
 */
@Tag("slow")
@Timeout(value = 75, unit = TimeUnit.MINUTES)
class LearnerContractStressTest
{
    private static final int REPEATS = 20;

    @Test
    void theContractSuiteTwentyTimesInARow()
    {
        for (int r = 0; r < REPEATS; r++)
        {
            final long start = System.nanoTime();
            final int cases = runTheSuite();
            System.out.printf("learner contract stress: round %d of %d, %d cases, %.1f s%n", r + 1, REPEATS,
                cases, (System.nanoTime() - start) / 1e9);
        }
    }

    @Test
    void theContractSuiteUnderConstantGarbageCollection() throws InterruptedException
    {
        final long start = System.nanoTime();
        try (GcStorm storm = new GcStorm(1))
        {
            final int cases = runTheSuite();
            System.out.printf("learner contract stress under constant garbage collection: %d cases, %.1f s%n", cases,
                (System.nanoTime() - start) / 1e9);
        }
    }

    /** @return the number of cases run */
    private static int runTheSuite()
    {
        final List<LearnerContractTest.Case> cases = LearnerContractTest.pairs()
            .map(a -> (LearnerContractTest.Case)a.get()[0]).toList();
        for (final LearnerContractTest.Case c : cases)
        {
            final LearnerContractTest suite = new LearnerContractTest();
            suite.aClosedGateChangesNothing(c);
            suite.weightsChangeOnlyWherePlasticityIsOn(c);
            suite.aShortTrainingRunLowersTheLoss(c);
        }
        return cases.size();
    }
}
