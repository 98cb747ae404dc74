package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingTrajectory;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.settings.Param;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Set;

/**
 * {@code rule = bptt}: backpropagation through time, full or truncated to windows of {@code window_steps}
 * ({@link RateBptt}, {@link SpikingBptt} with the surrogate derivative ψ). The exact gradient every other rule is
 * compared against.
 */
public final class BpttRule implements LearningRule
{
    public static final Param<Integer> WINDOW_STEPS = Param.integer("window_steps", 0, 0, Integer.MAX_VALUE,
        "truncation window K in steps (0: the whole trial)");

    /** The registry entry. */
    public static final RuleType TYPE = new RuleType.Of("bptt",
        "backpropagation through time, full or truncated (window_steps)", List.of(WINDOW_STEPS),
        Set.of(RateNetwork.class, SpikingNetwork.class), Set.of(), (network, values, random) ->
        {
            final int window = values.get(WINDOW_STEPS);
            return new BpttRule(window > 0 ? window : Integer.MAX_VALUE);
        }, RuleType.Of.FEEDBACK_ONLY);

    private final int windowSteps;

    /** @param windowSteps truncation window K ≥ 1 ({@code Integer.MAX_VALUE}: full BPTT). */
    public BpttRule(final int windowSteps)
    {
        this.windowSteps = windowSteps;
    }

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        if (network instanceof SpikingNetwork net)
        {
            return SpikingBptt.gradients(net, (SpikingTrajectory)trajectory, loss.readout(),
                new SpikingBptt.Options(windowSteps, false, false, loss.activity())).gradients();
        }
        return RateBptt.gradients((RateNetwork)network, (RateTrajectory)trajectory, loss.readout(), windowSteps);
    }
}
