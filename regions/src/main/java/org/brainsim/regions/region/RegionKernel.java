package org.brainsim.regions.region;

import org.brainsim.objectives.RegionObjectives;
import org.brainsim.objectives.TrialLoss;
import org.brainsim.objectives.TrialScores;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.regions.lockstep.NodeControl;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.lockstep.TaskSignal;
import org.brainsim.regions.lockstep.TrialFigures;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.regions.rules.Backward;
import org.brainsim.regions.rules.OnlineLearning;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Arrays;
import java.util.List;

/**
 * A region in the lockstep: every step it takes its inputs (the inbound input links concatenated in link order),
 * advances its {@link RegionNetwork}, emits its units' activity (spikes or rates) and, on error links, its
 * objectives' per-step signal; the readout goes to action links. With a learner, trials end in an update: the
 * network keeps the trial as it ran it (inputs, activity, everything the rule needs), and the rule learns from that
 * trajectory, following the {@link TrialLoss} its {@link RegionObjectives} make of it, gated by plasticity.
 * A last, incomplete trial is not learned from.
 *
 * <p>Trials: with a task's target link the task marks where each trial starts and ends and weights each step
 * (its evaluation windows, {@link TaskSignal}); otherwise trials are {@code trialSteps} long from step 0, or there
 * are none ({@code trialSteps} 0: the state runs on). A task's control link carries the scenario phase: when it
 * changes, the region applies that phase's {@link RegionPhase} (plasticity, lesions). Live changes asked for over JMX
 * are applied at the start of its next step ({@link RegionControl}).
 *
 * <p>A region may instead learn online from an error link (another region's error, {@code errorDelaySteps} after
 * the step it is about): its rule's traces advance every step, each arriving error is carried to the units by a
 * fixed random feedback and paired with the trace of the step it is about, and at the end of the trial the
 * accumulated gradients are applied.
 *
 * <p>A loss, readout, state or weight that is not finite stops the region with a {@link RegionDivergedException}.
 */
public final class RegionKernel implements NodeKernel
{
    /**
     * What a region is made of.
     *
     * @param network         its network (float32).
     * @param learner         its learner, or {@code null} when it does not learn.
     * @param objectives      its objectives (none without a learner).
     * @param wiring          the parts its inbound links play.
     * @param batch           rows.
     * @param outputs         the readout units its target and action links carry: the first of its readout (the
     *                        units after them belong to predictive objectives).
     * @param phases          per scenario phase index, what it does to this region (empty without phases).
     * @param lesionRandom    draws lesions (required when a phase lesions).
     * @param readoutObserver sees the readout y_t (batch × nOut) every step.
     * @param trialObserver   sees each completed trial and each lesion.
     * @param gradientSender  sends the gradients of the region's loss back to the region that fed one of its inbound
     *                        links (exact cross-region BPTT), or {@code null}.
     */
    public record Parts(
        RegionNetwork network, Learner learner, RegionObjectives objectives, RegionWiring wiring, int batch,
        int outputs, List<RegionPhase> phases, NodeRandom lesionRandom, StepObserver readoutObserver,
        TrialObserver trialObserver, GradientSender gradientSender)
    {
        /** Parts of a region that sends no gradients. */
        public Parts(
            final RegionNetwork network, final Learner learner, final RegionObjectives objectives,
            final RegionWiring wiring, final int batch, final int outputs, final List<RegionPhase> phases,
            final NodeRandom lesionRandom, final StepObserver readoutObserver, final TrialObserver trialObserver)
        {
            this(network, learner, objectives, wiring, batch, outputs, phases, lesionRandom, readoutObserver,
                trialObserver, null);
        }

        public Parts
        {
            phases = List.copyOf(phases);
            if (network.dtype() != DataType.FLOAT)
            {
                throw new IllegalArgumentException("network dtype: " + network.dtype() + " (expected: FLOAT in a region)");
            }
            if (learner == null && (!objectives.objectives().isEmpty() || wiring.errorLink() >= 0 ||
                wiring.gradientLink() >= 0))
            {
                throw new IllegalArgumentException("objectives, error and gradient links need a learner");
            }
            if (gradientSender != null && objectives.objectives().isEmpty())
            {
                throw new IllegalArgumentException("gradientSender: the region has no objective whose gradients to send");
            }
            if (outputs < 0 || outputs > network.readoutWidth())
            {
                throw new IllegalArgumentException("outputs: " + outputs + " (expected: 0 … " + network.readoutWidth() +
                    ", the network's readout)");
            }
            if (learner != null && learner.network() != network)
            {
                throw new IllegalArgumentException("learner: trains another network");
            }
        }
    }

