package org.brainsim.regions.network;

import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;
import java.util.Map;

/**
 * A neuron model as a scenario names it ({@code model = alif}): its settings, the network it builds, and what
 * that network costs in memory. Registered in {@link Models}.
 */
public interface RegionModel
{
    /** @return the scenario name. */
    String name();

    /** @return one line for {@code brainsim list}. */
    String description();

    /** @return its settings (region keys), defaults included; derived defaults may read {@code Context.DT_MS}. */
    List<Param<?>> params();

    /** @return the class of network it builds (learning rules say which classes they can train). */
    Class<? extends RegionNetwork> network();

    /** @return whether its units spike. */
    boolean spiking();

    /**
     * @return problems across settings, by key (empty when none); e.g. a time constant shorter than the step.
     */
    Map<String, String> check(ParamValues values, double dtMs);

    /**
     * Builds a region's network, drawing its weights from {@code random} in the order its documentation gives.
     * Each input block gets its link's scale; the link's distribution, sparsity and plasticity are applied after
     * ({@link InputProjection}).
     */
    RegionNetwork build(NetworkSpec spec, ParamValues values, NodeRandom random);

    /**
     * @return bytes of the network's off-heap arrays (weights, live state, masks), and of its trajectory per
     * replayed step (add {@code trajectoryBytesPerStep · trialSteps} for a learning region).
     */
    MemoryEstimate memory(NetworkSpec spec);

    /**
     * What a network needs in memory.
     *
     * @param fixedBytes             weights, live state and masks.
     * @param trajectoryBytesPerStep one step of a replayed trial (a learning region keeps a whole trial).
     */
    record MemoryEstimate(long fixedBytes, long trajectoryBytesPerStep)
    {
    }
}
