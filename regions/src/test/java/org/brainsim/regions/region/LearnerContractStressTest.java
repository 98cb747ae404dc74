package org.brainsim.regions.region;

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
 */
@Tag("slow")
@Timeout(value = 75, unit = TimeUnit.MINUTES)
class LearnerContractStressTest
{
    private static final int REPEATS = 20;

    @Test
    void theContractSuiteTwentyTimesInARow()
    {
        final List<LearnerContractTest.Case> cases = LearnerContractTest.pairs()
            .map(a -> (LearnerContractTest.Case)a.get()[0]).toList();
        for (int r = 0; r < REPEATS; r++)
        {
            final long start = System.nanoTime();
            for (final LearnerContractTest.Case c : cases)
            {
                final LearnerContractTest suite = new LearnerContractTest();
                suite.aClosedGateChangesNothing(c);
                suite.weightsChangeOnlyWherePlasticityIsOn(c);
                suite.aShortTrainingRunLowersTheLoss(c);
            }
            System.out.printf("learner contract stress: round %d of %d, %d cases, %.1f s%n", r + 1, REPEATS,
                cases.size(), (System.nanoTime() - start) / 1e9);
        }
    }
}
