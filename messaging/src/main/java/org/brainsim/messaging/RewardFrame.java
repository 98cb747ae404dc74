package org.brainsim.messaging;

import java.util.Arrays;

/**
 * Scalar reward per batch row at one step.
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the environment emitted it.
 * @param batchSize batch rows.
 * @param rewards   one reward per row, length {@code batchSize}.
 */
public record RewardFrame(int linkId, long step, int batchSize, float[] rewards) implements BatchFrame
{
    public RewardFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, 1);
        FrameChecks.length("rewards", FrameChecks.notNull("rewards", rewards).length, batchSize);
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
            Arrays.equals(f.rewards, rewards);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(rewards);
    }

    @Override
    public String toString()
    {
        return "RewardFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + "]";
    }
}
