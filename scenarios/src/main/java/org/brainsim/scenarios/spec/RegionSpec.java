package org.brainsim.scenarios.spec;

import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.RegionObjectives;
import org.brainsim.objectives.rl.Actor;
import org.brainsim.objectives.rl.ActorCritic;
import org.brainsim.objectives.rl.Arbiter;
import org.brainsim.objectives.rl.ModelBased;
import org.brainsim.objectives.rl.ModelFree;
import org.brainsim.objectives.rl.TdCritic;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.settings.ParamValues;

import java.util.ArrayList;
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
 * @param outputs         readout units for its target and action links (0 for a region that only predicts); its
 *                        predictive terms' units follow them ({@link #readoutWidth()}).
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

    /**
     * @return readout units: {@code outputs}, the value unit of an actor-critic term, then one block per predictive
     *         term, as wide as what it predicts.
     */
    public int readoutWidth()
    {
        int width = outputs + valueUnits();
        for (final ObjectiveSpec o : objectives)
        {
            width += o.predict() == null ? 0 : o.predict().width();
        }
        return width;
    }

    /**
     * @return per objective, the readout units it reads: a predictive term its own block, a term with a target the
     * first {@code outputs}, any other (a regulariser of the readout) all of them.
     */
    public List<RegionObjectives.Block> blocks()
    {
        final List<RegionObjectives.Block> blocks = new ArrayList<>();
        int next = outputs + valueUnits();
        for (final ObjectiveSpec o : objectives)
        {
            if (o.type() == ActorCritic.TYPE)
            {
                blocks.add(new RegionObjectives.Block(0, outputs + ActorCritic.VALUE_UNITS));
            }
            else if (o.type() == ModelFree.TYPE || o.type() == Arbiter.TYPE)
            {
                blocks.add(new RegionObjectives.Block(0, outputs));
            }
            else if (o.type() == ModelBased.TYPE)
            {
                blocks.add(new RegionObjectives.Block(0, ModelBased.blockWidth(outputs, o.params().get(ModelBased.STATES))));
            }
            else if (o.predict() != null)
            {
                blocks.add(new RegionObjectives.Block(next, o.predict().width()));
                next += o.predict().width();
            }
            else if (o.emitsError())
            {
                blocks.add(new RegionObjectives.Block(0, outputs));
            }
            else
            {
                blocks.add(new RegionObjectives.Block(0, readoutWidth()));
            }
        }
        return blocks;
    }

    /** @return values per row of its predictions: its predictive terms' readout units. */
    public int predictionWidth()
    {
        return readoutWidth() - outputs - valueUnits();
    }

    /**
     * @return readout units after the outputs that an acting term reads: an actor-critic's value unit, or the rest of a
     *     model-based term's model (per action, S + 1 outcome logits and a reward, beyond one unit per action); else 0.
     */
    public int valueUnits()
    {
        for (final ObjectiveSpec o : objectives)
        {
            if (o.type() == ActorCritic.TYPE)
            {
                return ActorCritic.VALUE_UNITS;
            }
            if (o.type() == ModelBased.TYPE)
            {
                return ModelBased.blockWidth(outputs, o.params().get(ModelBased.STATES)) - outputs;
            }
        }
        return 0;
    }

    /** @return whether the region acts: an objective of it draws actions (actor-critic, actor, model-free, model-based, arbiter). */
    public boolean acts()
    {
        return objectives.stream().anyMatch(o -> o.type() == ActorCritic.TYPE || o.type() == Actor.TYPE ||
            o.type() == ModelFree.TYPE || o.type() == ModelBased.TYPE || o.type() == Arbiter.TYPE);
    }

    /** @return whether an objective of it sends a neuromodulator (td-critic). */
    public boolean sendsModulator()
    {
        return objectives.stream().anyMatch(o -> o.type() == TdCritic.TYPE);
    }

    /** @return whether an objective of the region learns from a task's rewards. */
    public boolean learnsFromRewards()
    {
        return objectives.stream().anyMatch(o -> o.type().inputs().contains(ObjectiveInput.REWARD));
    }

    /** @return values per row of the error it emits on error links: its error-emitting terms' blocks, in order. */
    public int errorWidth()
    {
        int width = 0;
        for (final ObjectiveSpec o : objectives)
        {
            width += o.predict() != null ? o.predict().width() : o.emitsError() ? outputs : 0;
        }
        return width;
    }

    /** @return a copy with {@code n} readout units for its target and action links. */
    public RegionSpec withOutputs(final int n)
    {
        return new RegionSpec(name, model, size, modelParams, rule, ruleParams, update, objectives, n, trialSteps,
            errorDelaySteps);
    }

    /**
     * @param links the scenario's links.
     * @return whether the region learns in the task's trials: it learns, the scenario has a task, and the task either
     * sends it a target or it has no {@code trial_steps} of its own (then it follows the control link's flags).
     */
    public boolean followsTaskTrials(final List<LinkSpec> links, final boolean hasTask)
    {
        final boolean target = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.TARGET &&
            TaskSpec.NODE.equals(l.from()) && l.to().equals(name));
        return learns() && hasTask && (target || trialSteps == 0);
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
