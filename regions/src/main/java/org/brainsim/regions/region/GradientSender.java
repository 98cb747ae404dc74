package org.brainsim.regions.region;

import org.brainsim.objectives.Floats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayDeque;

/**
 * The downstream end of exact cross-region BPTT: after each trial, the region queues the gradient of its loss with
 * respect to the columns of its input that one inbound link filled (an upstream region's activity), and sends it
 * back one chunk per step on its gradient link ({@link GradientFrames}).
 *
 * <p>Not thread-safe: the region's thread.
 */
public final class GradientSender
{
    private final int batch;
    private final int link;
    private final int column;
    private final int width;
    private final int delaySteps;
    private final int chunk;
    private final float[] frame;
    private final ArrayDeque<float[]> queue = new ArrayDeque<>();

    /**
     * @param batch      rows.
     * @param link       the link's index among the region's inbound links.
     * @param column     the first column of the link among the region's inputs x_t.
     * @param width      the link's width (the upstream region's units).
     * @param delaySteps the link's delay: the input at step t is the upstream's activity at t − delay.
     * @param chunk      gradient rows per frame ({@link GradientFrames#chunk}).
     */
    public GradientSender(
        final int batch, final int link, final int column, final int width, final int delaySteps, final int chunk)
    {
        if (batch < 1 || link < 0 || column < 0 || width < 1 || delaySteps < 1 || chunk < 1)
        {
            throw new IllegalArgumentException("batch " + batch + ", link " + link + ", column " + column + ", width " +
                width + ", delay " + delaySteps + ", chunk " + chunk + " (expected: ≥ 1, link and column ≥ 0)");
        }
        this.batch = batch;
        this.link = link;
        this.column = column;
        this.width = width;
        this.delaySteps = delaySteps;
        this.chunk = chunk;
        this.frame = new float[batch * rowWidth()];
    }

    /** @return the link's index among the region's inbound links. */
    int link()
    {
        return link;
    }

    /** @return values per batch row of the frames. */
    public int rowWidth()
    {
        return GradientFrames.rowWidth(chunk, width);
    }

    /**
     * Queues one trial's gradients.
     *
     * @param trialStart  the region's step at the trial's first step.
     * @param inputErrors per step of the trial, ∂L/∂x_t (batch × the region's inputs).
     * @param cut         whether the link was cut in the trial: what it brought was zeros, so nothing of the loss
     *                    depends on the upstream's activity (zero gradients go, and the upstream's trial completes).
     */
    void enqueue(final long trialStart, final INDArray[] inputErrors, final boolean cut)
    {
        final int steps = inputErrors.length;
        for (int first = 0; first < steps; first += chunk)
        {
            final int count = Math.min(chunk, steps - first);
            final float[] f = new float[frame.length];
            final long step = trialStart + first - delaySteps; // the upstream's step the first row is about
            final float[] rowValues = new float[batch * width];
            for (int r = 0; r < count && !cut; r++)
            {
                final INDArray g = inputErrors[first + r].get(NDArrayIndex.all(),
                    NDArrayIndex.interval(column, column + width));
                Floats.read(g.dataType() == DataType.FLOAT ? g.dup('c') : g.castTo(DataType.FLOAT).dup('c'),
                    rowValues);
                for (int b = 0; b < batch; b++)
                {
                    System.arraycopy(rowValues, b * width, f, b * rowWidth() + GradientFrames.HEADER + r * width,
                        width);
                }
            }
            for (int b = 0; b < batch; b++)
            {
                final int o = b * rowWidth();
                f[o] = count;
                f[o + 1] = GradientFrames.high(step);
                f[o + 2] = GradientFrames.low(step);
                f[o + 3] = first + count == steps ? 1 : 0;
            }
            queue.add(f);
        }
    }

    /** Fills this step's frame: the next queued chunk, or nothing (count 0). */
    void advance()
    {
        final float[] next = queue.poll();
        if (next == null)
        {
            java.util.Arrays.fill(frame, 0f);
        }
        else
        {
            System.arraycopy(next, 0, frame, 0, frame.length);
        }
    }

    /** @return this step's frame, row-major {@code [batch][rowWidth()]}; valid until the next step. */
    float[] frame()
    {
        return frame;
    }

    /** @return chunks waiting to be sent. */
    int queued()
    {
        return queue.size();
    }
}