    private final Parts parts;
    private final RegionNetwork network;
    private final Learner learner;
    private final RegionObjectives objectives;
    private final RegionWiring wiring;
    private final int batch;
    private final int nIn;
    private final int nOut;
    private final int trialCapacity;
    private final boolean learnsTrials;
    private final RegionInputs in;
    private final GradientSender sender;
    private GradientReceiver receiver;
    private OnlineLearning online;
    private long trialStart;
    private boolean inTrial;
    private int k; // step within the trial
    private long trials;
    private final TrialFigures figures = new TrialFigures(); // what JMX sees of the trials
    private final RegionControl control;
    private double trialReward = Double.NaN; // what the reward link brought in the trial, per row

    /** A region that takes no live changes. */
    public RegionKernel(final Parts parts)
    {
        this(parts, "region", null);
    }

    /**
     * @param name          the region's name (live changes are addressed by it).
     * @param interventions the run's live changes, {@code null} when it takes none.
     */
    public RegionKernel(final Parts parts, final String name, final Interventions interventions)
    {
        this.parts = parts;
        this.network = parts.network();
        this.learner = parts.learner();
        this.objectives = parts.objectives();
        this.wiring = parts.wiring();
        this.batch = parts.batch();
        this.nIn = network.inputWidth();
        this.nOut = parts.outputs();
        this.learnsTrials = learner != null && !objectives.objectives().isEmpty();
        this.trialCapacity = Math.max(1, wiring.trialSteps());
        this.in = new RegionInputs(wiring, batch, nIn, network.units(), nOut, network.readoutWidth());
        this.sender = parts.gradientSender();
        network.recordLive(learnsTrials || wiring.gradientLink() >= 0 ? trialCapacity : 0);
        network.resetState(batch);
        this.control = new RegionControl(name, network, learner, parts.phases(), parts.lesionRandom(),
            parts.trialObserver(), interventions == null ? null : interventions.feed(name), in::cut);
    }

    /** @return a region that only runs {@code network} on its inputs (every inbound link feeds its units). */
    public static RegionKernel inputsOnly(final RegionNetwork network, final int batch)
    {
        return new RegionKernel(new Parts(network, null, new RegionObjectives(List.of()), RegionWiring.inputsOnly(0),
            batch, network.readoutWidth(), List.of(), null, StepObserver.NONE, TrialObserver.NONE));
    }

    /** @return the learner, or {@code null} when the region does not learn. */
    public Learner learner()
    {
        return learner;
    }

    /** @return the upstream end of exact cross-region BPTT, once the first step ran ({@code null}: none). */
    GradientReceiver gradientReceiver()
    {
        return receiver;
    }

    /** @return trials completed (learned from or evaluated) so far. */
    public long trialsCompleted()
    {
        return trials;
    }

    @Override
    public int errorWidth()
    {
        return objectives.signalWidth();
    }

    @Override
    public float[] error()
    {
        return objectives.signal();
    }

    @Override
    public int portWidth(final LinkKind kind)
    {
        return switch (kind)
        {
            case ACTION -> nOut;
            case PREDICTION -> network.readoutWidth() - nOut;
            case GRADIENT -> sender == null ? 0 : sender.rowWidth();
            case MODULATOR -> objectives.modulatorWidth();
            case VALUES -> objectives.valuesWidth();
            default -> NodeKernel.super.portWidth(kind);
        };
    }

    @Override
    public float[] port(final LinkKind kind)
    {
        return switch (kind)
        {
            case ACTION -> objectives.action() != null ? objectives.action() : in.outputs();
            case PREDICTION -> in.predictions();
            case GRADIENT -> sender.frame();
            case MODULATOR -> objectives.modulator();
            case VALUES -> objectives.values();
            default -> NodeKernel.super.port(kind);
        };
    }

    @Override
    public TrialFigures trialFigures()
    {
        return learner == null ? null : figures;
    }

    @Override
    public NodeControl control()
    {
        return control;
    }

    @Override
    public int batchSize()
    {
        return batch;
    }

    @Override
    public int width()
    {
        return network.units();
    }

    @Override
    public boolean spiking()
    {
        return network.spiking();
    }

    @Override
    public double dtMs()
    {
        return network.dtMs();
    }

