package org.brainsim.regions.region;

import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.regions.lockstep.TaskSignal;

/**
 * What a region's inbound links brought at one step, laid out for its parts: the inputs to its units concatenated
 * in link order ({@link #x()}), and, for its objectives, the target of its readout and the step's evaluation weight;
 * with the readout and activity the region computed from them.
 *
 * <p>Not thread-safe: the region's thread, one step at a time.
 */
final class RegionInputs implements ObjectiveInputs
{
    private final RegionWiring wiring;
    private final int batch;
    private final int nIn;
    private final int nOut;
    private final float[] x;
    private final float[] targetValues;
    private final float[] readout;
    private final float[] outputs;  // the first nOut units of the readout, when it has more (else the readout)
    private final float[] predictions; // the units after them
    private final float[] activity;
    private float[][] links;
    private boolean[] cut;   // per inbound link: whether a phase cut it
    private float[][] zeros; // what a cut link brings
    private float[][] seen;  // the step's links as the region sees them, when some are cut
    private float[] target;
    private double window = 1;

    /**
     * @param nOut         units of the target and action links: the first of the readout.
     * @param readoutWidth the network's readout units.
     */
    RegionInputs(final RegionWiring wiring, final int batch, final int nIn, final int units, final int nOut,
                 final int readoutWidth)
    {
        this.wiring = wiring;
        this.batch = batch;
        this.nIn = nIn;
        this.nOut = nOut;
        this.x = new float[batch * nIn];
        this.targetValues = new float[batch * nOut];
        this.readout = new float[batch * readoutWidth];
        this.outputs = readoutWidth == nOut ? readout : new float[batch * nOut];
        this.predictions = nOut == 0 ? readout : new float[batch * (readoutWidth - nOut)];
        this.activity = new float[batch * units];
    }

    /** Takes one step's inbound links: the unit inputs into {@link #x()}, the target and window when there is one. */
    void take(final float[][] inputs)
    {
        links = inputs;
        if (cut != null)
        {
            if (seen == null || seen.length != inputs.length)
            {
                seen = new float[inputs.length][];
            }
            for (int l = 0; l < inputs.length; l++)
            {
                seen[l] = inputs[l];
                if (l < cut.length && cut[l])
                {
                    if (zeros[l] == null || zeros[l].length != inputs[l].length)
                    {
                        zeros[l] = new float[inputs[l].length];
                    }
                    seen[l] = zeros[l]; // a cut link brings zeros, whatever was sent on it
                }
            }
            links = seen;
        }
        final float[][] in = links;
        int offset = 0;
        for (int l = 0; l < in.length; l++)
        {
            if (!wiring.isInput(l))
            {
                continue;
            }
            final int w = in[l].length / batch;
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(in[l], b * w, x, b * nIn + offset, w);
            }
            offset += w;
        }
        if (wiring.targetLink() < 0)
        {
            target = null;
            window = 1;
            return;
        }
        final float[] link = in[wiring.targetLink()];
        if (wiring.targetFormat() == RegionWiring.TargetFormat.TASK)
        {
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(link, b * (nOut + 2), targetValues, b * nOut, nOut);
            }
            window = TaskSignal.weight(link, 0, nOut);
        }
        else
        {
            System.arraycopy(link, 0, targetValues, 0, targetValues.length);
            window = 1;
        }
        target = targetValues;
    }

    /** Cuts inbound link {@code l}: from this step on (a phase's {@code cut} at its first step), it brings zeros. */
    void cut(final int l)
    {
        if (cut == null || l >= cut.length)
        {
            cut = cut == null ? new boolean[l + 1] : java.util.Arrays.copyOf(cut, l + 1);
            zeros = zeros == null ? new float[l + 1][] : java.util.Arrays.copyOf(zeros, l + 1);
        }
        cut[l] = true;
    }

    /** @return whether inbound link {@code l} is cut. */
    boolean isCut(final int l)
    {
        return cut != null && l < cut.length && cut[l];
    }

    /** @return the inputs to the units, {@code [batch][nIn]}, in link order. */
    float[] x()
    {
        return x;
    }

    @Override
    public float[] readout()
    {
        return readout;
    }

    @Override
    public float[] activity()
    {
        return activity;
    }

    @Override
    public float[] inbound(final int link)
    {
        return links[link];
    }

    /** @return the readout's units after the first nOut per row (its predictive terms'), what prediction links carry. */
    float[] predictions()
    {
        if (predictions != readout)
        {
            final int width = readout.length / batch;
            final int w = width - nOut;
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(readout, b * width + nOut, predictions, b * w, w);
            }
        }
        return predictions;
    }

    /** @return the readout's first nOut units per row, what the action link carries. */
    float[] outputs()
    {
        if (outputs != readout)
        {
            final int width = readout.length / batch;
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(readout, b * width, outputs, b * nOut, nOut);
            }
        }
        return outputs;
    }

    @Override
    public float[] target()
    {
        return target;
    }

    @Override
    public float[] reward()
    {
        return wiring.rewardLink() < 0 ? null : links[wiring.rewardLink()];
    }

    @Override
    public float[] modulator()
    {
        return wiring.modulatorLink() < 0 ? null : links[wiring.modulatorLink()];
    }

    @Override
    public int valueLinks()
    {
        return wiring.valueLinks().length;
    }

    @Override
    public float[] values(final int j)
    {
        return links[wiring.valueLinks()[j]];
    }

    @Override
    public double window()
    {
        return window;
    }

    /** @return whether every value of the step's readout and activity is finite. */
    boolean finite()
    {
        return finite(readout) && finite(activity);
    }

    /** @return what is not finite, in words. */
    String notFinite()
    {
        return (finite(readout) ? "state" : "readout") + " is not finite (NaN or infinite)";
    }

    private static boolean finite(final float[] values)
    {
        for (final float v : values)
        {
            if (!Float.isFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
