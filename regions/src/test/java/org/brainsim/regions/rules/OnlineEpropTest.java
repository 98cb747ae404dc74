package org.brainsim.regions.rules;

import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingParams;
import org.brainsim.regions.network.SpikingTrajectory;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;

import static org.brainsim.regions.rules.SpikingFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlineEpropTest
{
    private static final int T = 40;
    private static final int BATCH = 2;

    @ParameterizedTest(name = "delay {0}")
    @ValueSource(ints = {0, 1, 3, 7})
    void aLateSignalMeetsTheTraceOfItsOwnStep(final int delay)
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 41, 1.2, 0.6);
        final SpikingTrajectory tr = net.forward(SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 42));
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 43));
        final INDArray feedback = SpikingNetwork.gaussian(org.brainsim.regions.NodeRandom.forNode(1, "B"), p.nOut(),
            p.n(), 1.0, DataType.DOUBLE);
        final Gradients offline = SpikingEprop.gradients(net, tr, loss, feedback, null);

        // Online: the error for step t (another region's frame) arrives `delay` steps later.
        final OnlineEprop online = new OnlineEprop(net, BATCH, 7);
        final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
        INDArray zPrev = Nd4j.zeros(DataType.DOUBLE, BATCH, p.n());
        for (int t = 0; t < T + delay; t++)
        {
            if (t < T)
            {
                online.step(t, zPrev, tr.x()[t], tr.psi()[t]);
                zPrev = tr.z()[t];
                inFlight.add(new long[] {t, t + delay});
            }
            while (!inFlight.isEmpty() && inFlight.peek()[1] == t)
            {
                final int s = (int)inFlight.poll()[0];
                online.learningSignal(s, loss.error(tr.y()[s], s).mmul(feedback));
            }
        }
        final INDArray[] grads = online.takeGradients();

        assertEquals(T, online.signalsApplied());
        assertTrue(relativeError(grads[1], offline.rec()) < 1e-12, "rec " + relativeError(grads[1], offline.rec()));
        assertTrue(relativeError(grads[0], offline.in()) < 1e-12, "in " + relativeError(grads[0], offline.in()));
    }

    @Test
    void aSignalPairedWithTheTraceOfNowGivesAnotherGradient()
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 41, 1.2, 0.6);
        final SpikingTrajectory tr = net.forward(SpikingFixtures.poissonInputs(T, BATCH, p.nIn(), 0.1, 42));
        final Loss loss = Loss.everyStep(LossKind.MSE, SpikingFixtures.gaussianTargets(T, BATCH, p.nOut(), 43));
        final INDArray feedback = net.wOut().transpose();
        final Gradients offline = SpikingEprop.gradients(net, tr, loss, feedback, null);
        final int delay = 3;

        final OnlineEprop online = new OnlineEprop(net, BATCH, delay);
        INDArray zPrev = Nd4j.zeros(DataType.DOUBLE, BATCH, p.n());
        for (int t = 0; t < T; t++)
        {
            online.step(t, zPrev, tr.x()[t], tr.psi()[t]);
            zPrev = tr.z()[t];
            if (t >= delay)
            {
                // Wrong on purpose: the signal about t − delay paired with the trace of t.
                online.learningSignal(t, loss.error(tr.y()[t - delay], t - delay).mmul(feedback));
            }
        }
        assertTrue(relativeError(online.takeGradients()[1], offline.rec()) > 1e-2);
    }

    @Test
    void aSignalOlderThanTheRingIsRefusedWithAClearMessage()
    {
        final SpikingParams p = SpikingFixtures.tiny(2, 0.07);
        final SpikingNetwork net = SpikingFixtures.network(p, 41, 1.2, 0.6);
        final OnlineEprop online = new OnlineEprop(net, 1, 2);
        final INDArray zero = Nd4j.zeros(DataType.DOUBLE, 1, p.n());
        for (int t = 0; t < 5; t++)
        {
            online.step(t, zero, Nd4j.zeros(DataType.DOUBLE, 1, p.nIn()), zero);
        }

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> online.learningSignal(1, Nd4j.zeros(DataType.DOUBLE, 1, p.n())));
        assertTrue(ex.getMessage().contains("step 1") && ex.getMessage().contains("2..4"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> online.learningSignal(5, Nd4j.zeros(DataType.DOUBLE, 1, p.n())));
    }
}
