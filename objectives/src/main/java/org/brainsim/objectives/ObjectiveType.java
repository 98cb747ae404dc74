package org.brainsim.objectives;

import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;
import java.util.Set;

/**
 * A kind of objective, as a scenario names it ({@code objective = supervised}): its settings, what it reads, which
 * regions it fits, and how to make one for a region. Registered in {@link Objectives}.
 */
public interface ObjectiveType
{
    /** @return the scenario name. */
    String name();

    /** @return one line for {@code brainsim list}. */
    String description();

    /** @return its settings (keys of a region, or of an item of its {@code objectives} list), defaults included. */
    List<Param<?>> params();

    /** @return what it reads from the region's links. */
    Set<ObjectiveInput> inputs();

    /** @return whether it applies to a region whose units spike ({@code true}) or are rates ({@code false}). */
    boolean appliesTo(boolean spiking);

    /** @return whether it is a regulariser: its loss is left out of the region's recorded task loss. */
    default boolean regularizer()
    {
        return false;
    }

    /**
     * @param weight the term's weight in the region's objective (≥ 0).
     * @return the objective of one region.
     */
    Objective create(ObjectiveContext context, ParamValues values, double weight);

    /** Makes one region's objective from its settings and weight. */
    @FunctionalInterface
    interface Factory
    {
        Objective create(ObjectiveContext context, ParamValues values, double weight);
    }

    /**
     * An objective type given by its parts (what most registry entries are).
     *
     * @param forRates    whether it applies to rate regions.
     * @param forSpikes   whether it applies to spiking regions.
     */
    record Of(
        String name, String description, List<Param<?>> params, Set<ObjectiveInput> inputs, boolean forRates,
        boolean forSpikes, boolean regularizer, Factory factory) implements ObjectiveType
    {
        public Of
        {
            params = List.copyOf(params);
            inputs = Set.copyOf(inputs);
        }

        @Override
        public boolean appliesTo(final boolean spiking)
        {
            return spiking ? forSpikes : forRates;
        }

        @Override
        public Objective create(final ObjectiveContext context, final ParamValues values, final double weight)
        {
            return factory.create(context, values, weight);
        }
    }
}
