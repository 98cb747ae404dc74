package org.brainsim.regions.lockstep;

/**
 * What a learning node publishes after each trial for whoever watches it (JMX, a monitor, a metrics scraper): the
 * trials completed, the phase of the last one, its loss and a running mean of the losses. Written by the node's thread,
 * read from any.
 */
public final class TrialFigures
{
    /** The weight of the newest trial in the running mean of the loss. */
    static final double MEAN_RATE = 0.1;

    private volatile long trials;
    private volatile int phase = -1;
    private volatile double loss = Double.NaN;
    private volatile double lossMean = Double.NaN;
    private volatile double reward = Double.NaN;

    /**
     * A trial ended (node thread only).
     *
     * @param phase  its phase ({@code -1} without phases).
     * @param loss   its loss (NaN or infinite when it diverged: published as it is).
     * @param reward the rewards the region received in it (NaN: it receives none).
     */
    public void publish(final int phase, final double loss, final double reward)
    {
        this.reward = reward;
        this.phase = phase;
        this.loss = loss;
        final double mean = lossMean;
        this.lossMean = Double.isNaN(mean) ? loss : mean + MEAN_RATE * (loss - mean);
        this.trials = trials + 1;
    }

    /** @return trials completed. */
    public long trials()
    {
        return trials;
    }

    /** @return the phase of the last trial, −1 before the first or without phases. */
    public int phase()
    {
        return phase;
    }

    /** @return the rewards of the last trial, NaN before the first or without rewards. */
    public double reward()
    {
        return reward;
    }

    /** @return the last trial's loss, NaN before the first. */
    public double loss()
    {
        return loss;
    }

    /** @return the running mean of the losses (each trial weighs 0.1), NaN before the first. */
    public double lossMean()
    {
        return lossMean;
    }
}
