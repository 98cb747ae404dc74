package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.Loss;
import org.brainsim.objectives.LossKind;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.network.SpikingParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The e-prop pattern-generation set-up (reference §1.9): frozen Poisson input spikes and a target that is a
 * sum of four sines with periods 1000, 500, 333 and 200 ms, amplitudes U(0.5, 2) and random phases, shifted
 * to start at 0 and scaled to max |y*| = 1. The same seed gives the same inputs and target.
 *
 * @param inputs  x_t per step, batch × nIn (the same frozen spikes in every row).
 * @param target  y*_t per step, batch × 1.
 */
public record PatternGeneration(INDArray[] inputs, INDArray[] target)
{
    /** Periods of the four sines, in ms. */
    public static final double[] PERIODS_MS = {1000, 500, 333, 200};

    /**
     * @param steps  trial length in steps (1000 in the reference).
     * @param dtMs   step length.
     * @param nIn    input units (100 in the reference).
     * @param rateHz input rate (50 Hz in the reference).
     * @param batch  rows (1 in the reference).
     */
    public static PatternGeneration create(
        final int steps, final double dtMs, final int nIn, final double rateHz, final int batch, final DataType dtype,
        final NodeRandom random)
    {
        final double[] y = sumOfSines(steps, dtMs, random);
        final INDArray[] target = new INDArray[steps];
        final INDArray[] inputs = new INDArray[steps];
        final double p = rateHz * dtMs / 1000;
        for (int t = 0; t < steps; t++)
        {
            target[t] = Nd4j.valueArrayOf(new long[] {batch, 1}, y[t], dtype);
            final double[] spikes = new double[nIn];
            for (int i = 0; i < nIn; i++)
            {
                spikes[i] = random.nextDouble() < p ? 1 : 0;
            }
            final INDArray row = Nd4j.create(spikes, new long[] {1, nIn}, DataType.DOUBLE).castTo(dtype);
            inputs[t] = batch == 1 ? row : Nd4j.repeat(row, batch).reshape(batch, nIn);
        }
        return new PatternGeneration(inputs, target);
    }

    /**
     * @return the target: the sum of four sines with periods {@link #PERIODS_MS}, amplitudes U(0.5, 2) and
     * phases U(0, 2π) (drawn in that order, amplitude then phase per sine), shifted to start at 0 and scaled
     * to max |y*| = 1.
     */
    public static double[] sumOfSines(final int steps, final double dtMs, final NodeRandom random)
    {
        final double[] amplitudes = new double[PERIODS_MS.length];
        final double[] phases = new double[PERIODS_MS.length];
        for (int k = 0; k < PERIODS_MS.length; k++)
        {
            amplitudes[k] = 0.5 + 1.5 * random.nextDouble();
            phases[k] = 2 * Math.PI * random.nextDouble();
        }
        final double[] y = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            for (int k = 0; k < PERIODS_MS.length; k++)
            {
                y[t] += amplitudes[k] * StrictMath.sin(2 * Math.PI * t * dtMs / PERIODS_MS[k] + phases[k]);
            }
        }
        final double start = y[0];
        double max = 0;
        for (int t = 0; t < steps; t++)
        {
            y[t] -= start;
            max = Math.max(max, Math.abs(y[t]));
        }
        for (int t = 0; t < steps; t++)
        {
            y[t] = max == 0 ? 0 : y[t] / max;
        }
        return y;
    }

    /** @return the loss ½ Σ (y − y*)² over every step. */
    public Loss loss()
    {
        return Loss.everyStep(LossKind.MSE, target);
    }

    /** @return Σ (y − y*)² / Σ (y* − mean y*)², over every step and row. */
    public double normalisedMse(final INDArray[] y)
    {
        double mean = 0;
        long count = 0;
        for (final INDArray t : target)
        {
            mean += t.sumNumber().doubleValue();
            count += t.length();
        }
        mean /= count;
        double err = 0;
        double var = 0;
        for (int t = 0; t < target.length; t++)
        {
            err += y[t].squaredDistance(target[t]);
            final INDArray centred = target[t].sub(mean);
            var += centred.mul(centred).sumNumber().doubleValue();
        }
        return err / var;
    }

    /**
     * The LightLIF network of the pattern tutorial (reference §1.8): τ_m 30 ms, v_th 0.03, ζ = 1 − α, no
     * refractoriness, τ_out 30 ms, ζ_out = 1 − κ.
     */
    public static SpikingParams networkParams(final int nIn, final int nRec)
    {
        final double alpha = Math.exp(-1.0 / 30);
        final double kappa = Math.exp(-1.0 / 30);
        return new SpikingParams(nIn, nRec, 0, 1, 1, 30, 30, 0, 0.03, 1 - alpha, 0.3, 0, 30, 1 - kappa);
    }
}
