package org.brainsim.messaging;

import java.util.Arrays;

/**
 * The discrete action chosen for each batch row at one step ({@code -1} = no action).
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the action was chosen.
 * @param batchSize batch rows.
 * @param actions   one action index per row, length {@code batchSize}, each ≥ -1.
 */
public record ActionFrame(int linkId, long step, int batchSize, int[] actions) implements BatchFrame
{
    public ActionFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, 1);
        FrameChecks.length("actions", FrameChecks.notNull("actions", actions).length, batchSize);
        for (final int a : actions)
        {
            if (a < -1)
            {
                throw new IllegalArgumentException("actions: " + a + " (expected: >= -1)");
            }
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
        return o instanceof ActionFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
            Arrays.equals(f.actions, actions);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(actions);
    }

    @Override
    public String toString()
    {
        return "ActionFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + "]";
    }
}
