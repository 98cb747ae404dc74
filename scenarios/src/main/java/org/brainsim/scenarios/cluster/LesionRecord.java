package org.brainsim.scenarios.cluster;

/**
 * What a phase's lesion silenced in a region.
 *
 * @param phase    the phase's index.
 * @param target   what was lesioned ({@code units}, {@code lif-units}, {@code recurrent-synapses}, …).
 * @param fraction the share of the candidates silenced.
 * @param indices  the units, or flat {@code pre·n + post} synapses, silenced (ascending).
 */
public record LesionRecord(int phase, String target, double fraction, int[] indices)
{
}
