package org.brainsim.regions.network;

import org.brainsim.settings.Registry;

/**
 * The neuron models a scenario can name. A new model is one class and one line here.
 */
public final class Models
{
    public static final Registry<RegionModel> REGISTRY = Registry.of(RegionModel::name,
        RateModel.RATE,
        SpikingModel.LIF,
        SpikingModel.ALIF);

    private Models()
    {
    }
}
