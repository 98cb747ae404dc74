package org.brainsim.regions.learning;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Workspaces;

import org.brainsim.objectives.LossKind;
import org.brainsim.objectives.Supervised;
import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.PlasticityControl;
import org.brainsim.regions.lockstep.StepObserver;
import org.brainsim.regions.lockstep.TaskSignal;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;

/**
 * A region that runs a learning network inside the lockstep: every step it takes its activity inputs
 * (the inbound links concatenated in link order) and, on one inbound link, the target of its readout; it
 * emits its units' activity (spikes or rates) to its consumers. Trials are {@code trialSteps} long: the
 * network starts each trial from rest and, at the end of a trial, its rule computes an update from that
 * trial and the learner applies it (gated by the plasticity multiplier). A last, incomplete trial is not
 * learned from.
 *
 * <p>Trials come from one of two places. With a plain target link (an input source's values) trials are
 * {@code trialSteps} long, back to back from step 0, and every step is evaluated. With a task's target link
 * ({@link TargetFormat#TASK}, layout in {@link TaskSignal}) the task marks where each trial starts and ends and
 * weights each step (its evaluation windows); the region's {@link Supervised} objective turns targets and
 * weights into the trial's loss, learning signal and accuracy. A task's control link carries the scenario
 * phase: when it changes, the region applies that phase's {@link RegionPhase} (plasticity, lesions).
 *
 * <p>The update replays the trial through {@link Learner#trainTrial}: the weights did not change during
 * the trial, so the replay computes exactly the activity the region emitted.
 *
 * <p>A region with a target also emits its error {@code y_t − y*_t} on error links. A spiking e-prop region
 * may instead learn from such an error link (another region's error, {@code errorDelaySteps} after the step
 * it is about): each step its eligibility traces advance ({@link OnlineEprop}), each arriving error is
 * carried to its units by a fixed random feedback and paired with the trace of the step it is about, and
 * at the end of the trial the accumulated input and recurrent gradients are applied.
 */
public final class LearningRegionKernel implements NodeKernel
{
    /** How a target link's rows are laid out. */
    public enum TargetFormat
    {
        /** {@code [y*]} per row; trials are {@code trialSteps} long and every step counts. */
        VALUES,
        /** {@code [y*, w, flags]} per row from a task ({@link TaskSignal}). */
        TASK
    }

    /**
     * Which inbound links play which part (indices among the inbound links in link order; −1 = none).
     *
     * @param targetLink      the target of the readout.
     * @param targetFormat    its layout.
     * @param errorLink       another region's error to learn from (spiking e-prop; instead of a target).
     * @param errorDelaySteps steps between a step of this region and the arrival of the error about it.
     * @param errorFeedback   nErr × n feedback carrying the arriving error to the units (with errorLink).
     * @param controlLink     a task's control link (phase index).
     * @param trialSteps      trial length with {@link TargetFormat#VALUES} or an error link; with a task, the
     *                        longest trial it makes (the size of the trial buffers).
     */
    public record Wiring(
        int targetLink, TargetFormat targetFormat, int errorLink, int errorDelaySteps, INDArray errorFeedback,
        int controlLink, int trialSteps)
    {
        /** A plain target link, fixed-length trials. */
        public static Wiring target(final int targetLink, final int trialSteps)
        {
            return new Wiring(targetLink, TargetFormat.VALUES, -1, 0, null, -1, trialSteps);
        }
    }

    private final Learner learner;
    private final SpikingNetwork spiking;
    private final RateNetwork rate;
    private final int batch;
    private final int width;
    private final int nIn;
    private final int nOut;
    private final int targetLink;
    private final boolean taskTargets;
    private final int controlLink;
    private final int trialSteps;
    private final StepObserver readoutObserver;
    private final TrialObserver trialObserver;
    private final Supervised objective;
    private final List<RegionPhase> phases;
    private final NodeRandom lesionRandom;
    private final int errorLink;
    private final int errorDelaySteps;
    private final INDArray errorFeedback; // nErr × n, for learning from an error link
    private OnlineEprop online;
    private INDArray zPrevInTrial;
    private long trialStart;
    private boolean inTrial;
    private int k; // step within the trial
    private long trials;
    private int phase = TaskSignal.NO_PHASE;
    private final float[] error;
    private final INDArray[] trialInputs;          // per step of a trial: batch × nIn views of one buffer
    private final INDArray[] trialTargets;
    private final double[] window;
    private final INDArray scratchInput;           // outside trials
    private final java.nio.FloatBuffer trialInputsNio;
    private final java.nio.FloatBuffer trialTargetsNio;
    private final float[] x;
    private final float[] targetValues;
    private SpikingNetwork.State spikingState;
    private final INDArray rateState;
    private final float[] readout;

