package org.brainsim.scenarios;

import java.nio.file.Path;

/**
 * How a run ended, as written in its manifest.
 *
 * @param status         {@code completed}, {@code failed}, {@code diverged} or {@code interrupted}.
 * @param outDir         the run directory.
 * @param stepsCompleted steps every node completed.
 * @param wallSeconds    wall-clock duration.
 * @param error          what went wrong, or {@code null}.
 */
public record RunOutcome(String status, Path outDir, long stepsCompleted, double wallSeconds, String error)
{
    /** @return whether every step ran. */
    public boolean completed()
    {
        return "completed".equals(status);
    }
}
