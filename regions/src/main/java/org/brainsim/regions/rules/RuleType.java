package org.brainsim.regions.rules;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;
import java.util.Set;

/**
 * A learning rule as a scenario names it ({@code rule = eprop}): its settings, the models it applies to, and how to
 * make one for a region. Registered in {@link Rules}; the one place that says which rule fits which model.
 */
public interface RuleType
{
    /** @return the scenario name. */
    String name();

    /** @return one line for {@code brainsim list}. */
    String description();

    /** @return its settings (region keys), defaults included. */
    List<Param<?>> params();

    /** @return its settings at their defaults. */
    default ParamValues defaults()
    {
        return ParamValues.defaults(params());
    }

    /** @return whether it can train the networks of {@code model}. */
    boolean appliesTo(RegionModel model);

    /** @return whether, for {@code model}, it learns from per-step signals that arrive late ({@code error} links). */
    default boolean learnsOnline(final RegionModel model)
    {
        return false;
    }

    /**
     * @return whether it can learn from the rewards of live trials (a region with {@code objective = reward}:
     *     {@link LearningRule#learnFromRewards}).
     */
    default boolean learnsFromRewards()
    {
        return false;
    }

    /** @return {@code type}, saying that it learns from the rewards of live trials. */
    static RuleType fromRewards(final RuleType type)
    {
        return new RuleType()
        {
            @Override
            public String name()
            {
                return type.name();
            }

            @Override
            public String description()
            {
                return type.description();
            }

            @Override
            public List<Param<?>> params()
            {
                return type.params();
            }

            @Override
            public boolean appliesTo(final RegionModel model)
            {
                return type.appliesTo(model);
            }

            @Override
            public boolean learnsOnline(final RegionModel model)
            {
                return type.learnsOnline(model);
            }

            @Override
            public LearningRule create(final RegionNetwork network, final ParamValues values, final NodeRandom random)
            {
                return type.create(network, values, random);
            }

            @Override
            public long memoryBytes(final NetworkSpec spec, final int trialSteps)
            {
                return type.memoryBytes(spec, trialSteps);
            }

            @Override
            public boolean learnsFromRewards()
            {
                return true;
            }
        };
    }

    /**
     * @param random the region's learning stream (its feedback matrices and noise are drawn from it).
     * @return the rule of one region.
     */
    LearningRule create(RegionNetwork network, ParamValues values, NodeRandom random);

    /**
     * @return bytes the rule keeps beyond the network and its replayed trajectory (influence tensors, per-synapse
     * eligibilities, feedback), for a trial of {@code trialSteps} steps.
     */
    default long memoryBytes(final NetworkSpec spec, final int trialSteps)
    {
        return 4L * spec.outputs() * spec.units();
    }

    /** Makes one region's rule. */
    @FunctionalInterface
    interface Factory
    {
        LearningRule create(RegionNetwork network, ParamValues values, NodeRandom random);
    }

    /** Bytes a rule keeps beyond its network and trajectory. */
    @FunctionalInterface
    interface Memory
    {
        long bytes(NetworkSpec spec, int trialSteps);
    }

    /**
     * A rule type given by its parts (what the registry entries are).
     *
     * @param networks the network classes it trains (with their subclasses; {@code RegionNetwork}: every one).
     * @param online   the network classes it trains online, from late per-step signals.
     */
    record Of(
        String name, String description, List<Param<?>> params, Set<Class<? extends RegionNetwork>> networks,
        Set<Class<? extends RegionNetwork>> online, Factory factory, Memory memory) implements RuleType
    {
        /** Keeps its feedback matrix only (4 · nOut · n bytes). */
        public static final Memory FEEDBACK_ONLY = (spec, trialSteps) -> 4L * spec.outputs() * spec.units();

        public Of
        {
            params = List.copyOf(params);
            networks = Set.copyOf(networks);
            online = Set.copyOf(online);
        }

        @Override
        public boolean appliesTo(final RegionModel model)
        {
            return networks.stream().anyMatch(c -> c.isAssignableFrom(model.network()));
        }

        @Override
        public boolean learnsOnline(final RegionModel model)
        {
            return online.stream().anyMatch(c -> c.isAssignableFrom(model.network()));
        }

        @Override
        public LearningRule create(final RegionNetwork network, final ParamValues values, final NodeRandom random)
        {
            return factory.create(network, values, random);
        }

        @Override
        public long memoryBytes(final NetworkSpec spec, final int trialSteps)
        {
            return memory.bytes(spec, trialSteps);
        }
    }
}
