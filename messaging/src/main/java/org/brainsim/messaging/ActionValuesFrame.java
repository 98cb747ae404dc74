package org.brainsim.messaging;

import java.util.Arrays;

/**
 * A controller's action values per batch row, with their uncertainty (issue 14): what a habit (model-free) or a
 * goal-directed (model-based) region offers an arbitration node every step, so that it can weigh them (Daw et al. 2011:
 * w·Q_MB + (1 − w)·Q_MF) or hand control to the less uncertain (Daw, Niv &amp; Dayan 2005).
 *
 * @param linkId      link the frame travels on.
 * @param step        step at which the producer emitted it.
 * @param batchSize   batch rows.
 * @param actions     actions per row.
 * @param values      row-major {@code [batch][actions]} values Q(s, a) of the state the producer is in.
 * @param uncertainty row-major {@code [batch][actions]} variances of those values (≥ 0, or NaN: not known).
 */
public record ActionValuesFrame(int linkId, long step, int batchSize, int actions, float[] values, float[] uncertainty)
    implements BatchFrame
{
    public ActionValuesFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, actions);
        FrameChecks.length("values", FrameChecks.notNull("values", values).length, (long)batchSize * actions);
        FrameChecks.length("uncertainty", FrameChecks.notNull("uncertainty", uncertainty).length,
            (long)batchSize * actions);
        if (actions < 1)
        {
            throw new IllegalArgumentException("actions: " + actions + " (expected: >= 1)");
        }
        for (final float u : uncertainty)
        {
            if (u < 0)
            {
                throw new IllegalArgumentException("uncertainty: " + u + " (expected: a variance >= 0, or NaN)");
            }
        }
    }

    /** @return values per row as a consumer reads them: the actions' values, then their variances (2 × actions). */
    public int width()
    {
        return 2 * actions;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ActionValuesFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
            f.actions == actions && Arrays.equals(f.values, values) && Arrays.equals(f.uncertainty, uncertainty);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(values)) + Arrays.hashCode(uncertainty);
    }

    @Override
    public String toString()
    {
        return "ActionValuesFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + ", actions=" +
            actions + "]";
    }
}
