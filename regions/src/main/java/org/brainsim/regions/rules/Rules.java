package org.brainsim.regions.rules;

import java.util.List;
import java.util.Optional;

/**
 * The learning rules a scenario can name. A new rule is one class and one line here.
 */
public final class Rules
{
    private static final List<RuleType> ALL = List.of(
        BpttRule.TYPE,
        EpropRule.TYPE,
        RfloRule.TYPE,
        RtrlRule.TYPE,
        ReadoutOnlyRule.TYPE,
        NodePerturbationRule.TYPE,
        MiconiRule.TYPE);

    private Rules()
    {
    }

    /** @return every registered rule, in a fixed order. */
    public static List<RuleType> all()
    {
        return ALL;
    }

    /** @return their scenario names, in the same order. */
    public static List<String> names()
    {
        return ALL.stream().map(RuleType::name).toList();
    }

    public static Optional<RuleType> find(final String name)
    {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
