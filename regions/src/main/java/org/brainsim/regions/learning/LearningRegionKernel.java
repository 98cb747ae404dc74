package org.brainsim.regions.learning;

import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.PlasticityControl;
import org.brainsim.regions.lockstep.StepObserver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A region that runs a learning network inside the lockstep: every step it takes its activity inputs
 * (the inbound links concatenated in link order) and, on one inbound link, the target of its readout; it
 * emits its units' activity (spikes or rates) to its consumers. Trials are {@code trialSteps} long: the
 * network starts each trial from rest and, at the end of a trial, its rule computes an update from that
 * trial and the learner applies it (gated by the plasticity multiplier). A last, incomplete trial is not
 * learned from.
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
    private final Learner learner;
    private final SpikingNetwork spiking;
    private final RateNetwork rate;
    private final int batch;
    private final int width;
    private final int nIn;
    private final int targetLink;
    private final int trialSteps;
    private final StepObserver readoutObserver;
    private final int errorLink;
    private final int errorDelaySteps;
    private final INDArray errorFeedback; // nErr × n, for learning from an error link
    private OnlineEprop online;
    private INDArray zPrevInTrial;
    private long trialStart;
    private final float[] error;
    private final INDArray[] trialInputs;          // per step of a trial: batch × nIn views of one buffer
    private final java.nio.FloatBuffer trialInputsNio;
    private final java.nio.FloatBuffer trialTargetsNio;
    private final Loss trialLoss;
    private final float[] x;
    private final List<Double> trialLosses = new ArrayList<>();
    private SpikingNetwork.State spikingState;
    private final INDArray rateState;
    private final float[] readout;

    /**
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
        this(learner, batch, targetLink, -1, 0, null, trialSteps, readoutObserver);
    }

    /**
     * @param errorLink       index, among the inbound links in link order, of an error link to learn from; −1 = none.
     * @param errorDelaySteps steps between a step of this region and the arrival of the error about it.
     * @param errorFeedback   nErr × n feedback that carries the arriving error to the units (with errorLink).
     */
    public LearningRegionKernel(
        final Learner learner, final int batch, final int targetLink, final int errorLink, final int errorDelaySteps,
        final INDArray errorFeedback, final int trialSteps, final StepObserver readoutObserver)
    {
        if (errorLink >= 0 && !(learner instanceof SpikingLearner))
        {
            throw new IllegalArgumentException("errorLink: only spiking e-prop regions learn from error links");
        }
        if (errorLink >= 0 && targetLink >= 0)
        {
            throw new IllegalArgumentException("errorLink and targetLink: a region learns from one or the other");
        }
        this.errorLink = errorLink;
        this.errorDelaySteps = errorDelaySteps;
        this.errorFeedback = errorFeedback;
        if (trialSteps < 1)
        {
            throw new IllegalArgumentException("trialSteps: " + trialSteps + " (expected: >= 1)");
        }
        this.learner = learner;
        this.batch = batch;
        this.targetLink = targetLink;
        this.trialSteps = trialSteps;
        this.readoutObserver = readoutObserver;
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
        final int nOut = (int)net.wOut().columns();
        // Buffers for a whole trial, allocated once: a step writes into its slice and allocates nothing.
        final INDArray inputsAll = Nd4j.create(DataType.FLOAT, trialSteps, batch, nIn);
        final INDArray targetsAll = Nd4j.create(DataType.FLOAT, trialSteps, batch, nOut);
        this.trialInputs = new INDArray[trialSteps];
        final INDArray[] targets = new INDArray[trialSteps];
        for (int t = 0; t < trialSteps; t++)
        {
            trialInputs[t] = inputsAll.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            targets[t] = targetsAll.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
        }
        this.trialInputsNio = inputsAll.data().asNioFloat();
        this.trialTargetsNio = targetsAll.data().asNioFloat();
        this.trialLoss = Loss.everyStep(LossKind.MSE, targets);
        this.x = new float[batch * nIn];
        this.readout = new float[batch * nOut];
        this.error = new float[batch * nOut];
        this.rateState = rate != null ? rate.initialState(batch) : null;
    }

    /** @return the learner (for its plasticity gate). */
    public Learner learner()
    {
        return learner;
    }

    /** @return the loss of every completed trial, in order. */
    public List<Double> trialLosses()
    {
        return Collections.unmodifiableList(trialLosses);
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
        return targetLink >= 0 ? (int)(spiking != null ? spiking.params().nOut() : rate.params().nOut()) : 0;
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

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        if (step % trialSteps == 0)
        {
            spikingState = spiking != null ? spiking.rest(batch) : null;
            if (rate != null)
            {
                rateState.assign(rate.params().initialState());
            }
            trialStart = step;
            if (errorLink >= 0)
            {
                online = new OnlineEprop(spiking, batch, errorDelaySteps);
                zPrevInTrial = Nd4j.zeros(spiking.dtype(), batch, spiking.params().n());
            }
        }
        final int k = (int)(step - trialStart);
        int offset = 0;
        for (int l = 0; l < inputs.length; l++)
        {
            if (l == targetLink || l == errorLink)
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
        trialInputsNio.put(k * batch * nIn, x); // into this step's slice of the trial's input buffer
        final INDArray xt = trialInputs[k];
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
            for (int i = 0; i < error.length; i++)
            {
                error[i] = readout[i] - target[i];
            }
            trialTargetsNio.put(k * target.length, target);
            if ((step + 1) % trialSteps == 0)
            {
                trialLosses.add(learner.trainTrial(trialInputs, trialLoss));
            }
        }
    }
}
