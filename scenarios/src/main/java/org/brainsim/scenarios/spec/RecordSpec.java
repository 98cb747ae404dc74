package org.brainsim.scenarios.spec;

import java.util.List;

/**
 * What a run records.
 *
 * @param nodes              nodes whose activity is written (every input and region by default).
 * @param everySteps         without a task: record every k-th step (1 = all).
 * @param everyTrials        with a task: record whole trials 0, k, 2k, … (0 = no activity).
 * @param rows               batch rows recorded (the first {@code rows}).
 * @param weightsEveryTrials learning regions: weight snapshots after trials 0, k, 2k, … (0 = none).
 */
public record RecordSpec(List<String> nodes, int everySteps, int everyTrials, int rows, int weightsEveryTrials)
{
}
