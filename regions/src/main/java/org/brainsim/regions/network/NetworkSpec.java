package org.brainsim.regions.network;

import org.brainsim.regions.LinkWeights;

import java.util.List;

/**
 * The shape of a region's network, as its scenario and links give it: what a {@link RegionModel} needs besides its
 * own settings.
 *
 * @param units   recurrent units n.
 * @param outputs readout units nOut.
 * @param batch   batch rows of the live state.
 * @param dtMs    step length, ms.
 * @param inputs  the inbound links that feed the units, in link order: each a block of rows of W_in.
 */
public record NetworkSpec(int units, int outputs, int batch, double dtMs, List<Input> inputs)
{
    /**
     * One inbound link's projection.
     *
     * @param link    the link's name (seeds its own draws when its weights are not the default).
     * @param width   values per row it brings.
     * @param weights its initial distribution, scale, sparsity and plasticity.
     */
    public record Input(String link, int width, LinkWeights weights)
    {
    }

    public NetworkSpec
    {
        if (units < 1 || outputs < 1 || batch < 1)
        {
            throw new IllegalArgumentException("units, outputs, batch: " + units + ", " + outputs + ", " + batch +
                " (expected: >= 1)");
        }
        inputs = List.copyOf(inputs);
    }

    /** @return nIn, the inputs' total width. */
    public int inputWidth()
    {
        return inputs.stream().mapToInt(Input::width).sum();
    }

    /** @return the inputs' widths, in link order. */
    public int[] widths()
    {
        return inputs.stream().mapToInt(Input::width).toArray();
    }
}
