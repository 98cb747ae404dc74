package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Set;

/**
 * {@code rule = readout-only}: only the readout learns, by its exact delta rule; the recurrent network is a fixed
 * reservoir (echo-state or liquid-state machine).
 */
public final class ReadoutOnlyRule implements LearningRule
{
    /** The registry entry. */
    public static final RuleType TYPE = new RuleType.Of("readout-only",
        "only the readout learns (a fixed reservoir: echo-state or liquid-state machine)", List.of(), Set.of(RegionNetwork.class), Set.of(),
        (network, values, random) -> new ReadoutOnlyRule(), (spec, trialSteps) -> 0);

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        return Gradients.readoutOnly(network, network.readoutGradients(trajectory, loss.readout()));
    }
}
