package org.brainsim.regions.network;

import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.NodeRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What each inbound link's {@link LinkWeights} asks of its block of W_in once a model has drawn it (scaled, dense,
 * Gaussian): a uniform redraw, a fixed sparse mask, a frozen (non-plastic) block. The same for every model.
 */
public final class InputProjection
{
    private InputProjection()
    {
    }

    /**
     * Shapes the input blocks of {@code network} link by link, in link order: a link whose weights are not the
     * default draws from its own stream {@code random.derive("link:" + name)}.
     */
    public static void shape(final RegionNetwork network, final NetworkSpec spec, final NodeRandom random)
    {
        final INDArray wIn = network.wIn();
        final int n = network.units();
        int row = 0;
        for (final NetworkSpec.Input input : spec.inputs())
        {
            final int w = input.width();
            final LinkWeights lw = input.weights();
            if (lw.custom())
            {
                final INDArray rows = wIn.get(NDArrayIndex.interval(row, row + w), NDArrayIndex.all());
                final float[] values = rows.dup('c').data().asFloat();
                final float[] mask = lw.shape(values, w, random.derive("link:" + input.link()));
                rows.assign(Nd4j.create(values, new long[] {w, n}, DataType.FLOAT));
                if (mask != null)
                {
                    final INDArray full = Nd4j.ones(DataType.FLOAT, wIn.rows(), wIn.columns());
                    full.get(NDArrayIndex.interval(row, row + w), NDArrayIndex.all()).assign(
                        Nd4j.create(mask, new long[] {w, n}, DataType.FLOAT));
                    network.maskInput(full);
                }
            }
            if (!lw.plastic())
            {
                network.freezeInputRows(row, row + w);
            }
            row += w;
        }
    }
}
