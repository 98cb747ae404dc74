package org.brainsim.messaging;

import java.util.Arrays;

/**
 * Spikes of a spiking region at one step: one bitset per batch row, {@link #wordsPerRow(int)} longs
 * each, bit {@code n % 64} of word {@code row * wordsPerRow + n / 64} set when neuron {@code n} spiked.
 *
 * @param linkId    link the frame travels on.
 * @param step      step at which the spikes happened.
 * @param batchSize batch rows.
 * @param width     neurons per row.
 * @param bits      packed spikes, length {@code batchSize * wordsPerRow(width)}; bits past {@code width}
 *                  in a row's last word are zero.
 */
public record SpikeFrame(int linkId, long step, int batchSize, int width, long[] bits) implements ActivityFrame
{
    public SpikeFrame
    {
        FrameChecks.header(linkId, step);
        FrameChecks.batch(batchSize, width);
        FrameChecks.length("bits", FrameChecks.notNull("bits", bits).length, (long)batchSize * wordsPerRow(width));
        final int words = wordsPerRow(width);
        final int tailBits = width & 63;
        if (tailBits != 0)
        {
            final long tailMask = -1L << tailBits;
            for (int row = 0; row < batchSize; row++)
            {
                if ((bits[row * words + words - 1] & tailMask) != 0)
                {
                    throw new IllegalArgumentException("bits: row " + row + " has spikes past width " + width);
                }
            }
        }
    }

    /**
     * @param width neurons per row.
     * @return longs needed for one row of {@code width} bits.
     */
    public static int wordsPerRow(final int width)
    {
        return (width + 63) >>> 6;
    }

    /**
     * Packs dense activity, a spike wherever the value is non-zero.
     *
     * @param dense row-major {@code [batch][neuron]} values, length {@code batchSize * width}.
     * @return a new frame holding a copy of the spikes.
     */
    public static SpikeFrame fromDense(
        final int linkId, final long step, final int batchSize, final int width, final float[] dense)
    {
        FrameChecks.length("dense", dense.length, (long)batchSize * width);
        final int words = wordsPerRow(width);
        final long[] bits = new long[batchSize * words];
        for (int row = 0; row < batchSize; row++)
        {
            final int base = row * width;
            for (int n = 0; n < width; n++)
            {
                if (dense[base + n] != 0.0f)
                {
                    bits[row * words + (n >>> 6)] |= 1L << (n & 63);
                }
            }
        }
        return new SpikeFrame(linkId, step, batchSize, width, bits);
    }

    /**
     * @return whether neuron {@code neuron} of batch row {@code row} spiked.
     */
    public boolean spiked(final int row, final int neuron)
    {
        return (bits[row * wordsPerRow(width) + (neuron >>> 6)] & (1L << (neuron & 63))) != 0;
    }

    @Override
    public void copyTo(final float[] dst)
    {
        final int words = wordsPerRow(width);
        for (int row = 0; row < batchSize; row++)
        {
            final int base = row * width;
            for (int n = 0; n < width; n++)
            {
                dst[base + n] = (bits[row * words + (n >>> 6)] & (1L << (n & 63))) != 0 ? 1.0f : 0.0f;
            }
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof SpikeFrame f && f.linkId == linkId && f.step == step && f.batchSize == batchSize &&
            f.width == width && Arrays.equals(f.bits, bits);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * Long.hashCode(step) + linkId) + Arrays.hashCode(bits);
    }

    @Override
    public String toString()
    {
        return "SpikeFrame[linkId=" + linkId + ", step=" + step + ", batchSize=" + batchSize + ", width=" + width + "]";
    }
}
