package org.brainsim.regions.rules;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AdjointUnits}' loops on the Vector API's lanes: every lane computes the same float operations in the same
 * order as the scalar loop (no fused multiply-add, the same association), so the results are bit-identical to it
 * (tested); the units after the last whole vector go through the scalar loop. Loaded only when
 * {@code Lanes.enabled()}.
 */
final class AdjointLanes
{
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_PREFERRED;
    private static final int PARTS = LANES / WIDE.length();

    private AdjointLanes()
    {
    }

    /** {@link AdjointUnits#signal} for units {@code 0 … n − 1}. */
    static void signal(final float[] dy, final int yRow, final int nOut, final float[] feedback, final int n,
        final float zetaOut, final float[] reg, final float[] recurrent, final int row, final float[] signal)
    {
        final int bound = SPECIES.loopBound(n);
        for (int j = 0; j < bound; j += LANES)
        {
            FloatVector l = FloatVector.zero(SPECIES);
            for (int o = 0; o < nOut; o++)
            {
                l = l.add(FloatVector.fromArray(SPECIES, feedback, o * n + j).mul(dy[yRow + o]));
            }
            FloatVector value = l.mul(zetaOut);
            if (reg != null)
            {
                value = value.add(FloatVector.fromArray(SPECIES, reg, j));
            }
            if (recurrent != null)
            {
                value = value.add(FloatVector.fromArray(SPECIES, recurrent, row + j));
            }
            value.intoArray(signal, j);
        }
        AdjointUnits.signal(dy, yRow, nOut, feedback, n, zetaOut, reg, recurrent, row, signal, bound, n);
    }

    /** {@link AdjointUnits#adjoint} for units {@code 0 … n − 1}. */
    static void adjoint(final float[] signal, final float[] psi, final float[] dvNext, final float[] da,
        final float[] dv, final float[] beta, final float alpha, final float rho, final float reset, final int row,
        final int n)
    {
        final int bound = SPECIES.loopBound(n);
        for (int j = 0; j < bound; j += LANES)
        {
            final int u = row + j;
            final FloatVector next = FloatVector.fromArray(SPECIES, dvNext, u);
            FloatVector l = FloatVector.fromArray(SPECIES, signal, j);
            if (reset != 0f)
            {
                l = l.sub(next.mul(reset));
            }
            final FloatVector daNext = FloatVector.fromArray(SPECIES, da, u);
            final FloatVector psiDz = FloatVector.fromArray(SPECIES, psi, u).mul(l.add(daNext));
            psiDz.add(next.mul(alpha)).intoArray(dv, u);
            daNext.mul(rho).sub(FloatVector.fromArray(SPECIES, beta, j).mul(psiDz)).intoArray(da, u);
        }
        AdjointUnits.adjoint(signal, psi, dvNext, da, dv, beta, alpha, rho, reset, row, bound, n);
    }

    /** {@link AdjointUnits#accumulate}: into[offset + j] += (double)(scale · from[fromOffset + j]), j < length. */
    static void accumulate(final float scale, final float[] from, final int fromOffset, final double[] into,
        final int offset, final int length)
    {
        final int bound = SPECIES.loopBound(length);
        final int wide = WIDE.length();
        for (int j = 0; j < bound; j += LANES)
        {
            final FloatVector product = FloatVector.fromArray(SPECIES, from, fromOffset + j).mul(scale);
            for (int part = 0; part < PARTS; part++)
            {
                final int at = offset + j + part * wide;
                final DoubleVector widened = (DoubleVector)product.convertShape(VectorOperators.F2D, WIDE, part);
                DoubleVector.fromArray(WIDE, into, at).add(widened).intoArray(into, at);
            }
        }
        AdjointUnits.accumulate(scale, from, fromOffset + bound, into, offset + bound, length - bound);
    }
}
