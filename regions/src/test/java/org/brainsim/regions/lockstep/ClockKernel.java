package org.brainsim.regions.lockstep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Test kernel: outputs {@code step + 1} in every unit (so a consumer can tell which step's frame it was
 * given) and remembers, per step, the first value of each input (0 = zero input).
 */
final class ClockKernel implements NodeKernel
{
    private final int batchSize;
    private final int width;
    final List<float[]> firstInputValues = new ArrayList<>();
    private final LongConsumer beforeStep;

    ClockKernel(final int batchSize, final int width, final LongConsumer beforeStep)
    {
        this.batchSize = batchSize;
        this.width = width;
        this.beforeStep = beforeStep;
    }

    ClockKernel(final int batchSize, final int width)
    {
        this(batchSize, width, step -> { });
    }

    @Override
    public int batchSize()
    {
        return batchSize;
    }

    @Override
    public int width()
    {
        return width;
    }

    @Override
    public boolean spiking()
    {
        return false;
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        beforeStep.accept(step);
        final float[] first = new float[inputs.length];
        for (int l = 0; l < inputs.length; l++)
        {
            first[l] = inputs[l][0];
            for (final float v : inputs[l])
            {
                if (v != inputs[l][0])
                {
                    throw new AssertionError("input " + l + " at step " + step + " is not one frame: " + v);
                }
            }
        }
        firstInputValues.add(first);
        java.util.Arrays.fill(output, step + 1);
    }
}
