package org.brainsim.scenarios.spec;

import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.settings.ParamValues;

import java.util.List;

/**
 * A region of a scenario, typed and resolved: every setting present, given or defaulted.
 *
 * @param name            unique node name.
 * @param model           its neuron model.
 * @param size            units.
 * @param modelParams     the model's settings.
 * @param rule            its learning rule, or {@code null} ({@code rule = none}: it learns nothing).
 * @param ruleParams      the rule's settings (empty without a rule).
 * @param update          the optimiser and gradient penalties ({@code OptimizerSettings}).
 * @param objectives      its objectives, weighted (empty without a rule, or when it learns from an error link).
 * @param outputs         readout units (the width of its target and action links).
 * @param trialSteps      steps per trial without a task's target (0: no trials).
 * @param errorDelaySteps steps between a step of this region and the arrival, on its error link, of the error about it.
 */
public record RegionSpec(
    String name, RegionModel model, int size, ParamValues modelParams, RuleType rule, ParamValues ruleParams,
    ParamValues update, List<ObjectiveSpec> objectives, int outputs, int trialSteps, int errorDelaySteps)
{
    public RegionSpec
    {
        objectives = List.copyOf(objectives);
    }

    /** @return whether this region learns. */
    public boolean learns()
    {
        return rule != null;
    }

    /** @return whether its units spike. */
    public boolean isSpiking()
    {
        return model.spiking();
    }

    /** @return a copy with these objectives. */
    public RegionSpec withObjectives(final List<ObjectiveSpec> list)
    {
        return new RegionSpec(name, model, size, modelParams, rule, ruleParams, update, list, outputs, trialSteps,
            errorDelaySteps);
    }
}
