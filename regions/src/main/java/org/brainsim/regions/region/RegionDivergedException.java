package org.brainsim.regions.region;

/**
 * A region's numbers left the finite floats: a loss, a weight or a state is NaN or infinite. Thrown on the
 * region's thread; the run stops cleanly, with status {@code diverged}, and keeps what it recorded.
 */
public final class RegionDivergedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Every message starts with this, so a run that hears of the divergence from another JVM can tell. */
    public static final String MARK = "diverged at step";

    private final long step;
    private final long trial;

    /**
     * @param step  the step at which it was seen.
     * @param trial the region's trial (−1 outside trials).
     * @param what  what is not finite.
     */
    public RegionDivergedException(final long step, final long trial, final String what)
    {
        super(MARK + " " + step + (trial >= 0 ? " (trial " + trial + ")" : "") + ": " + what +
            " (lower the learning rate, clip the gradients with clip_norm, or check the inputs)");
        this.step = step;
        this.trial = trial;
    }

    public long step()
    {
        return step;
    }

    public long trial()
    {
        return trial;
    }
}
