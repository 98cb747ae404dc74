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

import java.util.Set;

/**
 * {@code rule = eprop}: eligibility traces times a learning signal carried to the units by a feedback B
 * (symmetric, random or adaptive). Spiking networks: {@link SpikingEprop} (the adjoint form for updates once per
 * trial) and, from late per-step signals, {@link OnlineEprop}; rate networks: the local trace of {@link Rflo}
 * (e-prop's eligibility without the self-connection term).
 */
public final class EpropRule extends FeedbackRule
{
    /** How the readout error reaches the units (symmetric, random, adaptive). */
    public static final Param<FeedbackMode> FEEDBACK = Feedback.MODE;
    /** The standard deviation of the random feedback (0: 1/√n). */
    public static final Param<Double> FEEDBACK_STD = Feedback.STD;

    /** The registry entry. */
    public static final RuleType TYPE = new RuleType.Of("eprop",
        "e-prop: eligibility traces x learning signal through feedback B (symmetric, random, adaptive)",
        Feedback.PARAMS, Set.of(RateNetwork.class, SpikingNetwork.class), Set.of(SpikingNetwork.class),
        (network, values, random) -> new EpropRule(new Feedback(network, values, random)), RuleType.Of.FEEDBACK_ONLY);

    private EpropRule(final Feedback feedback)
    {
        super(feedback);
    }

    @Override
    public Gradients gradients(
        final RegionNetwork network, final INDArray[] inputs, final Trajectory trajectory, final TrialLoss loss)
    {
        if (network instanceof SpikingNetwork net)
        {
            return SpikingEprop.adjointGradients(net, (SpikingTrajectory)trajectory, loss.readout(),
                feedback(network), loss.activity());
        }
        return Rflo.adjointGradients((RateNetwork)network, (RateTrajectory)trajectory, loss.readout(),
            feedback(network));
    }

    @Override
    public OnlineLearning online(final RegionNetwork network, final int batch, final int maxDelaySteps)
    {
        if (!(network instanceof SpikingNetwork net))
        {
            return super.online(network, batch, maxDelaySteps);
        }
        return new OnlineEprop(net, batch, maxDelaySteps);
    }
}
