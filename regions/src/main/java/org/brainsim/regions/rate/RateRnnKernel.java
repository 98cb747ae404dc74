package org.brainsim.regions.rate;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.NodeKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A leaky rate RNN region, float32 on ND4J:
 * <pre>
 *   h ← (1 − α) h + α tanh(h W_rec + Σ_l x_l W_l + b),    α = dt / τ
 * </pre>
 * with state {@code h} of shape batch × size, {@code W_rec} size × size, one input projection
 * {@code W_l} (width_l × size) per inbound link — synapses onto this region live here — and bias
 * {@code b} (1 × size). Inputs are added in link order, so the sum is the same whatever order frames
 * arrived in.
 *
 * <p>Initialisation draws, in this order, from the region's own stream: W_rec ~ N(0, g²/size), each
 * W_l ~ N(0, scale_l²/width_l) in link order, b ~ N(0, biasStd²), h₀ ~ N(0, initialStateStd²) per batch
 * row. Every buffer is allocated here; a step allocates no ND4J arrays.
 *
 * <p>Not thread-safe: used by its node's thread only.
 */
public final class RateRnnKernel implements NodeKernel
{
    private final RateRnnParams params;
    private final int batchSize;
    private final float alpha;
    private final INDArray state;
    private final INDArray preActivation;
    private final INDArray recurrentWeights;
    private final INDArray bias;
    private final INDArray[] inputWeights;
    private final INDArray[] inputBuffers;

    /**
     * @param params      the region's parameters.
     * @param batchSize   batch rows.
     * @param inputWidths width of each inbound link, in link order.
     * @param inputScales weight scale of each inbound link, in link order.
     * @param random      the region's random stream.
     */
    public RateRnnKernel(
        final RateRnnParams params, final int batchSize, final int[] inputWidths, final double[] inputScales,
        final NodeRandom random)
    {
        this(params, batchSize, inputWidths, java.util.Arrays.stream(inputScales)
            .mapToObj(org.brainsim.regions.LinkWeights::normal).toArray(org.brainsim.regions.LinkWeights[]::new),
            new String[inputWidths.length], random);
    }

    /**
     * @param links     per inbound link, its weight distribution, scale and sparsity (plasticity does not apply:
     *                  this region does not learn).
     * @param linkNames per inbound link, its name (seeds its own draws when they are not the default).
     */
    public RateRnnKernel(
        final RateRnnParams params, final int batchSize, final int[] inputWidths,
        final org.brainsim.regions.LinkWeights[] links, final String[] linkNames, final NodeRandom random)
    {
        final double[] inputScales = java.util.Arrays.stream(links).mapToDouble(org.brainsim.regions.LinkWeights::scale)
            .toArray();
        if (batchSize < 1)
        {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: >= 1)");
        }
        if (inputWidths.length != inputScales.length)
        {
            throw new IllegalArgumentException("inputScales.length: " + inputScales.length + " (expected: " +
                inputWidths.length + ")");
        }
        this.params = params;
        this.batchSize = batchSize;
        this.alpha = (float)params.alpha();
        final int n = params.size();
        this.recurrentWeights = gaussian(random, n, n, params.recurrentGain() / Math.sqrt(n));
        this.inputWeights = new INDArray[inputWidths.length];
        this.inputBuffers = new INDArray[inputWidths.length];
        for (int l = 0; l < inputWidths.length; l++)
        {
            inputWeights[l] = gaussian(random, inputWidths[l], n, inputScales[l] / Math.sqrt(inputWidths[l]));
            if (links[l].custom())
            {
                final float[] values = inputWeights[l].data().asFloat();
                links[l].shape(values, inputWidths[l], random.derive("link:" + linkNames[l]));
                inputWeights[l] = Nd4j.create(values, new long[] {inputWidths[l], n}, DataType.FLOAT);
            }
            inputBuffers[l] = Nd4j.zeros(DataType.FLOAT, batchSize, inputWidths[l]);
        }
        this.bias = gaussian(random, 1, n, params.biasStd());
        this.state = gaussian(random, batchSize, n, params.initialStateStd());
        this.preActivation = Nd4j.zeros(DataType.FLOAT, batchSize, n);
    }

    private static INDArray gaussian(final NodeRandom random, final int rows, final int cols, final double std)
    {
        final float[] values = new float[rows * cols];
        random.fillGaussian(values, std);
        return Nd4j.create(values, new long[] {rows, cols}, DataType.FLOAT);
    }

    @Override
    public int batchSize()
    {
        return batchSize;
    }

    @Override
    public int width()
    {
        return params.size();
    }

    @Override
    public boolean spiking()
    {
        return false;
    }

    /** @return the parameters. */
    public RateRnnParams params()
    {
        return params;
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        // pre = h W_rec + Σ_l x_l W_l + b, accumulated in place (beta = 1) in link order.
        Nd4j.gemm(state, recurrentWeights, preActivation, false, false, 1.0, 0.0);
        for (int l = 0; l < inputWeights.length; l++)
        {
            inputBuffers[l].data().setData(inputs[l]);
            Nd4j.gemm(inputBuffers[l], inputWeights[l], preActivation, false, false, 1.0, 1.0);
        }
        preActivation.addiRowVector(bias);
        Transforms.tanh(preActivation, false);
        // h = (1 - α) h + α tanh(pre)
        state.muli(1.0f - alpha).addi(preActivation.muli(alpha));
        state.data().asNioFloat().get(output, 0, output.length);
    }

    @Override
    public void close()
    {
        state.close();
        preActivation.close();
        recurrentWeights.close();
        bias.close();
        for (int l = 0; l < inputWeights.length; l++)
        {
            inputWeights[l].close();
            inputBuffers[l].close();
        }
    }
}
