package org.brainsim.regions.lockstep;

/**
 * What a node computes at each step: a region's network, a task environment, an input source.
 * The lockstep actor owns the timing; the kernel owns the numbers.
 *
 * <p>Called only on the owning node's thread, one step at a time, steps 0, 1, 2, … in order.
 */
public interface NodeKernel extends AutoCloseable
{
    /** @return batch rows. */
    int batchSize();

    /** @return output units per batch row. */
    int width();

    /** @return whether the output is spikes (0/1, sent as bits) rather than rates. */
    boolean spiking();

    /**
     * Computes one step.
     *
     * @param step   the step being computed.
     * @param inputs one dense row-major {@code [batch][width_l]} array per inbound link, in link-id order;
     *               all zero while a link has no frame yet (its first {@code delay} steps). Read only.
     * @param output the node's activity at this step, row-major {@code [batch][width()]}; fully written.
     */
    void step(long step, float[][] inputs, float[] output);

    /** @return values per batch row of the node's error output (0: the node emits no error). */
    default int errorWidth()
    {
        return 0;
    }

    /**
     * @return the error of the step just computed, row-major {@code [batch][errorWidth()]}; valid until the
     * next step. Called only when {@link #errorWidth()} &gt; 0 and an error link goes out.
     */
    default float[] error()
    {
        throw new IllegalStateException(getClass().getSimpleName() + " emits no error");
    }

    /**
     * @return values per batch row the node emits on outbound links of {@code kind} (0: it emits none):
     * ACTIVITY is {@link #width()}, ERROR {@link #errorWidth()}; other kinds belong to tasks and regions that
     * say so.
     */
    default int portWidth(final LinkKind kind)
    {
        return switch (kind)
        {
            case ACTIVITY -> width();
            case ERROR -> errorWidth();
            default -> 0;
        };
    }

    /**
     * @return the values of the step just computed on outbound links of {@code kind} other than ACTIVITY,
     * row-major {@code [batch][portWidth(kind)]}; valid until the next step.
     */
    default float[] port(final LinkKind kind)
    {
        if (kind == LinkKind.ERROR)
        {
            return error();
        }
        throw new IllegalStateException(getClass().getSimpleName() + " emits nothing on " + kind + " links");
    }

    /** @return the step's length in ms, for rates in Hz (NaN: unknown). */
    default double dtMs()
    {
        return Double.NaN;
    }

    /** @return what an operator may read and change live on the node, or {@code null} when nothing. */
    default NodeControl control()
    {
        return null;
    }

    /** @return what the node publishes after each trial, or {@code null} when it completes no scored trials. */
    default TrialFigures trialFigures()
    {
        return null;
    }

    /** Releases native memory. Default: nothing to release. */
    @Override
    default void close()
    {
    }
}