    /**
     * A region learning from a plain target link (trials of {@code trialSteps}, MSE summed over every step).
     *
     * @param learner         the network's learner ({@link SpikingLearner} or {@link RateLearner}).
     * @param batch           rows.
     * @param targetLink      index, among the inbound links in link order, of the target link; −1 = none
     *                        (then nothing is learned).
     * @param trialSteps      steps per trial.
     * @param readoutObserver sees the readout y_t (batch × nOut) every step.
     */
    public LearningRegionKernel(
        final Learner learner, final int batch, final int targetLink, final int trialSteps,
        final StepObserver readoutObserver)
    {
        this(learner, batch, Wiring.target(targetLink, trialSteps), new Supervised(LossKind.MSE, Supervised.Reduction.SUM),
            List.of(), null, readoutObserver, TrialObserver.NONE);
    }

    /**
     * @param wiring          which inbound links are target, error and control.
     * @param objective       the supervised objective (loss, reduction) over the task's windows.
     * @param phases          per scenario phase index, what it does to this region (empty without phases).
     * @param lesionRandom    draws lesions (required when a phase lesions).
     * @param readoutObserver sees the readout y_t (batch × nOut) every step.
     * @param trialObserver   sees each completed trial (loss, accuracy, the updated learner).
     */
    public LearningRegionKernel(
        final Learner learner, final int batch, final Wiring wiring, final Supervised objective,
        final List<RegionPhase> phases, final NodeRandom lesionRandom, final StepObserver readoutObserver,
        final TrialObserver trialObserver)
    {
        this.errorLink = wiring.errorLink();
        this.errorDelaySteps = wiring.errorDelaySteps();
        this.errorFeedback = wiring.errorFeedback();
        this.targetLink = wiring.targetLink();
        this.taskTargets = wiring.targetFormat() == TargetFormat.TASK;
        this.controlLink = wiring.controlLink();
        this.trialSteps = wiring.trialSteps();
        if (errorLink >= 0 && !(learner instanceof SpikingLearner))
        {
            throw new IllegalArgumentException("errorLink: only spiking e-prop regions learn from error links");
        }
        if (errorLink >= 0 && targetLink >= 0)
        {
            throw new IllegalArgumentException("errorLink and targetLink: a region learns from one or the other");
        }
        if (trialSteps < 1)
        {
            throw new IllegalArgumentException("trialSteps: " + trialSteps + " (expected: >= 1)");
        }
        this.learner = learner;
        this.batch = batch;
        this.objective = objective;
        this.phases = List.copyOf(phases);
        this.lesionRandom = lesionRandom;
        this.readoutObserver = readoutObserver;
        this.trialObserver = trialObserver;
        if (learner instanceof SpikingLearner s)
        {
            this.spiking = s.network();
            this.rate = null;
            this.width = spiking.params().n();
            this.nIn = spiking.params().nIn();
        }
        else if (learner instanceof RateLearner r)
        {
            this.spiking = null;
            this.rate = r.network();
            this.width = rate.params().n();
            this.nIn = rate.params().nIn();
        }
        else
        {
            throw new IllegalArgumentException("learner: " + learner.getClass().getSimpleName() +
                " (expected: SpikingLearner or RateLearner)");
        }
        final RecurrentWeights net = spiking != null ? spiking : rate;
        if (net.dtype() != DataType.FLOAT)
        {
            throw new IllegalArgumentException("network dtype: " + net.dtype() + " (expected: FLOAT in a region)");
        }
        this.nOut = (int)net.wOut().columns();
        // Buffers for a whole trial, allocated once: a step writes into its slice and allocates nothing.
        final INDArray inputsAll = Nd4j.create(DataType.FLOAT, trialSteps, batch, nIn);
        final INDArray targetsAll = Nd4j.create(DataType.FLOAT, trialSteps, batch, nOut);
        this.trialInputs = new INDArray[trialSteps];
        this.trialTargets = new INDArray[trialSteps];
        for (int t = 0; t < trialSteps; t++)
        {
            trialInputs[t] = inputsAll.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            trialTargets[t] = targetsAll.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
        }
        this.window = new double[trialSteps];
        this.scratchInput = Nd4j.create(DataType.FLOAT, batch, nIn);
        this.trialInputsNio = inputsAll.data().asNioFloat();
        this.trialTargetsNio = targetsAll.data().asNioFloat();
        this.x = new float[batch * nIn];
        this.targetValues = new float[batch * nOut];
        this.readout = new float[batch * nOut];
        this.error = new float[batch * nOut];
        this.rateState = rate != null ? rate.initialState(batch) : null;
        this.spikingState = spiking != null ? spiking.rest(batch) : null;
    }

