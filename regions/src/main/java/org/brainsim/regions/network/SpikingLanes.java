package org.brainsim.regions.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SpikingUnits}' loops on the Vector API's lanes (the widest the CPU has: 16 floats with AVX-512). Every lane
 * computes the same float operations in the same order as the scalar loop — no fused multiply-add, the same
 * association — so the results are bit-identical to it (tested); the units after the last whole vector go through
 * the scalar loop. Loaded only when {@link Lanes#enabled()}.
 */
final class SpikingLanes
{
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private SpikingLanes()
    {
    }

    /** {@link SpikingUnits#update} for units {@code 0 … n − 1}. */
    static void update(final SpikingUnits k, final float[] v, final float[] a, final float[] z, final float[] psi,
        final float[] refractory, final int row, final float[] current, final float[] zPrev, final int n)
    {
        final FloatVector zero = FloatVector.zero(SPECIES);
        final FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        final int bound = SPECIES.loopBound(n);
        for (int j = 0; j < bound; j += LANES)
        {
            final int u = row + j;
            final FloatVector spiked = FloatVector.fromArray(SPECIES, zPrev, j);
            final FloatVector vj = FloatVector.fromArray(SPECIES, v, u).mul(k.alpha)
                .add(FloatVector.fromArray(SPECIES, current, j).mul(k.zeta))
                .sub(spiked.mul(k.vTh));
            final FloatVector aj = FloatVector.fromArray(SPECIES, a, u).mul(k.rho).add(spiked);
            // vTh + β a, as the scalar loop (addition is commutative in IEEE arithmetic, bit for bit)
            final FloatVector distance = vj.sub(FloatVector.fromArray(SPECIES, k.beta, j).mul(aj).add(k.vTh));
            final FloatVector ref = FloatVector.fromArray(SPECIES, refractory, u);
            final VectorMask<Float> free = ref.lt(0.5f);
            final VectorMask<Float> fires = free.and(distance.compare(VectorOperators.GT, 0f));
            final FloatVector spikes = zero.blend(one, fires);
            vj.intoArray(v, u);
            aj.intoArray(a, u);
            spikes.intoArray(z, u);
            zero.blend(one.sub(distance.abs().div(k.vTh)).max(0f).mul(k.psiScale), free).intoArray(psi, u);
            ref.sub(1f).max(0f).add(spikes.mul(k.refAfterSpike)).intoArray(refractory, u);
        }
        k.update(v, a, z, psi, refractory, row, current, zPrev, bound, n);
    }

    /**
     * {@code into[j] += w[from + j]} for {@code j < length}, a vector at a time (JDK 17's C2 does not vectorise the
     * scalar loop: it cannot tell the two arrays apart): the same additions, the same bits.
     */
    static void addRow(final float[] w, final int from, final float[] into, final int length)
    {
        final int bound = SPECIES.loopBound(length);
        int j = 0;
        for (; j < bound; j += LANES)
        {
            FloatVector.fromArray(SPECIES, into, j).add(FloatVector.fromArray(SPECIES, w, from + j)).intoArray(into, j);
        }
        for (; j < length; j++)
        {
            into[j] += w[from + j];
        }
    }

    /** {@code into[j] += scale · w[from + j]} for {@code j < length}, a vector at a time: product, then sum, as scalar. */
    static void addScaledRow(final float[] w, final int from, final float scale, final float[] into, final int length)
    {
        final int bound = SPECIES.loopBound(length);
        int j = 0;
        for (; j < bound; j += LANES)
        {
            FloatVector.fromArray(SPECIES, into, j).add(FloatVector.fromArray(SPECIES, w, from + j).mul(scale))
                .intoArray(into, j);
        }
        for (; j < length; j++)
        {
            into[j] += scale * w[from + j];
        }
    }
}
