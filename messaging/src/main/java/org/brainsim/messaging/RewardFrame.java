package org.brainsim.messaging;

import java.util.Arrays;

/**
 * Scalar reward per batch row at one step, with per-row flags saying what the reward is about: {@link #ACTED} (the
 * environment took an action the consumer sent, and this is its outcome) and {@link #EPISODE_END} (the episode ended
 * with that transition: nothing is bootstrapped past it).
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the environment emitted it.
 * @param batchSize batch rows.
 * @param rewards   one reward per row, length {@code batchSize}.
 * @param flags     per-row bit flags ({@link #ACTED}, {@link #EPISODE_END}, the action taken above
 *                  {@link #TAKEN_SHIFT}), length {@code batchSize}.
 */
public record RewardFrame(int linkId, long step, int batchSize, float[] rewards, byte[] flags) implements BatchFrame
{
    /** The row's reward is the outcome of an action the consumer sent (a decision that counted). */
    public static final int ACTED = 1;
    /** The episode ended with that transition. */
    public static final int EPISODE_END = 2;
    /**
     * The bits above {@link #EPISODE_END} say which action the environment took, as its index + 1 (0: not said): a
     * controller that did not choose (an arbiter did) learns from what was done.
     */
    public static final int TAKEN_SHIFT = 2;
    /** The most actions whose index the flags can carry. */
    public static final int MAX_TAKEN = 63;
    /** Values per row as a consumer reads them: the reward, then the flags as a number. */
    public static final int DENSE_WIDTH = 2;

    public RewardFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, 1);
        FrameChecks.length("rewards", FrameChecks.notNull("rewards", rewards).length, batchSize);
        FrameChecks.length("flags", FrameChecks.notNull("flags", flags).length, batchSize);
    }

    /** @return the flags of an answer: acted, ended, and the action taken (−1: not said). */
    public static int flags(final boolean acted, final boolean end, final int taken)
    {
        if (taken < -1 || taken >= MAX_TAKEN)
        {
            throw new IllegalArgumentException("taken: " + taken + " (expected: -1 … " + (MAX_TAKEN - 1) + ")");
        }
        return (acted ? ACTED : 0) | (end ? EPISODE_END : 0) | (taken + 1) << TAKEN_SHIFT;
    }

    /** @return the action an answer's flags say was taken, or −1. */
    public static int taken(final int flags)
    {
        return (flags >> TAKEN_SHIFT & MAX_TAKEN) - 1;
    }

    /** @return a frame from dense rows {@code [reward, flags]} (as {@link #copyTo} writes them). */
    public static RewardFrame fromDense(final int linkId, final long step, final int batchSize, final float[] dense)
    {
        FrameChecks.length("dense", dense.length, (long)batchSize * DENSE_WIDTH);
        final float[] rewards = new float[batchSize];
        final byte[] flags = new byte[batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            rewards[b] = dense[b * DENSE_WIDTH];
            flags[b] = (byte)dense[b * DENSE_WIDTH + 1];
        }
        return new RewardFrame(linkId, step, batchSize, rewards, flags);
    }

    /** Writes dense rows {@code [reward, flags]} into {@code dst} (length at least {@code batchSize * 2}). */
    public void copyTo(final float[] dst)
    {
        for (int b = 0; b < batchSize; b++)
        {
            dst[b * DENSE_WIDTH] = rewards[b];
            dst[b * DENSE_WIDTH + 1] = flags[b] & 0xFF;
        }
    }

    @Override
    public int width()
    {
        return 1;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof RewardFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
            Arrays.equals(f.rewards, rewards) && Arrays.equals(f.flags, flags);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(rewards)) + Arrays.hashCode(flags);
    }

    @Override
    public String toString()
    {
        return "RewardFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + "]";
    }
}
