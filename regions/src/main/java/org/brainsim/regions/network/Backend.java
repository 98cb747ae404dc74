package org.brainsim.regions.network;

import org.brainsim.settings.Param;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a region computes its network: fused plain-Java loops on the CPU, or ND4J operations (what a GPU backend
 * runs, and what large dense products want). Both compute the same equations and differ by float rounding
 * (tested to agree within float tolerance on the same trial).
 */
public enum Backend
{
    /** {@link #CPU} when ND4J computes on the CPU; {@link #ND4J} when it runs on a GPU. */
    AUTO,
    /**
     * Fused loops over float arrays (float32 only): spiking networks propagate spikes as events; rate networks call
     * OpenBLAS directly for their products and do the element-wise work in one pass.
     */
    CPU,
    /** One ND4J operation per term: the route to a GPU ({@code -Pcuda}). */
    ND4J;

    /** The region setting. */
    public static final Param<Backend> SETTING = Param.choice("backend", Backend.class, AUTO,
        "how the step is computed: cpu (fused loops; spikes as events, rate products straight to OpenBLAS), nd4j " +
        "(one ND4J operation per term, the GPU route) or auto (cpu unless ND4J runs on a GPU)");

    /** @return the backend a network gets: {@link #AUTO} settled. */
    public Backend resolve()
    {
        if (this != AUTO)
        {
            return this;
        }
        return Nd4j.getEnvironment().isCPU() ? CPU : ND4J;
    }

    /**
     * Checks that a network of {@code dtype} can compute with this backend here: not {@link #AUTO} (settle it with
     * {@link #resolve()}), and {@link #CPU} only on float32 with ND4J on the CPU (its products call OpenBLAS on ND4J's
     * buffers).
     *
     * @throws IllegalArgumentException naming what does not fit.
     */
    public void requireUsable(final DataType dtype)
    {
        if (this == AUTO)
        {
            throw new IllegalArgumentException("backend: auto (expected: cpu or nd4j; settle auto with resolve)");
        }
        if (this == CPU && dtype != DataType.FLOAT)
        {
            throw new IllegalArgumentException("backend cpu: dtype " + dtype + " (expected: FLOAT)");
        }
        if (this == CPU && !Nd4j.getEnvironment().isCPU())
        {
            throw new IllegalArgumentException("backend cpu: ND4J computes on a GPU here (expected: nd4j or auto)");
        }
    }
}
