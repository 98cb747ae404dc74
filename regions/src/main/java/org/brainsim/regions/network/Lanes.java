package org.brainsim.regions.network;

import org.brainsim.objectives.Simd;

/**
 * Whether the {@code cpu} backend's element-wise loops run on the JDK's Vector API (SIMD lanes) or as scalar loops
 * (the switch is {@link Simd}, shared with the objectives).
 *
 * <p>The Vector API is an incubator module in JDK 17: it is used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher, the tests and the benchmarks do) and the system property
 * {@code brainsim.simd} is not {@code false}. Both forms compute the same float operations in the same order, so
 * their results are bit-identical (tested): which one runs changes speed only, never a result. On a JVM whose JIT does
 * not compile the Vector API to SIMD instructions (C1 only, {@code -Xint}, another JIT) the lanes run the library's
 * Java fallback, much slower than the scalar loops: turn them off there.
 */
public final class Lanes
{
    /** The system property that turns the vector loops off ({@code -Dbrainsim.simd=false}). */
    public static final String PROPERTY = Simd.PROPERTY;

    private Lanes()
    {
    }

    /** @return whether the Vector API module is in this JVM. */
    public static boolean available()
    {
        return Simd.available();
    }

    /** @return the floats in a vector lane set when the lanes are {@linkplain #enabled() enabled} (16 with AVX-512), else 1. */
    public static int floats()
    {
        return enabled() ? FmaGemmLanes.LANES : 1;
    }

    /** @return whether the element-wise loops run on vector lanes: available and not turned off. */
    public static boolean enabled()
    {
        return Simd.enabled();
    }
}
