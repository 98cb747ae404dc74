package org.brainsim.regions.network;

import org.brainsim.objectives.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The step of a {@link RateNetwork} as ND4J operations, one per term (backend {@code nd4j}: what a GPU backend runs,
 * and the only route in double precision). Each inbound link's block of W_in is multiplied and added in link order.
 */
final class RateNd4j extends RateStep
{
    private final INDArray pre; // batch × n, h and then φ(h)
    private final INDArray[] xBlocks;
    private final INDArray[] wBlocks;
    private final double alpha; // α and 1 − α as the arrays' type computes them (float32: 1.0f − (float) α)
    private final double leak;

    private final Activation activation;

    RateNd4j(final RateParams params, final DataType dtype, final RecurrentWeights w, final int[] blocks, final int batch)
    {
        super(params, dtype, batch);
        this.activation = params.activation();
        this.pre = Nd4j.create(dtype, batch, params.n());
        this.xBlocks = new INDArray[blocks.length];
        this.wBlocks = new INDArray[blocks.length];
        int from = 0;
        for (int b = 0; b < blocks.length; b++)
        {
            final boolean whole = blocks.length == 1;
            xBlocks[b] = whole ? x : x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + blocks[b]));
            wBlocks[b] = whole ? w.wIn() : w.wIn().get(NDArrayIndex.interval(from, from + blocks[b]), NDArrayIndex.all());
            from += blocks[b];
        }
        final double a = params.alpha();
        final boolean single = dtype == DataType.FLOAT;
        this.alpha = single ? (double)(float)a : a;
        this.leak = single ? (double)(1.0f - (float)a) : 1 - a;
    }

    @Override
    void advance(
        final RecurrentWeights w, final INDArray bias, final INDArray aPrev, final INDArray noise, final INDArray hOut,
        final INDArray dPhiOut, final INDArray aOut, final INDArray yOut)
    {
        Nd4j.gemm(aPrev, w.wRec(), pre, false, false, 1.0, 0.0);
        for (int k = 0; k < xBlocks.length; k++)
        {
            Nd4j.gemm(xBlocks[k], wBlocks[k], pre, false, false, 1.0, 1.0);
        }
        Broadcasts.addiRowVector(pre, bias);
        if (noise != null)
        {
            pre.addi(noise);
        }
        if (hOut != null)
        {
            hOut.assign(pre);
        }
        if (dPhiOut != null)
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-rate-dphi"))
            {
                dPhiOut.assign(activation.derivative(pre));
            }
        }
        activation.applyInPlace(pre);
        if (aOut != aPrev)
        {
            aOut.assign(aPrev);
        }
        aOut.muli(leak).addi(pre.muli(alpha));
        Nd4j.gemm(aOut, w.wOut(), yOut, false, false, 1.0, 0.0);
        Broadcasts.addiRowVector(yOut, w.bOut());
    }
}
