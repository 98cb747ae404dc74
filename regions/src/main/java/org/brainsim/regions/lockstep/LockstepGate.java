package org.brainsim.regions.lockstep;

import org.brainsim.messaging.ActionValuesFrame;
import org.brainsim.messaging.ActivityFrame;
import org.brainsim.messaging.BatchFrame;
import org.brainsim.messaging.CreditFrame;
import org.brainsim.messaging.ErrorFrame;
import org.brainsim.messaging.ModulatorFrame;
import org.brainsim.messaging.RewardFrame;
import org.brainsim.messaging.Frame;

import java.util.Arrays;
import java.util.List;

/**
 * The conservative-synchronisation rules of one node, without threads or actors (DESIGN.md §3).
 *
 * <ul>
 * <li>Step {@code t} is ready when every inbound link of delay {@code d} has delivered its frame stamped
 *     {@code t − d} (nothing is needed while {@code t < d}: the input is zero), and every consumer has
 *     completed step {@code t − window} (credits).</li>
 * <li>A producer sends the frame of step {@code t} on a link only if the consumer will use it
 *     ({@code t + d < totalSteps}); a consumer sends a credit for completed step {@code s} only if some
 *     producer step will wait for it ({@code s + window < totalSteps}). So a finished run leaves no
 *     frame in flight.</li>
 * <li>Each inbound link buffers at most {@code window + d} frames: a producer can be no further ahead.</li>
 * </ul>
 *
 * <p>Deadlock-free for {@code window ≥ 1}: the node with the smallest next step {@code s} always has
 * its inputs (stamped ≤ {@code s − 1}, every node has completed {@code s − 1}) and its credits
 * (consumers completed {@code s − 1 ≥ s − window}).
 *
 * <p>Not thread-safe: owned by one node.
 */
public final class LockstepGate
{
    private final InboundLink[] inbound;
    private final OutboundLink[] outbound;
    private final int windowSteps;
    private final int creditEvery;
    private final long totalSteps;
    private final BatchFrame[][] rings;
    private final int[] inboundIndexByLink;
    private final int[] outboundIndexByLink;
    private final long[] consumerCompleted;
    private long nextStep;
    private int framesWaiting;
    private long rejectedFrames;

    /**
     * @param inbound     inbound links, any order (they are used in ascending id order).
     * @param outbound    outbound links.
     * @param windowSteps how far this node may run ahead of its slowest consumer, ≥ 1.
     * @param totalSteps  steps of the run, ≥ 0.
     */
    public LockstepGate(
        final List<InboundLink> inbound, final List<OutboundLink> outbound, final int windowSteps,
        final long totalSteps)
    {
        if (windowSteps < 1)
        {
            throw new IllegalArgumentException("windowSteps: " + windowSteps + " (expected: >= 1)");
        }
        if (totalSteps < 0)
        {
            throw new IllegalArgumentException("totalSteps: " + totalSteps + " (expected: >= 0)");
        }
        this.inbound = inbound.stream().sorted((a, b) -> Integer.compare(a.linkId(), b.linkId()))
            .toArray(InboundLink[]::new);
        this.outbound = outbound.toArray(OutboundLink[]::new);
        this.windowSteps = windowSteps;
        this.creditEvery = Math.max(1, windowSteps / 4);
        this.totalSteps = totalSteps;
        int maxLink = -1;
        for (final InboundLink l : this.inbound)
        {
            maxLink = Math.max(maxLink, l.linkId());
        }
        for (final OutboundLink l : this.outbound)
        {
            maxLink = Math.max(maxLink, l.linkId());
        }
        this.inboundIndexByLink = new int[maxLink + 1];
        this.outboundIndexByLink = new int[maxLink + 1];
        Arrays.fill(inboundIndexByLink, -1);
        Arrays.fill(outboundIndexByLink, -1);
        this.rings = new BatchFrame[this.inbound.length][];
        for (int i = 0; i < this.inbound.length; i++)
        {
            if (inboundIndexByLink[this.inbound[i].linkId()] != -1)
            {
                throw new IllegalArgumentException("inbound linkId: " + this.inbound[i].linkId() + " (duplicate)");
            }
            inboundIndexByLink[this.inbound[i].linkId()] = i;
            rings[i] = new BatchFrame[windowSteps + this.inbound[i].delaySteps()];
        }
        for (int i = 0; i < this.outbound.length; i++)
        {
            if (outboundIndexByLink[this.outbound[i].linkId()] != -1)
            {
                throw new IllegalArgumentException("outbound linkId: " + this.outbound[i].linkId() + " (duplicate)");
            }
            outboundIndexByLink[this.outbound[i].linkId()] = i;
        }
        this.consumerCompleted = new long[this.outbound.length];
        Arrays.fill(consumerCompleted, -1);
    }

    /** @return inbound links in the order their inputs are combined (ascending link id). */
    public InboundLink[] inbound()
    {
        return inbound.clone();
    }

    /** @return the step this node computes next. */
    public long nextStep()
    {
        return nextStep;
    }

    /** @return whether every step of the run is done. */
    public boolean finished()
    {
        return nextStep >= totalSteps;
    }

    /** @return frames received and not yet consumed. */
    public int framesWaiting()
    {
        return framesWaiting;
    }

    /**
     * @return frames that broke the protocol (unknown link, another width than the link's, outside the window,
     *         duplicate); dropped.
     */
    public long rejectedFrames()
    {
        return rejectedFrames;
    }