    /** @return the learner (for its plasticity gate). */
    public Learner learner()
    {
        return learner;
    }

    /** @return trials completed so far. */
    public long trialsCompleted()
    {
        return trials;
    }

    /** @return the objective. */
    public Supervised objective()
    {
        return objective;
    }

    private void learnFromError(final long step, final float[] err, final INDArray xt, final SpikingNetwork.Step s)
    {
        final long t = step - trialStart;
        // The step's arrays are the network state's buffers, overwritten next step: the traces keep copies.
        online.step(t, zPrevInTrial, xt, s.psi().dup());
        zPrevInTrial = s.z().dup();
        final long about = t - errorDelaySteps;
        if (about >= 0)
        {
            final INDArray e = Nd4j.create(err.clone(), new long[] {batch, errorFeedback.rows()}, DataType.FLOAT)
                .castTo(spiking.dtype());
            online.learningSignal(about, e.mmul(errorFeedback));
        }
        if ((step + 1 - trialStart) % trialSteps == 0)
        {
            final INDArray[] grads = online.takeGradients();
            ((LearnerBase)learner).applyOnly(new INDArray[] {spiking.wIn(), spiking.wRec()}, grads);
            spiking.constrain();
        }
    }

    @Override
    public int errorWidth()
    {
        return targetLink >= 0 ? nOut : 0;
    }

    @Override
    public float[] error()
    {
        if (targetLink < 0)
        {
            throw new IllegalStateException("the region has no target, so it emits no error");
        }
        return error;
    }

    @Override
    public int portWidth(final LinkKind kind)
    {
        return kind == LinkKind.ACTION ? nOut : NodeKernel.super.portWidth(kind);
    }

    @Override
    public float[] port(final LinkKind kind)
    {
        return kind == LinkKind.ACTION ? readout : NodeKernel.super.port(kind);
    }

    @Override
    public PlasticityControl plasticity()
    {
        if (targetLink < 0 && errorLink < 0)
        {
            return null; // nothing to learn from: not a learning region
        }
        return new PlasticityControl()
        {
            @Override
            public double get()
            {
                return learner.plasticity();
            }

            @Override
            public void set(final double gate)
            {
                learner.plasticity(gate);
            }
        };
    }

    @Override
    public int batchSize()
    {
        return batch;
    }

    @Override
    public int width()
    {
        return width;
    }

    @Override
    public boolean spiking()
    {
        return spiking != null;
    }

    private void applyPhase(final int index)
    {
        phase = index;
        if (index < 0 || index >= phases.size())
        {
            return;
        }
        final RegionPhase p = phases.get(index);
        learner.plasticity(p.plasticity());
        final RecurrentWeights net = spiking != null ? spiking : rate;
        for (final Lesion lesion : p.lesions())
        {
            net.lesion(lesion, lesionRandom.derive("lesion:" + index + ":" + p.name()));
        }
    }

