package org.brainsim.objectives;

import org.brainsim.settings.Param;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Set;

/**
 * Firing-rate regularisation (reference §1.6, TF "simple" form), an objective term of spiking regions:
 * {@code E_reg = c_reg Σ_j (f̄_j − f_target)²}, where f̄_j is unit j's mean rate over batch and time in Hz and
 * c_reg is the term's weight. Its direct derivative with respect to each spike,
 * {@code ∂E_reg/∂z_{b,t,j} = 2 c_reg (f̄_j − f_target) · 1000 / (dt_ms · B · T)}, is the same for every step and
 * row, so every rule adds it to its learning signal (BPTT to dE/dz; e-prop as {@code Σ_t r_j e_ji^t},
 * unfiltered). A regulariser: its loss is not part of the region's recorded task loss.
 *
 * <p>Scenario: {@code objectives = [{kind = firing-rate, weight = 1e-6, target_rate_hz = 10}]}, or the shorthand
 * {@code rate_reg = 1e-6, target_rate_hz = 10} beside the region's main objective.
 */
public final class FiringRate implements Objective, ActivityLoss, TrialTerm
{
    /** No regularisation. */
    public static final FiringRate NONE = new FiringRate(0, 0);

    public static final Param<Double> TARGET_RATE_HZ = Param.number("target_rate_hz", 10.0, 0, true,
        Double.POSITIVE_INFINITY, "the firing rate the regulariser pulls every unit towards, Hz");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("firing-rate",
        "regularise each unit's mean firing rate towards target_rate_hz (weight = c_reg; spiking regions)",
        List.of(TARGET_RATE_HZ), Set.of(), false, true, true,
        (context, values, weight) -> new FiringRate(weight, values.get(TARGET_RATE_HZ)));

    private final double cReg;
    private final double targetRateHz;

    /**
     * @param cReg         strength c_reg ≥ 0 (0 = off).
     * @param targetRateHz f_target in Hz.
     */
    public FiringRate(final double cReg, final double targetRateHz)
    {
        if (!(cReg >= 0) || !(targetRateHz >= 0))
        {
            throw new IllegalArgumentException("cReg, targetRateHz: " + cReg + ", " + targetRateHz + " (expected: >= 0)");
        }
        this.cReg = cReg;
        this.targetRateHz = targetRateHz;
    }

    public double cReg()
    {
        return cReg;
    }

    public double targetRateHz()
    {
        return targetRateHz;
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        return this; // it judges the activity the rule replays: nothing to keep from the steps
    }

    @Override
    public boolean regularizer()
    {
        return true;
    }

    @Override
    public ActivityLoss activity()
    {
        return cReg == 0 ? null : this;
    }

    @Override
    public double value(final INDArray[] y, final INDArray[] activity, final double dtMs)
    {
        return value(activity, dtMs);
    }

    /** @return ∂E_reg/∂z per unit (1 × n), or {@code null} when off. */
    @Override
    public INDArray derivative(final INDArray[] z, final double dtMs)
    {
        return derivative(z, (float[])null, dtMs);
    }

    /** @return E_reg of a trial's spikes. */
    @Override
    public double value(final INDArray[] z, final double dtMs)
    {
        return value(z, (float[])null, dtMs);
    }

    @Override
    public INDArray derivative(final INDArray[] z, final float[] counts, final double dtMs)
    {
        if (cReg == 0)
        {
            return null;
        }
        final long count = (long)z.length * z[0].rows();
        final INDArray sum = spikeCounts(z, counts);
        final INDArray rateHz = sum.muli(1000.0 / (dtMs * count));
        return rateHz.subi(targetRateHz).muli(2 * cReg * 1000.0 / (dtMs * count));
    }

    @Override
    public double value(final INDArray[] z, final float[] counts, final double dtMs)
    {
        if (cReg == 0)
        {
            return 0;
        }
        final long count = (long)z.length * z[0].rows();
        final INDArray sum = spikeCounts(z, counts);
        final INDArray deviation = sum.muli(1000.0 / (dtMs * count)).subi(targetRateHz);
        return cReg * deviation.mul(deviation).sumNumber().doubleValue();
    }

    /**
     * @return spikes per unit over batch and time, 1 × n: {@code counted} where the network counted them (float32
     * spikes), else float32 spikes are counted in plain loops over one copy of
     * each step (exact: counts of 0/1 values stay far below 2^24 per unit and step); other types with ND4J
     * operations, their temporaries in a step workspace.
     */
    private static INDArray spikeCounts(final INDArray[] z, final float[] counted)
    {
        if (counted != null && z[0].dataType() == DataType.FLOAT)
        {
            if (counted.length != z[0].columns())
            {
                throw new IllegalArgumentException("spike counts: " + counted.length + " (expected: " + z[0].columns() +
                    ", one per unit)");
            }
            // counted by the network as it ran: the same whole numbers as the loops below find
            return Nd4j.create(counted.clone(), new long[] {1, counted.length}, 'c');
        }
        if (z[0].dataType() == DataType.FLOAT)
        {
            final int n = (int)z[0].columns();
            final float[] step = new float[(int)z[0].length()];
            // a float sum of 0/1 values is exact up to 2^24: counted in float (a loop C2 vectorises) while every
            // unit's count stays below that, in double otherwise
            final boolean exactInFloat = (double)z.length * z[0].rows() < (1 << 24);
            final float[] counts = new float[n];
            final double[] large = exactInFloat ? null : new double[n];
            final boolean lanes = exactInFloat && Simd.enabled();
            for (final INDArray zt : z)
            {
                final java.nio.ByteBuffer buffer = lanes && Floats.rowMajorDense(zt) ? zt.data().asNio() : null;
                if (buffer != null && buffer.capacity() >= 4 * (zt.offset() + zt.length()))
                {
                    // in place, from the step's buffer, a vector at a time: the same sums, without the copy
                    CountLanes.addRows(buffer, (int)zt.offset(), (int)zt.rows(), n, counts);
                    continue;
                }
                Floats.read(zt, step);
                for (int row = 0; row < step.length; row += n)
                {
                    if (exactInFloat)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            counts[j] += step[row + j];
                        }
                    }
                    else
                    {
                        for (int j = 0; j < n; j++)
                        {
                            large[j] += step[row + j];
                        }
                    }
                }
            }
            if (!exactInFloat)
            {
                for (int j = 0; j < n; j++)
                {
                    counts[j] = (float)large[j];
                }
            }
            return Nd4j.create(counts, new long[] {1, n}, 'c');
        }
        final INDArray sum = Nd4j.zeros(z[0].dataType(), 1, z[0].columns());
        for (final INDArray zt : z)
        {
            try (MemoryWorkspace ws = Workspaces.step("brainsim-rate-reg"))
            {
                sum.addi(zt.sum(true, 0));
            }
        }
        return sum;
    }
}
