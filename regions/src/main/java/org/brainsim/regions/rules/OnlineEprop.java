package org.brainsim.regions.rules;

import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingStep;
import org.brainsim.regions.network.SpikingParams;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Online e-prop for a {@link SpikingNetwork} whose learning signal comes from elsewhere, late: another
 * region's error frames arrive {@code d} steps after the step they are about (DESIGN.md §5). The traces
 * ē_t of the last {@code maxDelaySteps + 1} steps are kept in a ring, so that a signal for step t meets the
 * trace of step t, not the trace of now:
 * <pre>
 *   every step t:          advance ε, e, ē (as in {@link SpikingEprop}); store ē_t in the ring
 *   signal for step s ≤ t: g += Σ_b L_s[b, j] ē_s[b, i, j]
 * </pre>
 * With every signal delivered, the accumulated gradient equals {@link SpikingEprop#gradients}'s for the
 * same learning signals, whatever the delay.
 *
 * <p>Not thread-safe: driven by its region's thread.
 */
public final class OnlineEprop implements OnlineLearning
{
    private final SpikingNetwork net;
    private final SpikingEprop.Traces recTraces;
    private final SpikingEprop.Traces inTraces;
    private final int capacity;
    private final INDArray[] recRing;
    private final INDArray[] inRing;
    private final long[] ringSteps;
    private INDArray recFiltered;
    private INDArray inFiltered;
    private INDArray recGrad;
    private INDArray inGrad;
    private long nextStep;
    private long signalsApplied;
    private INDArray zPrev;

    /**
     * @param batch         batch rows.
     * @param maxDelaySteps the longest delay a learning signal may have (the ring keeps that many past steps).
     */
    public OnlineEprop(final SpikingNetwork net, final long batch, final int maxDelaySteps)
    {
        if (maxDelaySteps < 0)
        {
            throw new IllegalArgumentException("maxDelaySteps: " + maxDelaySteps + " (expected: >= 0)");
        }
        final SpikingParams p = net.params();
        this.net = net;
        this.recTraces = new SpikingEprop.Traces(batch, p.n(), p.n(), net);
        this.inTraces = new SpikingEprop.Traces(batch, p.nIn(), p.n(), net);
        this.capacity = maxDelaySteps + 1;
        this.recRing = new INDArray[capacity];
        this.inRing = new INDArray[capacity];
        this.ringSteps = new long[capacity];
        java.util.Arrays.fill(ringSteps, -1);
        this.recFiltered = Nd4j.zeros(net.dtype(), batch, p.n(), p.n());
        this.inFiltered = Nd4j.zeros(net.dtype(), batch, p.nIn(), p.n());
        this.recGrad = Nd4j.zeros(net.dtype(), p.n(), p.n());
        this.inGrad = Nd4j.zeros(net.dtype(), p.nIn(), p.n());
        this.zPrev = Nd4j.zeros(net.dtype(), batch, p.n());
    }

    /**
     * Advances the traces after the network's live step {@code t}: its input, ψ and z (copied: the live state's
     * buffers are overwritten by the next step).
     */
    @Override
    public void step(final int t)
    {
        final SpikingStep s = net.liveStep();
        step(t, zPrev, net.liveInput(), s.psi().dup());
        zPrev = s.z().dup();
    }

    @Override
    public void signal(final int about, final INDArray signal)
    {
        learningSignal(about, signal);
    }

    /** @return {@code {{W_in, W_rec}, {their gradients}}}; accumulation starts anew. */
    @Override
    public INDArray[][] take()
    {
        return new INDArray[][] {{net.wIn(), net.wRec()}, takeGradients()};
    }

    /** @return the step the next call to {@link #step} must be for. */
    public long nextStep()
    {
        return nextStep;
    }

    /** @return learning signals paired with a trace so far. */
    public long signalsApplied()
    {
        return signalsApplied;
    }

    /**
     * Advances the traces to step {@code t}.
     *
     * @param t        the step, {@link #nextStep()}.
     * @param zPrev    z_{t−1}, batch × n.
     * @param x        x_t, batch × nIn.
     * @param psi      ψ_t, batch × n.
     */
    public void step(final long t, final INDArray zPrev, final INDArray x, final INDArray psi)
    {
        if (t != nextStep)
        {
            throw new IllegalArgumentException("t: " + t + " (expected: " + nextStep + ", steps in order)");
        }
        final double kappa = net.params().kappa();
        final double zetaOut = net.params().zetaOut();
        recFiltered = recFiltered.mul(kappa).addi(recTraces.step(zPrev, psi).muli(zetaOut));
        inFiltered = inFiltered.mul(kappa).addi(inTraces.step(x.castTo(net.dtype()), psi).muli(zetaOut));
        final int slot = (int)(t % capacity);
        recRing[slot] = recFiltered;
        inRing[slot] = inFiltered;
        ringSteps[slot] = t;
        nextStep++;
    }

    /**
     * Pairs a learning signal with the trace of the step it is about.
     *
     * @param s      the step the signal is about (≤ the last step taken, ≥ that step − maxDelaySteps).
     * @param signal L_s, batch × n.
     * @throws IllegalStateException when the trace of step s is not (or no longer) in the ring.
     */
    public void learningSignal(final long s, final INDArray signal)
    {
        final int slot = (int)(s % capacity);
        if (s < 0 || s >= nextStep || ringSteps[slot] != s)
        {
            throw new IllegalStateException("no eligibility trace for step " + s + " (the ring holds steps " +
                Math.max(0, nextStep - capacity) + ".." + (nextStep - 1) + "): is the signal's delay above " +
                "maxDelaySteps " + (capacity - 1) + "?");
        }
        final long batch = signal.rows();
        final INDArray signal3 = signal.castTo(net.dtype()).reshape(batch, 1, net.params().n());
        recGrad.addi(recRing[slot].mul(signal3).sum(0));
        inGrad.addi(inRing[slot].mul(signal3).sum(0));
        signalsApplied++;
    }

    /**
     * @return the accumulated input and recurrent gradients {in, rec}, and starts accumulating anew.
     */
    public INDArray[] takeGradients()
    {
        final INDArray[] out = {inGrad, recGrad.muli(net.recMask())};
        recGrad = Nd4j.zeros(net.dtype(), recGrad.shape());
        inGrad = Nd4j.zeros(net.dtype(), inGrad.shape());
        return out;
    }
}
