package org.brainsim.objectives;

/**
 * Whether brainsim's element-wise loops run on the JDK's Vector API (SIMD lanes) or as scalar loops: the switch that
 * the regions' {@code Lanes} and the objectives' spike counts share.
 *
 * <p>The Vector API is an incubator module in JDK 17: it is used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher, the tests and the benchmarks do) and the system property
 * {@code brainsim.simd} is not {@code false}. Both forms compute the same float operations in the same order, so
 * their results are bit-identical (tested): which one runs changes speed only, never a result. (The one exception is a
 * live figure that is never a result: a lockstep node's mean output shown over JMX, summed in lanes' order.)
 */
public final class Simd
{
    /** The system property that turns the vector loops off ({@code -Dbrainsim.simd=false}). */
    public static final String PROPERTY = "brainsim.simd";

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd()
    {
    }

    /** @return whether the Vector API module is in this JVM. */
    public static boolean available()
    {
        return AVAILABLE;
    }

    /** @return whether the element-wise loops run on vector lanes: available and not turned off. */
    public static boolean enabled()
    {
        return AVAILABLE && !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }
}
