package org.brainsim.regions.rules;

import org.brainsim.objectives.FiringRate;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The e-prop and BPTT correctness tests of reference §1.10, in double precision.
 */
class SpikingGradientTest
{
    private static final int T = 50;
    private static final int BATCH = 2;

    private static INDArray sumOverTimeOfSignalTimesTrace(
        final SpikingNetwork net, final SpikingTrajectory tr, final INDArray[] signal, final boolean input)
    {
        final SpikingParams p = net.params();
        final int pre = input ? p.nIn() : p.n();
        final SpikingEprop.Traces traces = new SpikingEprop.Traces(BATCH, pre, p.n(), net);
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, pre, p.n());
        INDArray zPrev = Nd4j.zeros(DataType.DOUBLE, BATCH, p.n());
        for (int t = 0; t < tr.steps(); t++)
        {
            final INDArray e = traces.step(input ? tr.x()[t] : zPrev, tr.psi()[t]);
            sum = sum.addi(e.mul(signal[t].reshape(BATCH, 1, p.n())).sum(0));
            zPrev = tr.z()[t];
        }
        return input ? sum : sum.muli(net.recMask());
    }

    @Test
    void eligibilityTracesFactoriseTheBpttGradientExactly()
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 3, 1.2, 0.6);
        final SpikingTrajectory tr = net.forward(SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 4));
        assertTrue(SpikingFixtures.spikes(tr) > 40, "the network spikes: " + SpikingFixtures.spikes(tr));
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 5));

        final SpikingBptt.Result bptt = SpikingBptt.withLearningSignal(net, tr, loss, SpikingBptt.Options.FULL);

        // Σ_t (dE/dz_j^t) e_ji^t with the BPTT learning signal and forward eligibility traces.
        final INDArray recFactorised = sumOverTimeOfSignalTimesTrace(net, tr, bptt.learningSignal(), false);
        final INDArray inFactorised = sumOverTimeOfSignalTimesTrace(net, tr, bptt.learningSignal(), true);
        assertTrue(bptt.gradients().rec().norm2Number().doubleValue() > 1e-3);
        assertTrue(relativeError(recFactorised, bptt.gradients().rec()) < 1e-10,
            "recurrent: " + relativeError(recFactorised, bptt.gradients().rec()));
        assertTrue(relativeError(inFactorised, bptt.gradients().in()) < 1e-10,
            "input: " + relativeError(inFactorised, bptt.gradients().in()));
    }

    @Test
    void symmetricEpropEqualsBpttWithZDetachedInRecurrenceAndReset()
    {
        final SpikingParams p = SpikingFixtures.tiny(3, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 7, 1.2, 0.6);
        final SpikingTrajectory tr = net.forward(SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 8));
        assertTrue(SpikingFixtures.spikes(tr) > 40);
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 9));
        final FiringRate reg = new FiringRate(0.5, 10);

        final Gradients eprop = SpikingEprop.gradients(net, tr, loss, net.wOut().transpose(), reg);
        final Gradients stopped = SpikingBptt.gradients(net, tr, loss,
            new SpikingBptt.Options(Integer.MAX_VALUE, true, true, reg)).gradients();

        assertTrue(relativeError(eprop.rec(), stopped.rec()) < 1e-10, "rec " + relativeError(eprop.rec(), stopped.rec()));
        assertTrue(relativeError(eprop.in(), stopped.in()) < 1e-10, "in " + relativeError(eprop.in(), stopped.in()));
        assertTrue(relativeError(eprop.out(), stopped.out()) < 1e-12, "out (κ filter) exact " + relativeError(eprop.out(), stopped.out()));
        assertTrue(relativeError(eprop.outBias(), stopped.outBias()) < 1e-12, "bias " + relativeError(eprop.outBias(), stopped.outBias()));
        final Gradients full = SpikingBptt.gradients(net, tr, loss,
            new SpikingBptt.Options(Integer.MAX_VALUE, false, false, reg)).gradients();
        assertTrue(relativeError(eprop.rec(), full.rec()) > 1e-3, "with recurrence e-prop is not BPTT");
        assertTrue(relativeError(eprop.out(), full.out()) < 1e-12, "W_out gradient is exact in e-prop");
    }

    @Test
    void withoutRecurrenceEpropEqualsBpttOnlyWhenTheResetIsDetached()
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork withRec = SpikingFixtures.network(p, 11, 1.5, 0.6);
        withRec.wRec().assign(0);
        final SpikingTrajectory tr = withRec.forward(SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 12));
        assertTrue(SpikingFixtures.spikes(tr) > 40);
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 13));

        final Gradients eprop = SpikingEprop.gradients(withRec, tr, loss, withRec.wOut().transpose(),
            null);
        final Gradients resetDetached = SpikingBptt.gradients(withRec, tr, loss,
            new SpikingBptt.Options(Integer.MAX_VALUE, false, true, null)).gradients();
        final Gradients resetDifferentiated = SpikingBptt.gradients(withRec, tr, loss, SpikingBptt.Options.FULL)
            .gradients();

        assertTrue(relativeError(eprop.in(), resetDetached.in()) < 1e-10, "detached reset: equal");
        assertTrue(relativeError(eprop.in(), resetDifferentiated.in()) > 1e-3,
            "differentiated reset: BPTT sees −v_th through z, e-prop does not");
    }

    @Test
    void alifWithZeroBetaEqualsLifBitForBit()
    {
        final SpikingParams alif = new SpikingParams(3, 0, 8, 2, 1, 20, 500, 0.0, 0.62, 1, 0.3, 2, 20,
            1 - Math.exp(-1.0 / 20));
        final SpikingParams lif = alif.allLif();
        final SpikingNetwork alifNet = SpikingFixtures.network(alif, 21, 1.2, 0.6);
        final SpikingNetwork lifNet = SpikingFixtures.network(lif, 21, 1.2, 0.6);
        final INDArray[] x = SpikingFixtures.poissonInputs(T, BATCH, 3, 0.1, 22);
        final SpikingTrajectory a = alifNet.forward(x);
        final SpikingTrajectory l = lifNet.forward(x);
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, 2, 23));

        for (int t = 0; t < T; t++)
        {
            assertArrayEquals(l.v()[t].dup().data().asDouble(), a.v()[t].dup().data().asDouble(), 0.0);
            assertArrayEquals(l.z()[t].dup().data().asDouble(), a.z()[t].dup().data().asDouble(), 0.0);
        }
        final SpikingEprop.Traces alifTraces = new SpikingEprop.Traces(BATCH, 8, 8, alifNet);
        final SpikingEprop.Traces lifTraces = new SpikingEprop.Traces(BATCH, 8, 8, lifNet);
        INDArray zPrev = Nd4j.zeros(DataType.DOUBLE, BATCH, 8);
        for (int t = 0; t < T; t++)
        {
            assertArrayEquals(lifTraces.step(zPrev, l.psi()[t]).dup().data().asDouble(),
                alifTraces.step(zPrev, a.psi()[t]).dup().data().asDouble(), 0.0, "traces at step " + t);
            zPrev = a.z()[t];
        }
        final INDArray fb = alifNet.wOut().transpose();
        assertArrayEquals(SpikingEprop.gradients(lifNet, l, loss, fb, null).rec().dup().data().asDouble(),
            SpikingEprop.gradients(alifNet, a, loss, fb, null).rec().dup().data().asDouble(), 0.0);
    }

    @Test
    void aNeuronDrivenHardFiresEveryNRefStepsWithZeroPseudoDerivativeWhileRefractory()
    {
        for (final int nRef : new int[] {2, 3, 5})
        {
            final SpikingParams p = new SpikingParams(1, 1, 0, 1, 1, 20, 500, 0, 0.6, 1, 0.3, nRef, 20, 0.05);
            final SpikingNetwork net = new SpikingNetwork(p, DataType.DOUBLE, Nd4j.valueArrayOf(new long[] {1, 1}, 50.0),
                Nd4j.zeros(DataType.DOUBLE, 1, 1), Nd4j.ones(DataType.DOUBLE, 1, 1), Nd4j.zeros(DataType.DOUBLE, 1, 1),
                Nd4j.ones(DataType.DOUBLE, 1, 1));
            final INDArray[] x = new INDArray[40];
            for (int t = 0; t < x.length; t++)
            {
                x[t] = Nd4j.ones(DataType.DOUBLE, 1, 1);
            }
            final SpikingTrajectory tr = net.forward(x);
            for (int t = 0; t < x.length; t++)
            {
                final boolean spike = tr.z()[t].getDouble(0) == 1;
                assertEquals(t % nRef == 0, spike, "nRef " + nRef + " step " + t);
                if (t % nRef != 0)
                {
                    assertEquals(0.0, tr.psi()[t].getDouble(0), "ψ = 0 while refractory, nRef " + nRef + " step " + t);
                }
            }
        }
    }

    @Test
    void truncatedBpttWithAWindowOfTheTrialLengthIsFullBptt()
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 31, 1.2, 0.6);
        final SpikingTrajectory tr = net.forward(SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 32));
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 33));

        final Gradients full = SpikingBptt.gradients(net, tr, loss, SpikingBptt.Options.FULL).gradients();
        final Gradients window = SpikingBptt.gradients(net, tr, loss,
            new SpikingBptt.Options(T, false, false, null)).gradients();
        final Gradients shortWindow = SpikingBptt.gradients(net, tr, loss,
            new SpikingBptt.Options(5, false, false, null)).gradients();

        assertArrayEquals(full.rec().dup().data().asDouble(), window.rec().dup().data().asDouble(), 0.0);
        assertTrue(relativeError(shortWindow.rec(), full.rec()) > 1e-3, "a short window truncates");
    }
}