    /**
     * Takes a frame off the wire: a data frame for an inbound link or a credit for an outbound link.
     *
     * @return {@code false} when it breaks the protocol (counted in {@link #rejectedFrames()}, dropped).
     */
    public boolean offer(final Frame frame)
    {
        final int linkId = frame.linkId();
        if (frame instanceof CreditFrame credit)
        {
            final int o = linkId < outboundIndexByLink.length ? outboundIndexByLink[linkId] : -1;
            if (o < 0 || credit.step() <= consumerCompleted[o])
            {
                rejectedFrames++;
                return false;
            }
            consumerCompleted[o] = credit.step();
            return true;
        }
        final int i = linkId < inboundIndexByLink.length ? inboundIndexByLink[linkId] : -1;
        if (i < 0 || !(frame instanceof BatchFrame data))
        {
            rejectedFrames++;
            return false;
        }
        final int width = data instanceof RewardFrame ? RewardFrame.DENSE_WIDTH : data.width();
        if (width != inbound[i].width())
        {
            rejectedFrames++; // a frame of another shape than its link's
            return false;
        }
        final BatchFrame[] ring = rings[i];
        final long firstNeeded = nextStep - inbound[i].delaySteps();
        final long step = data.step();
        if (step < firstNeeded || step >= firstNeeded + ring.length || step + inbound[i].delaySteps() >= totalSteps)
        {
            rejectedFrames++;
            return false;
        }
        final int slot = (int)(step % ring.length);
        if (ring[slot] != null)
        {
            rejectedFrames++;
            return false;
        }
        ring[slot] = data;
        framesWaiting++;
        return true;
    }

    /** @return whether {@link #nextStep()} can be computed now. */
    public boolean ready()
    {
        if (nextStep >= totalSteps)
        {
            return false;
        }
        for (int i = 0; i < inbound.length; i++)
        {
            final long needed = nextStep - inbound[i].delaySteps();
            if (needed >= 0 && rings[i][(int)(needed % rings[i].length)] == null)
            {
                return false;
            }
        }
        final long minCompleted = nextStep - windowSteps;
        for (final long completed : consumerCompleted)
        {
            if (completed < minCompleted)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the inputs of {@link #nextStep()} into {@code inputs} (zeros before a link's first frame).
     * Call only when {@link #ready()}.
     *
     * @param inputs one array per inbound link, in {@link #inbound()} order, each {@code batch × width}.
     */
    public void gather(final float[][] inputs)
    {
        for (int i = 0; i < inbound.length; i++)
        {
            final long needed = nextStep - inbound[i].delaySteps();
            if (needed < 0)
            {
                Arrays.fill(inputs[i], 0.0f);
                continue;
            }
            final BatchFrame frame = rings[i][(int)(needed % rings[i].length)];
            if (frame instanceof ActivityFrame activity)
            {
                activity.copyTo(inputs[i]);
            }
            else if (frame instanceof ErrorFrame error)
            {
                System.arraycopy(error.values(), 0, inputs[i], 0, error.values().length);
            }
            else if (frame instanceof ModulatorFrame modulator)
            {
                System.arraycopy(modulator.values(), 0, inputs[i], 0, modulator.values().length);
            }
            else if (frame instanceof RewardFrame reward)
            {
                reward.copyTo(inputs[i]);
            }
            else if (frame instanceof ActionValuesFrame values)
            {
                final int actions = values.actions();
                for (int b = 0; b < values.batchSize(); b++)
                {
                    System.arraycopy(values.values(), b * actions, inputs[i], b * 2 * actions, actions);
                    System.arraycopy(values.uncertainty(), b * actions, inputs[i], b * 2 * actions + actions, actions);
                }
            }
            else
            {
                throw new IllegalStateException("link " + inbound[i].linkId() + " carries " +
                    frame.getClass().getSimpleName() + "; only activity, error, reward, modulator and action-value inputs are combined here");
            }
        }
    }

    /**
     * Marks {@link #nextStep()} done and releases its inputs.
     */
    public void advance()
    {
        for (int i = 0; i < inbound.length; i++)
        {
            final long used = nextStep - inbound[i].delaySteps();
            if (used >= 0)
            {
                rings[i][(int)(used % rings[i].length)] = null;
                framesWaiting--;
            }
        }
        nextStep++;
    }

    /**
     * @param link a link of this node's outbound list.
     * @param step the step whose output is about to be sent.
     * @return whether the consumer will ever use the frame of {@code step} on {@code link}.
     */
    public boolean shouldSend(final OutboundLink link, final long step)
    {
        return step + link.delaySteps() < totalSteps;
    }

    /**
     * Credits travel every {@code max(1, window / 4)} steps rather than every step: a producer may run a whole window
     * ahead, so a credit that lags by a quarter of it never holds one up, and each credit not sent is a frame less
     * to encode, poll and deliver per step. The last step a producer waits on is always credited.
     *
     * @param completedStep a step this node has just completed.
     * @return whether to credit it to the producers.
     */
    public boolean shouldCredit(final long completedStep)
    {
        if (completedStep + windowSteps >= totalSteps)
        {
            return false; // no producer waits on it
        }
        return (completedStep + 1) % creditEvery == 0 || completedStep + windowSteps == totalSteps - 1;
    }
}
