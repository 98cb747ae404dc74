package org.brainsim.scenarios;

import java.util.List;

/**
 * What a run records.
 *
 * @param nodes      nodes whose activity is written (every input and region by default).
 * @param everySteps record every k-th step (1 = all).
 */
public record RecordSpec(List<String> nodes, int everySteps)
{
}
