package org.brainsim.regions.rules;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The feedback B (nOut × n) that carries a readout error to the units in e-prop and RFLO, L = err · B: W_outᵀ
 * (symmetric), fixed random, or adaptive (Kolen–Pollack: B starts random, receives the same update as W_outᵀ, and
 * both decay after every update, so B aligns with W_outᵀ; reference §1.5).
 */
final class Feedback
{
    static final Param<FeedbackMode> MODE = Param.choice("feedback", FeedbackMode.class, FeedbackMode.RANDOM,
        "how the readout error reaches the units: symmetric (W_out transposed), random (fixed) or adaptive");
    static final Param<Double> STD = Param.number("feedback_std", 0.0, 0, true, Double.POSITIVE_INFINITY,
        "standard deviation of the random feedback B (0: 1/sqrt(size))");
    static final Param<Double> DECAY = Param.number("adaptive_decay", 1e-2, 0, true, 1,
        "adaptive feedback: decay of W_out and B after every update");

    /** The settings of a rule with feedback. */
    static final List<Param<?>> PARAMS = List.of(MODE, STD, DECAY);

    private final FeedbackMode mode;
    private final INDArray random;
    private final double decay;

    /** Draws the random B, N(0, std²) with std = {@code feedback_std} or 1/√n, first from {@code stream}. */
    Feedback(final RegionNetwork network, final ParamValues values, final NodeRandom stream)
    {
        this.mode = values.get(MODE);
        this.decay = values.get(DECAY);
        final double std = values.get(STD) > 0 ? values.get(STD) : 1 / Math.sqrt(network.units());
        this.random = SpikingNetwork.gaussian(stream, network.readoutWidth(), network.units(), std, network.dtype());
    }

    FeedbackMode mode()
    {
        return mode;
    }

    /** @return B in use: W_outᵀ when symmetric. */
    INDArray matrix(final RegionNetwork network)
    {
        return mode == FeedbackMode.SYMMETRIC ? network.wOut().transpose() : random;
    }

    INDArray[] ownParameters()
    {
        return mode == FeedbackMode.ADAPTIVE ? new INDArray[] {random} : LearningRule.NONE;
    }

    /** @return B's gradient: the same as W_outᵀ's. */
    INDArray[] ownGradients(final Gradients gradients)
    {
        return mode == FeedbackMode.ADAPTIVE ? new INDArray[] {gradients.out().transpose().dup()} : LearningRule.NONE;
    }

    void afterUpdate(final RegionNetwork network, final double gate)
    {
        if (mode == FeedbackMode.ADAPTIVE)
        {
            network.wOut().muli(1 - decay * gate);
            random.muli(1 - decay * gate);
        }
    }
}
