package org.brainsim.regions.rules;

import org.brainsim.settings.Registry;

/**
 * The learning rules a scenario can name. A new rule is one class and one line here.
 */
public final class Rules
{
    public static final Registry<RuleType> REGISTRY = Registry.of(RuleType::name,
        BpttRule.TYPE,
        EpropRule.TYPE,
        RfloRule.TYPE,
        RtrlRule.TYPE,
        ReadoutOnlyRule.TYPE,
        NodePerturbationRule.TYPE,
        MiconiRule.TYPE,
        RewardHebbianRule.TYPE);

    private Rules()
    {
    }
}
