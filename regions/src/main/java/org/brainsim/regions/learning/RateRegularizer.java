package org.brainsim.regions.learning;

import org.brainsim.objectives.Workspaces;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Firing-rate regularisation (reference §1.6, TF "simple" form):
 * {@code E_reg = c_reg Σ_j (f̄_j − f_target)²}, where f̄_j is unit j's mean rate over batch and time in Hz.
 * Its direct derivative with respect to each spike, {@code ∂E_reg/∂z_{b,t,j} = 2 c_reg (f̄_j − f_target) ·
 * 1000 / (dt_ms · B · T)}, is the same for every step and row, so every rule adds it to its learning
 * signal (BPTT to dE/dz; e-prop as {@code Σ_t r_j e_ji^t}, unfiltered).
 *
 * @param cReg          strength c_reg (0 = off).
 * @param targetRateHz  f_target in Hz.
 */
public record RateRegularizer(double cReg, double targetRateHz)
{
    /** No regularisation. */
    public static final RateRegularizer NONE = new RateRegularizer(0, 0);

    /**
     * @return ∂E_reg/∂z per unit (1 × n), or {@code null} when off.
     */
    public INDArray spikeDerivative(final SpikingTrajectory trajectory, final double dtMs)
    {
        if (cReg == 0)
        {
            return null;
        }
        final long count = trajectory.steps() * trajectory.z()[0].rows();
        final INDArray sum = spikeCounts(trajectory);
        final INDArray rateHz = sum.muli(1000.0 / (dtMs * count));
        return rateHz.subi(targetRateHz).muli(2 * cReg * 1000.0 / (dtMs * count));
    }

    /** @return spikes per unit over batch and time, 1 × n (per-step temporaries in a step workspace). */
    private static INDArray spikeCounts(final SpikingTrajectory trajectory)
    {
        final INDArray sum = org.nd4j.linalg.factory.Nd4j.zeros(trajectory.z()[0].dataType(), 1,
            trajectory.z()[0].columns());
        for (int t = 0; t < trajectory.steps(); t++)
        {
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Workspaces.step("brainsim-rate-reg"))
            {
                sum.addi(trajectory.z()[t].sum(true, 0));
            }
        }
        return sum;
    }

    /** @return E_reg of a trajectory. */
    public double value(final SpikingTrajectory trajectory, final double dtMs)
    {
        if (cReg == 0)
        {
            return 0;
        }
        final long count = trajectory.steps() * trajectory.z()[0].rows();
        final INDArray sum = spikeCounts(trajectory);
        final INDArray deviation = sum.muli(1000.0 / (dtMs * count)).subi(targetRateHz);
        return cReg * deviation.mul(deviation).sumNumber().doubleValue();
    }
}
