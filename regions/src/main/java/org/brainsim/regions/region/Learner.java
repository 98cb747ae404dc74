package org.brainsim.regions.region;

import org.brainsim.objectives.TrialLoss;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.regions.optim.GradientPenalties;
import org.brainsim.regions.optim.Optimizer;
import org.brainsim.regions.rules.Gradients;
import org.brainsim.regions.rules.LearningRule;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A network, the rule it learns by and the optimiser that applies the rule's updates, trained trial by trial
 * (updates once per trial, as the e-prop tutorials do). A plasticity gate multiplies every update: a modulator, a
 * scenario phase or an operator sets it; 0 freezes the network.
 *
 * <p>Not thread-safe, but for the gate, which any thread may set (JMX); the next update reads it.
 */
public final class Learner
{
    private final RegionNetwork network;
    private final LearningRule rule;
    private final Optimizer optimizer;
    private final GradientPenalties penalties;
    private volatile double gate = 1.0;
    private volatile double rateScale = 1.0; // learning rate in force / the optimiser's
    private Trajectory last;

    public Learner(
        final RegionNetwork network, final LearningRule rule, final Optimizer optimizer, final GradientPenalties penalties)
    {
        this.network = network;
        this.rule = rule;
        this.optimizer = optimizer;
        this.penalties = penalties;
    }

    /**
     * A learner of {@code network} by a registered rule.
     *
     * @param random the rule's stream (feedback, noise).
     */
    public static Learner of(
        final RegionNetwork network, final org.brainsim.regions.rules.RuleType rule,
        final org.brainsim.settings.ParamValues values, final Optimizer optimizer, final GradientPenalties penalties,
        final org.brainsim.regions.NodeRandom random)
    {
        return new Learner(network, rule.create(network, values, random), optimizer, penalties);
    }

    public RegionNetwork network()
    {
        return network;
    }

    public LearningRule rule()
    {
        return rule;
    }

    /**
     * Replays one trial, computes the rule's update and applies it (scaled by the gate).
     *
     * @return the trial's loss before the update (every term, regularisers included).
     */
    public double trainTrial(final INDArray[] inputs, final TrialLoss loss)
    {
        final Trajectory trajectory = replay(inputs);
        final double value = loss.value(trajectory.y(), trajectory.activity(), network.spikeCounts(trajectory),
            network.dtMs());
        learn(trajectory, loss);
        return value;
    }

    /**
     * Learns from a trial the network ran at its current weights (a region's live trial,
     * {@link RegionNetwork#liveTrajectory()}): the rule's update, applied (scaled by the gate). No replay, and no loss
     * value: a region scores its trials with its objectives, once.
     */
    public void learn(final Trajectory trajectory, final TrialLoss loss)
    {
        last = trajectory;
        apply(rule.gradients(network, trajectory.x(), trajectory, loss));
    }

    /**
     * Applies gradients computed elsewhere (exact cross-region BPTT), gated, through the penalties and the optimiser.
     *
     * @param trajectory the trial they are about, kept as {@link #lastTrajectory()}; {@code null}: keep the last.
     */
    public void learn(final Trajectory trajectory, final Gradients gradients)
    {
        if (trajectory != null)
        {
            last = trajectory;
        }
        apply(gradients);
    }

    /**
     * Applies gradients computed elsewhere for a trial that is not the last, under a gate of the caller's choosing
     * (e.g. the one that trial ran under).
     */
    public void learn(final Gradients gradients, final double gate)
    {
        apply(gradients, gate);
    }

    /** Keeps a trial the network ran, without learning from it (frozen), as {@link #lastTrajectory()}. */
    public void observe(final Trajectory trajectory)
    {
        last = trajectory;
    }

    /** @return the readout loss of a trial, without learning. */
    public double evaluate(final INDArray[] inputs, final TrialLoss loss)
    {
        return loss.readout().value(replay(inputs).y());
    }

    /** @return the rule's gradient estimate for one trial, without applying it. */
    public Gradients gradients(final INDArray[] inputs, final TrialLoss loss)
    {
        return rule.gradients(network, inputs, replay(inputs), loss);
    }

    private Trajectory replay(final INDArray[] inputs)
    {
        last = network.forwardReusing(inputs);
        return last;
    }

    /** Applies one trial's gradients through the penalties and the optimiser, gated, with the rule's own parameters. */
    private void apply(final Gradients gradients)
    {
        apply(gradients, gate);
    }

    private void apply(final Gradients gradients, final double gate)
    {
        final INDArray[] params = network.parameters();
        final INDArray[] grads = gradients.toArray();
        final INDArray[] own = rule.ownParameters();
        if (own.length == 0)
        {
            penalties.apply(params, grads);
            optimizer.step(params, grads, gate * rateScale);
        }
        else
        {
            final INDArray[] all = concat(params, own);
            final INDArray[] allGrads = concat(grads, rule.ownGradients(gradients));
            penalties.apply(all, allGrads);
            optimizer.step(all, allGrads, gate * rateScale);
            rule.afterUpdate(network, gate);
        }
        network.constrain();
    }

    /**
     * Applies gradients for a subset of parameters that always travels alone (a region learning from another
     * region's error frames updates only its input and recurrent weights), gated.
     */
    public void applyOnline(final INDArray[] params, final INDArray[] grads)
    {
        penalties.apply(params, grads);
        optimizer.step(params, grads, gate * rateScale);
        network.constrain();
    }

    private static INDArray[] concat(final INDArray[] a, final INDArray[] b)
    {
        final INDArray[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Sets the plasticity gate (≥ 0; 0 = frozen). Any thread. */
    public void plasticity(final double gate)
    {
        if (!(gate >= 0))
        {
            throw new IllegalArgumentException("gate: " + gate + " (expected: >= 0)");
        }
        this.gate = gate;
    }

    /**
     * Sets the learning rate from now on (the plasticity gate still multiplies it). Node thread: a live change is
     * applied at a step boundary.
     */
    public void learningRate(final double rate)
    {
        if (!(rate >= 0) || Double.isInfinite(rate))
        {
            throw new IllegalArgumentException("learning rate: " + rate + " (expected: a finite number >= 0)");
        }
        if (optimizer.learningRate() == 0)
        {
            throw new IllegalArgumentException("learning rate: the optimiser's is 0, so none can be scaled from it");
        }
        rateScale = rate / optimizer.learningRate();
    }

    /** @return the learning rate the optimiser was configured with. */
    public double configuredLearningRate()
    {
        return optimizer.learningRate();
    }

    /** @return the learning rate in force. Any thread. */
    public double learningRate()
    {
        return optimizer.learningRate() * rateScale;
    }

    /** @return the plasticity gate. */
    public double plasticity()
    {
        return gate;
    }

    /** @return the learnable parameters, live (for snapshots and checks). */
    public INDArray[] parameters()
    {
        return network.parameters();
    }

    /** @return the last replayed trial (its readout and activity), or {@code null} before the first. */
    public Trajectory lastTrajectory()
    {
        return last;
    }

    /** @return the readout of the last replayed trial, per step. */
    public INDArray[] lastOutputs()
    {
        return last == null ? new INDArray[0] : last.y();
    }
}
