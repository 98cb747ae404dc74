package org.brainsim.regions.network;

/**
 * A lesion: silence a share of a network's units or synapses, chosen at random (seeded). A silenced unit
 * loses every input and recurrent synapse onto it and every synapse and readout weight from it, so it never
 * spikes (spiking: its membrane stays at rest below threshold) and no other unit or readout sees it; a
 * silenced synapse is set to 0. Lesions are permanent: learning after a lesion keeps them at 0.
 *
 * @param target   which units or synapses are candidates.
 * @param fraction the share of the candidates silenced, in [0, 1] (rounded to the nearest count).
 */
public record Lesion(Target target, double fraction)
{
    /** Candidates. */
    public enum Target
    {
        /** Every recurrent unit. */
        UNITS,
        /** The LIF units (spiking networks; the first nLif units). */
        LIF_UNITS,
        /** The ALIF units (spiking networks; the last nAlif units). */
        ALIF_UNITS,
        /** The recurrent synapses that exist (non-zero mask entries). */
        RECURRENT_SYNAPSES,
        /** The input synapses. */
        INPUT_SYNAPSES
    }

    public Lesion
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new IllegalArgumentException("fraction: " + fraction + " (expected: 0 … 1)");
        }
    }
}
