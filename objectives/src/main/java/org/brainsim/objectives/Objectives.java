package org.brainsim.objectives;

import java.util.List;
import java.util.Optional;

/**
 * The objectives a scenario can name. A new objective is one class and one line here.
 */
public final class Objectives
{
    private static final List<ObjectiveType> ALL = List.of(
        Supervised.TYPE,
        FiringRate.TYPE,
        ReadoutL2.TYPE);

    private Objectives()
    {
    }

    /** @return every registered objective, in a fixed order. */
    public static List<ObjectiveType> all()
    {
        return ALL;
    }

    /** @return their scenario names, in the same order. */
    public static List<String> names()
    {
        return ALL.stream().map(ObjectiveType::name).toList();
    }

    public static Optional<ObjectiveType> find(final String name)
    {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
