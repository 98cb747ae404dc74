package org.brainsim.regions.rules;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.settings.Param;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Set;

/**
 * {@code rule = rflo}: random-feedback local online learning (Murray 2019; {@link Rflo}) for rate networks.
 */
public final class RfloRule extends FeedbackRule
{
    /** How the readout error reaches the units (symmetric, random, adaptive). */
    public static final Param<FeedbackMode> FEEDBACK = Feedback.MODE;
    /** The standard deviation of the random feedback (0: 1/√n). */
    public static final Param<Double> FEEDBACK_STD = Feedback.STD;

    /** The registry entry. */
    public static final RuleType TYPE = new RuleType.Of("rflo",
        "random-feedback local online learning (rate networks)", Feedback.PARAMS, Set.of(RateNetwork.class), Set.of(),
        (network, values, random) -> new RfloRule(new Feedback(network, values, random)), RuleType.Of.FEEDBACK_ONLY);

    private RfloRule(final Feedback feedback)
    {
        super(feedback);
    }

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        return Rflo.adjointGradients((RateNetwork)network, (RateTrajectory)trajectory, loss.readout(),
            feedback(network));
    }

}
