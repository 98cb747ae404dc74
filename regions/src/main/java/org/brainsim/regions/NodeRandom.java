package org.brainsim.regions;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A node's own random stream, derived only from (scenario seed, node name) so that a node draws the
 * same numbers whatever thread, JVM or machine it runs on (DESIGN.md §3). Nothing in brainsim reads
 * ND4J's global RNG.
 *
 * <p>The generator is {@link SplittableRandom} (its algorithm is specified, so streams are stable
 * across JVMs); Gaussians use Box–Muller with {@link StrictMath} (bit-reproducible everywhere) on its doubles rather than the JDK's {@code nextGaussian},
 * whose algorithm is not part of its contract. Not thread-safe: one owner thread.
 */
public final class NodeRandom
{
    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    private NodeRandom(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param scenarioSeed the scenario's seed.
     * @param nodeName     the node's unique name.
     * @return the stream of that node; equal arguments give equal streams.
     */
    public static NodeRandom forNode(final long scenarioSeed, final String nodeName)
    {
        return new NodeRandom(mix(scenarioSeed, nodeName));
    }

    /** @return a stream for a named purpose inside a node (e.g. "lesion"), independent of the node's own. */
    public NodeRandom derive(final String purpose)
    {
        return new NodeRandom(mix(random.nextLong(), purpose));
    }

    static long mix(final long seed, final String name)
    {
        long h = 0xcbf29ce484222325L; // FNV-1a 64 over the UTF-8 name
        for (final byte b : name.getBytes(StandardCharsets.UTF_8))
        {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = seed ^ Long.rotateLeft(h, 31);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L; // splitmix64 finaliser
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** @return uniform in [0, 1). */
    public double nextDouble()
    {
        return random.nextDouble();
    }

    /** @return uniform in [0, bound). */
    public int nextInt(final int bound)
    {
        return random.nextInt(bound);
    }

    /** @return a standard normal deviate (Box–Muller, polar-free form). */
    public double nextGaussian()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareGaussian;
        }
        final double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        final double u2 = random.nextDouble();
        final double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        spareGaussian = r * StrictMath.sin(2.0 * Math.PI * u2);
        hasSpare = true;
        return r * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /**
     * Fills {@code dst} with N(0, std²) deviates, in index order.
     */
    public void fillGaussian(final float[] dst, final double std)
    {
        for (int i = 0; i < dst.length; i++)
        {
            dst[i] = (float)(std * nextGaussian());
        }
    }
}
