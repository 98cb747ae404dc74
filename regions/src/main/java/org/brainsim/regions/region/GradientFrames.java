package org.brainsim.regions.region;

/**
 * The layout of a {@link org.brainsim.regions.lockstep.LinkKind#GRADIENT} frame, per batch row:
 * <pre>
 *   [count, stepHigh, stepLow, last,  g_0 (width values), g_1, …, g_{chunk−1}]
 * </pre>
 * {@code count} ≤ chunk rows of gradient are valid (0: the frame carries nothing); row r is ∂L/∂(the upstream's
 * activity at step s + r), where s = stepHigh · 2²⁰ + stepLow is the upstream's step (both parts exact in float);
 * {@code last} is 1 on the frame that ends one downstream trial's sequence. Every batch row carries the same header.
 * Chunks are at most {@link #MAX_FRAME_BYTES} per frame and cut a trial's sequence into at most
 * {@link #FRAMES_PER_TRIAL} frames, so that it reaches the upstream region soon after the trial ends.
 */
public final class GradientFrames
{
    /** Header values per row. */
    public static final int HEADER = 4;
    /** A trial's gradients travel in at most this many frames (when the frame size allows). */
    public static final int FRAMES_PER_TRIAL = 8;
    /** The largest frame: well under the transport's 2 MiB message. */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    private static final long SPLIT = 1L << 20;

    private GradientFrames()
    {
    }

    /**
     * @param trialSteps the longest trial.
     * @param width      the upstream region's units.
     * @param batch      rows.
     * @return the gradient rows per frame.
     */
    public static int chunk(final int trialSteps, final int width, final int batch)
    {
        final int wanted = (trialSteps + FRAMES_PER_TRIAL - 1) / FRAMES_PER_TRIAL;
        final int fits = (MAX_FRAME_BYTES / Float.BYTES / batch - HEADER) / width;
        return Math.max(1, Math.min(wanted, fits));
    }

    /** @return values per batch row of a frame. */
    public static int rowWidth(final int chunk, final int width)
    {
        return HEADER + chunk * width;
    }

    static float high(final long step)
    {
        return (float)(step / SPLIT);
    }

    static float low(final long step)
    {
        return (float)(step % SPLIT);
    }

    static long step(final float high, final float low)
    {
        return (long)high * SPLIT + (long)low;
    }
}
