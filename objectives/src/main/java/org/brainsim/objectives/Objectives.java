package org.brainsim.objectives;

import org.brainsim.objectives.rl.Actor;
import org.brainsim.objectives.rl.ActorCritic;
import org.brainsim.objectives.rl.Arbiter;
import org.brainsim.objectives.rl.ModelBased;
import org.brainsim.objectives.rl.ModelFree;
import org.brainsim.objectives.rl.TdCritic;
import org.brainsim.objectives.rl.TrialReward;
import org.brainsim.settings.Registry;

/**
 * The objectives a scenario can name. A new objective is one class and one line here.
 */
public final class Objectives
{
    public static final Registry<ObjectiveType> REGISTRY = Registry.of(ObjectiveType::name,
        Supervised.TYPE,
        Predictive.TYPE,
        FiringRate.TYPE,
        ReadoutL2.TYPE,
        ActorCritic.TYPE,
        Actor.TYPE,
        TdCritic.TYPE,
        ModelFree.TYPE,
        ModelBased.TYPE,
        Arbiter.TYPE,
        TrialReward.TYPE);

    private Objectives()
    {
    }
}
