package org.brainsim.scenarios.spec;

import org.brainsim.objectives.ObjectiveType;
import org.brainsim.settings.ParamValues;

/**
 * One term of a region's objective.
 *
 * @param type   which objective.
 * @param weight its weight in the region's objective, ≥ 0.
 * @param params its settings.
 */
public record ObjectiveSpec(ObjectiveType type, double weight, ParamValues params)
{
}
