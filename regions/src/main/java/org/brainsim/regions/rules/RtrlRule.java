package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Set;

/**
 * {@code rule = rtrl}: exact real-time recurrent learning ({@link Rtrl}) for small rate networks (memory n³).
 */
public final class RtrlRule implements LearningRule
{
    /** The registry entry. */
    public static final RuleType TYPE = new RuleType.Of("rtrl",
        "exact real-time recurrent learning (rate networks; memory n^3: small networks only)", List.of(), Set.of(RateNetwork.class),
        Set.of(), (network, values, random) -> new RtrlRule(), (spec, trialSteps) ->
        {
            final long m = spec.units() + spec.inputWidth() + 1L;
            return 4L * spec.batch() * spec.units() * m * spec.units() * 2; // the influence tensor and its next value
        });

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        return Rtrl.gradients((RateNetwork)network, (RateTrajectory)trajectory, loss.readout(),
            Rtrl.DEFAULT_MAX_INFLUENCE_BYTES);
    }
}
