package org.brainsim.regions.lockstep;

import org.brainsim.regions.network.Lesion;

import java.util.Arrays;
import java.util.Locale;

/**
 * A change made to a region while a run goes (by an operator over JMX, or replayed from an event log): its plasticity
 * gate, its learning rate, or a lesion. The region applies it at the start of its next step and stamps it with that
 * step; a replay applies it at the same step. See {@link Interventions}.
 *
 * @param step   the region's step at whose start it was applied; −1 for a request not yet applied.
 * @param target the region.
 * @param what   what changes.
 * @param value  the new plasticity gate, learning rate, or lesioned fraction of {@code lesion}'s candidates.
 * @param lesion what a lesion silences, {@code null} for the other kinds.
 * @param old    the value it replaced (NaN for a request not yet applied, and for lesions).
 * @param source who asked: {@code jmx}, {@code monitor}, {@code test}…
 */
public record Intervention(long step, String target, Kind what, double value, Lesion.Target lesion, double old,
                           String source)
{
    /** What an intervention changes. */
    public enum Kind
    {
        /** The plasticity gate (a multiplier on every update; 0 freezes). */
        PLASTICITY,
        /** The optimiser's learning rate. */
        LEARNING_RATE,
        /** Silences a share of units or synapses, drawn from the region's seeded lesion stream. */
        LESION;

        /** @return the name in event logs: {@code plasticity}, {@code learning_rate}, {@code lesion}. */
        public String key()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return the kind named {@code key}, or {@code null}. */
        public static Kind of(final String key)
        {
            return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst().orElse(null);
        }
    }

    public Intervention
    {
        if (target == null || target.isEmpty() || what == null || source == null)
        {
            throw new IllegalArgumentException("an intervention needs a target, a kind and a source");
        }
        if (what == Kind.LESION ? lesion == null || !(value >= 0 && value <= 1) : lesion != null || !(value >= 0) ||
            Double.isInfinite(value))
        {
            throw new IllegalArgumentException(what.key() + " of " + target + ": " + value + (lesion == null ? "" :
                " of " + lesionKey(lesion)) + " (expected: " + (what == Kind.LESION ?
                "a fraction 0 … 1 of units, lif_units, alif_units, recurrent_synapses or input_synapses" :
                "a finite number >= 0") + ")");
        }
        if (step < -1)
        {
            throw new IllegalArgumentException("step: " + step + " (expected: >= 0)");
        }
    }

    /** @return the same change, applied at {@code regionStep}. */
    public Intervention at(final long regionStep)
    {
        return new Intervention(regionStep, target, what, value, lesion, old, source);
    }

    /** @return the same change, recorded as replacing {@code replaced}. */
    public Intervention replacing(final double replaced)
    {
        return new Intervention(step, target, what, value, lesion, replaced, source);
    }

    /**
     * Asks a node for this change through its MBean, as an operator would.
     *
     * @throws IllegalArgumentException when there is no such node here ({@code null}), or it refuses the change.
     */
    public void askOf(final RegionMXBean node)
    {
        if (node == null)
        {
            throw new IllegalArgumentException("region " + target + " does not run here");
        }
        switch (what)
        {
            case PLASTICITY -> node.setPlasticity(value);
            case LEARNING_RATE -> node.setLearningRate(value);
            case LESION -> node.lesion(lesionKey(lesion), value);
        }
    }

    /** @return a lesion target's name in event logs and JMX: {@code units}, {@code recurrent_synapses}… */
    public static String lesionKey(final Lesion.Target target)
    {
        return target.name().toLowerCase(Locale.ROOT);
    }

    /** @return the lesion target named {@code key}, or {@code null}. */
    public static Lesion.Target lesionTarget(final String key)
    {
        return Arrays.stream(Lesion.Target.values()).filter(t -> lesionKey(t).equals(key)).findFirst().orElse(null);
    }
}
