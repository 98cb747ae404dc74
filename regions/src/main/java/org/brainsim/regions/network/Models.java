package org.brainsim.regions.network;

import java.util.List;
import java.util.Optional;

/**
 * The neuron models a scenario can name. A new model is one class and one line here.
 */
public final class Models
{
    private static final List<RegionModel> ALL = List.of(
        RateModel.RATE,
        SpikingModel.LIF,
        SpikingModel.ALIF);

    private Models()
    {
    }

    /** @return every registered model, in a fixed order. */
    public static List<RegionModel> all()
    {
        return ALL;
    }

    /** @return their scenario names, in the same order. */
    public static List<String> names()
    {
        return ALL.stream().map(RegionModel::name).toList();
    }

    public static Optional<RegionModel> find(final String name)
    {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