    private void startTrial(final long step)
    {
        network.resetState(batch);
        trialStart = step;
        trialReward = wiring.rewardLink() < 0 ? Double.NaN : 0;
        inTrial = true;
        k = 0;
        objectives.startTrial();
        if (receiver != null && receiver.startTrial(step))
        {
            checkWeights(step);
        }
        if (wiring.errorLink() >= 0)
        {
            online = learner.rule().online(network, batch, wiring.errorDelaySteps());
        }
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        if (wiring.controlLink() >= 0)
        {
            control.onControl(inputs[wiring.controlLink()]);
        }
        control.onStep(step);
        final boolean start;
        final boolean end;
        if (wiring.taskTrials() || wiring.controlTrials())
        {
            final int flags = wiring.controlTrials() ? TaskSignal.controlFlags(inputs[wiring.controlLink()]) :
                TaskSignal.flags(inputs[wiring.targetLink()], 0, nOut);
            start = (flags & TaskSignal.TRIAL_START) != 0;
            end = (flags & TaskSignal.TRIAL_END) != 0;
        }
        else
        {
            start = wiring.trialSteps() > 0 && step % wiring.trialSteps() == 0;
            end = wiring.trialSteps() > 0 && (step + 1) % wiring.trialSteps() == 0;
        }
        if (wiring.gradientLink() >= 0)
        {
            if (receiver == null)
            {
                receiver = new GradientReceiver(network, learner, batch, inputs[wiring.gradientLink()].length / batch,
                    trialCapacity);
            }
            receiver.take(inputs[wiring.gradientLink()]);
        }
        if (start)
        {
            startTrial(step);
        }
        if (inTrial && k >= trialCapacity && (learnsTrials || receiver != null))
        {
            throw new IllegalStateException("trial longer than " + trialCapacity + " steps: the task did not end it");
        }
        in.take(inputs);
        if (in.reward() != null && inTrial)
        {
            trialReward += TaskSignal.meanReward(in.reward());
        }
        network.step(in.x(), in.activity(), in.readout());
        System.arraycopy(in.activity(), 0, output, 0, output.length);
        if (!in.finite())
        {
            throw new RegionDivergedException(step, inTrial ? trials : -1, "the " + in.notFinite());
        }
        parts.readoutObserver().onStep(step, in.readout());
        if (wiring.errorLink() >= 0)
        {
            learnOnline(step, inputs[wiring.errorLink()], end);
        }
        objectives.step(inTrial ? k : -1, in);
        if (inTrial)
        {
            k++;
            if (end)
            {
                inTrial = false;
                if (learnsTrials)
                {
                    finishTrial(step, k);
                }
                else if (receiver != null)
                {
                    receiver.endTrial(network.liveTrajectory());
                    trials++;
                }
            }
        }
        if (sender != null)
        {
            sender.advance();
        }
    }

    /** @param end whether the step ends a trial of the task (with trials from the control link). */
    private void learnOnline(final long step, final float[] error, final boolean end)
    {
        if (online == null)
        {
            return; // before the first trial of the task
        }
        final int t = (int)(step - trialStart);
        online.step(t);
        final int about = t - wiring.errorDelaySteps();
        if (about >= 0)
        {
            final INDArray feedback = wiring.errorFeedback();
            final INDArray e = Nd4j.create(error.clone(), new long[] {batch, feedback.rows()}, DataType.FLOAT)
                .castTo(network.dtype());
            online.signal(about, e.mmul(feedback));
        }
        if (wiring.controlTrials() ? end : (step + 1 - trialStart) % wiring.trialSteps() == 0)
        {
            final INDArray[][] update = online.take();
            learner.applyOnline(update[0], update[1]);
            trials++;
            checkWeights(step);
        }
    }

    private void finishTrial(final long step, final int steps)
    {
        final Trajectory tr = network.liveTrajectory(); // the trial as it ran: nothing is run again
        final TrialLoss loss = objectives.endTrial(steps);
        if (sender != null)
        {
            // exact cross-region BPTT: the region's own update and the gradients it owes the region that fed it
            final Backward b = GradientReceiver.backward(network, tr, loss.readout(), loss.activity(), null);
            sender.enqueue(trialStart, b.inputErrors(), in.isCut(sender.link()));
            if (learner.plasticity() > 0)
            {
                learner.learn(tr, b.gradients());
            }
            else
            {
                learner.observe(tr);
            }
        }
        else if (learner.plasticity() > 0)
        {
            learner.learn(tr, loss);
        }
        else
        {
            learner.observe(tr); // frozen: no gradients to compute
        }
        final TrialScores scores = objectives.score(tr.y(), tr.activity(), network.dtMs());
        final long trial = trials++;
        figures.publish(control.phase(), scores.loss(), trialReward);
        parts.trialObserver().onTrial(trial, control.phase(), scores, learner);
        if (!scores.finite())
        {
            throw new RegionDivergedException(step, trial, "the trial's loss is " + scores.loss() + " (terms " +
                Arrays.toString(scores.terms()) + ")");
        }
        checkWeights(step);
    }

    private void checkWeights(final long step)
    {
        for (final INDArray p : network.parameters())
        {
            if (BooleanIndexing.or(p, Conditions.isNan()) || BooleanIndexing.or(p, Conditions.isInfinite()))
            {
                throw new RegionDivergedException(step, trials - 1, "a weight is not finite after the update");
            }
        }
    }
}