    private void startTrial(final long step)
    {
        if (spiking != null)
        {
            spiking.reset(spikingState);
        }
        else
        {
            rateState.assign(rate.params().initialState());
        }
        trialStart = step;
        inTrial = true;
        k = 0;
        if (errorLink >= 0)
        {
            online = new OnlineEprop(spiking, batch, errorDelaySteps);
            zPrevInTrial = Nd4j.zeros(spiking.dtype(), batch, spiking.params().n());
        }
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        if (controlLink >= 0)
        {
            final int p = (int)inputs[controlLink][0];
            if (p != phase)
            {
                applyPhase(p);
            }
        }
        final boolean start;
        final boolean end;
        if (taskTargets)
        {
            final int flags = TaskSignal.flags(inputs[targetLink], 0, nOut);
            start = (flags & TaskSignal.TRIAL_START) != 0;
            end = (flags & TaskSignal.TRIAL_END) != 0;
        }
        else
        {
            start = step % trialSteps == 0;
            end = (step + 1) % trialSteps == 0;
        }
        if (start)
        {
            startTrial(step);
        }
        if (inTrial && k >= trialSteps)
        {
            throw new IllegalStateException("trial longer than " + trialSteps + " steps: the task did not end it");
        }
        int offset = 0;
        for (int l = 0; l < inputs.length; l++)
        {
            if (l == targetLink || l == errorLink || l == controlLink)
            {
                continue;
            }
            final int w = inputs[l].length / batch;
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(inputs[l], b * w, x, b * nIn + offset, w);
            }
            offset += w;
        }
        final INDArray xt;
        if (inTrial)
        {
            trialInputsNio.put(k * batch * nIn, x); // into this step's slice of the trial's input buffer
            xt = trialInputs[k];
        }
        else
        {
            scratchInput.data().asNioFloat().put(0, x);
            xt = scratchInput;
        }
        if (spiking != null)
        {
            final SpikingNetwork.Step s = spiking.step(spikingState, xt);
            s.z().data().asNioFloat().get(0, output, 0, output.length);
            s.y().data().asNioFloat().get(0, readout, 0, readout.length);
            if (errorLink >= 0)
            {
                learnFromError(step, inputs[errorLink], xt, s);
            }
        }
        else
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-rate-region"))
            {
                final RateNetwork.Step s = rate.step(rateState, xt, null);
                rateState.assign(s.a());
                s.y().data().asNioFloat().get(0, readout, 0, readout.length);
            }
            rateState.data().asNioFloat().get(0, output, 0, output.length);
        }
        readoutObserver.onStep(step, readout);
        if (targetLink >= 0)
        {
            final float[] target = inputs[targetLink];
            if (taskTargets)
            {
                for (int b = 0; b < batch; b++)
                {
                    System.arraycopy(target, b * (nOut + 2), targetValues, b * nOut, nOut);
                }
            }
            else
            {
                System.arraycopy(target, 0, targetValues, 0, targetValues.length);
            }
            for (int i = 0; i < error.length; i++)
            {
                error[i] = readout[i] - targetValues[i];
            }
            if (inTrial)
            {
                trialTargetsNio.put(k * targetValues.length, targetValues);
                window[k] = taskTargets ? TaskSignal.weight(target, 0, nOut) : 1;
            }
        }
        if (inTrial)
        {
            k++;
            if (end)
            {
                inTrial = false;
                if (targetLink >= 0)
                {
                    finishTrial(k);
                }
            }
        }
    }

    private void finishTrial(final int steps)
    {
        final INDArray[] xs = steps == trialSteps ? trialInputs : Arrays.copyOf(trialInputs, steps);
        final INDArray[] targets = steps == trialSteps ? trialTargets : Arrays.copyOf(trialTargets, steps);
        final double[] w = Arrays.copyOf(window, steps);
        final org.brainsim.objectives.Loss loss = objective.loss(targets, w);
        if (learner.plasticity() > 0)
        {
            learner.trainTrial(xs, loss);
        }
        else
        {
            learner.evaluate(xs, loss); // frozen: no gradients to compute
        }
        final INDArray[] y = learner.lastOutputs();
        final double value = loss.value(y);
        double accuracy = Double.NaN;
        if (objective.kind() == LossKind.CROSS_ENTROPY)
        {
            final double[] correct = Supervised.correct(y, targets, w);
            accuracy = Arrays.stream(correct).average().orElse(Double.NaN);
        }
        trialObserver.onTrial(trials++, phase, value, accuracy, learner);
    }
}
