package org.brainsim.regions.lockstep;

import org.brainsim.messaging.CreditFrame;
import org.brainsim.messaging.ModulatorFrame;
import org.brainsim.messaging.RateFrame;
import org.brainsim.messaging.RewardFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockstepGateTest
{
    private static RateFrame frame(final int link, final long step)
    {
        return new RateFrame(link, step, 1, 2, new float[] {step + 1, step + 1});
    }

    @Test
    void shouldUseZeroInputBeforeTheFirstDelayedFrameThenTheFrameStampedTMinusD()
    {
        final LockstepGate gate = new LockstepGate(List.of(new InboundLink(4, "a", 3, 2)), List.of(), 2, 100);
        final float[][] inputs = {new float[2]};

        for (int t = 0; t < 3; t++)
        {
            assertTrue(gate.ready(), "step " + t + " needs nothing");
            inputs[0][0] = 99;
            gate.gather(inputs);
            assertArrayEquals(new float[] {0, 0}, inputs[0]);
            gate.advance();
        }
        assertFalse(gate.ready(), "step 3 needs the frame of step 0");
        assertTrue(gate.offer(frame(4, 1)));
        assertFalse(gate.ready(), "frame of step 1 is not the frame of step 0");
        assertTrue(gate.offer(frame(4, 0)));
        assertTrue(gate.ready());
        gate.gather(inputs);
        assertArrayEquals(new float[] {1, 1}, inputs[0]);
        assertEquals(2, gate.framesWaiting());
        gate.advance();
        assertEquals(1, gate.framesWaiting());
        gate.gather(inputs);
        assertArrayEquals(new float[] {2, 2}, inputs[0]);
    }

    @Test
    void shouldWaitForCreditsWhenAWindowAheadOfTheSlowestConsumer()
    {
        final LockstepGate gate = new LockstepGate(List.of(),
            List.of(new OutboundLink(0, "b", 1), new OutboundLink(1, "c", 2)), 3, 100);

        for (int t = 0; t < 3; t++)
        {
            assertTrue(gate.ready());
            gate.advance();
        }
        assertFalse(gate.ready(), "step 3 needs both consumers to have completed step 0");
        assertTrue(gate.offer(new CreditFrame(0, 0)));
        assertFalse(gate.ready());
        assertTrue(gate.offer(new CreditFrame(1, 1)));
        assertTrue(gate.ready());
        gate.advance();
        assertFalse(gate.ready(), "step 4 needs consumer b at step 1");
        assertTrue(gate.offer(new CreditFrame(0, 5)));
        assertTrue(gate.ready());
    }

    @Test
    void shouldRejectFramesOutsideTheProtocol()
    {
        final LockstepGate gate = new LockstepGate(List.of(new InboundLink(0, "a", 1, 2)),
            List.of(new OutboundLink(1, "b", 1)), 2, 10);

        assertFalse(gate.offer(frame(7, 0)), "unknown link");
        assertFalse(gate.offer(frame(0, 3)), "beyond window + delay");
        assertTrue(gate.offer(frame(0, 0)));
        assertFalse(gate.offer(frame(0, 0)), "duplicate");
        assertFalse(gate.offer(new CreditFrame(0, 0)), "credit on an inbound link");
        assertTrue(gate.offer(new CreditFrame(1, 0)));
        assertFalse(gate.offer(new CreditFrame(1, 0)), "stale credit");
        assertFalse(gate.offer(frame(0, 9)), "frame that the last step can never use");
        assertEquals(6, gate.rejectedFrames());
    }

    @Test
    void shouldDropAFrameOfAnotherWidthAndGatherRewardsAndModulatorsAsDenseRows()
    {
        // link 0 carries rewards ([reward, flags] per row), link 1 a one-value neuromodulator, link 2 two rates
        final LockstepGate gate = new LockstepGate(List.of(new InboundLink(0, "task", 1, 2),
            new InboundLink(1, "critic", 1, 1), new InboundLink(2, "a", 1, 2)), List.of(), 2, 10);

        assertFalse(gate.offer(new RateFrame(2, 0, 1, 3, new float[3])), "three values on a link of two");
        assertFalse(gate.offer(new ModulatorFrame(1, 0, 1, 2, new float[2])), "two values on a link of one");
        assertEquals(2, gate.rejectedFrames());
        assertTrue(gate.offer(new RewardFrame(0, 0, 1, new float[] {0.5f},
            new byte[] {RewardFrame.ACTED | RewardFrame.EPISODE_END})));
        assertTrue(gate.offer(new ModulatorFrame(1, 0, 1, 1, new float[] {-0.25f})));
        assertTrue(gate.offer(frame(2, 0)));
        final float[][] inputs = {new float[2], new float[1], new float[2]};
        gate.gather(inputs); // step 0: nothing yet (delay 1)
        gate.advance();
        gate.gather(inputs);
        assertArrayEquals(new float[] {0.5f, 3}, inputs[0], "the reward, then its flags");
        assertArrayEquals(new float[] {-0.25f}, inputs[1]);
        assertArrayEquals(new float[] {1, 1}, inputs[2]);
    }

    @Test
    void shouldSendOnlyWhatWillBeUsed()
    {
        final OutboundLink link = new OutboundLink(0, "b", 3);
        final LockstepGate gate = new LockstepGate(List.of(), List.of(link), 4, 10);

        assertTrue(gate.shouldSend(link, 6));
        assertFalse(gate.shouldSend(link, 7));
        assertTrue(gate.shouldCredit(5));
        assertFalse(gate.shouldCredit(6));
    }

    @Test
    void creditsEveryQuarterWindowAndAlwaysTheLastOneWaitedOn()
    {
        final LockstepGate gate = new LockstepGate(List.of(), List.of(), 8, 100);
        final List<Long> credited = java.util.stream.LongStream.range(0, 100).filter(gate::shouldCredit).boxed().toList();

        assertEquals(List.of(1L, 3L, 5L), credited.subList(0, 3), "every 2 steps with a window of 8");
        assertEquals(91L, credited.get(credited.size() - 1), "the last step a producer waits on (91 + 8 = 99)");
        for (int i = 1; i < credited.size(); i++)
        {
            assertTrue(credited.get(i) - credited.get(i - 1) <= 2, "never more than a quarter window apart");
        }
    }

    @Test
    void shouldRefuseAZeroWindow()
    {
        assertThrows(IllegalArgumentException.class, () -> new LockstepGate(List.of(), List.of(), 0, 10));
    }
}
