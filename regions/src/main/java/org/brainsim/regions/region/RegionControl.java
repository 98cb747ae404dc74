package org.brainsim.regions.region;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.Intervention;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.NodeControl;
import org.brainsim.regions.lockstep.TaskSignal;
import org.brainsim.regions.network.Lesion;
import org.brainsim.regions.network.RegionNetwork;

import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What changes a region from outside its learning, at its step boundaries: the scenario's phases (plasticity, lesions,
 * cut links), when its task's control link says a new one began, and live changes ({@link Interventions}: plasticity,
 * learning rate, lesions), at the start of the step after they were asked for. A phase and a live change at the same
 * step land in that order (phase first), in the run and in its replay.
 */
final class RegionControl implements NodeControl
{
    private final String name;
    private final RegionNetwork network;
    private final Learner learner;
    private final List<RegionPhase> phases;
    private final NodeRandom lesionRandom;
    private final TrialObserver observer;
    private final Interventions.Feed changes;
    private final IntConsumer cut;
    private final BitSet silencedUnits = new BitSet();
    private volatile double lesionedUnits;
    private int phase = TaskSignal.NO_PHASE;
    private int liveLesions; // seeds each live lesion by its place among this region's

    /**
     * @param changes the region's live changes, or {@code null} when it takes none.
     * @param cut           cuts an inbound link (a phase's {@code cut}).
     */
    RegionControl(final String name, final RegionNetwork network, final Learner learner, final List<RegionPhase> phases,
                  final NodeRandom lesionRandom, final TrialObserver observer, final Interventions.Feed changes,
                  final IntConsumer cut)
    {
        this.name = name;
        this.network = network;
        this.learner = learner;
        this.phases = phases;
        this.lesionRandom = lesionRandom;
        this.observer = observer;
        this.changes = changes;
        this.cut = cut;
    }

    /** @return the phase in force, {@link TaskSignal#NO_PHASE} before the first. */
    int phase()
    {
        return phase;
    }

    /** Applies a new phase when the task's control frame announces one. */
    void onControl(final float[] control)
    {
        final int p = TaskSignal.phase(control);
        if (p != phase)
        {
            applyPhase(p);
        }
    }

    /** Applies the live changes due at the start of {@code step}. */
    void onStep(final long step)
    {
        if (changes == null)
        {
            return;
        }
        for (final Intervention change : changes.due(step))
        {
            changes.applied(apply(change));
        }
    }

    private void applyPhase(final int index)
    {
        phase = index;
        if (index < 0 || index >= phases.size())
        {
            return;
        }
        final RegionPhase p = phases.get(index);
        if (learner != null)
        {
            learner.plasticity(p.plasticity());
        }
        p.cutLinks().forEach(cut::accept);
        for (final Lesion lesion : p.lesions())
        {
            lesion(lesion, lesionRandom.derive("lesion:" + index + ":" + p.name()));
        }
    }

    /** @return the change as applied: with the value it replaced. */
    private Intervention apply(final Intervention change)
    {
        if (learner == null && change.what() != Intervention.Kind.LESION)
        {
            throw new IllegalStateException("region " + name + " does not learn: it cannot take the " +
                change.what().key() + " change logged for step " + change.step());
        }
        switch (change.what())
        {
            case PLASTICITY ->
            {
                final double old = learner.plasticity();
                learner.plasticity(change.value());
                return change.replacing(old);
            }
            case LEARNING_RATE ->
            {
                final double old = learner.learningRate();
                learner.learningRate(change.value());
                return change.replacing(old);
            }
            default ->
            {
                // seeded by its place among the region's live lesions (the same in a replay), not by when it was asked
                lesion(new Lesion(change.lesion(), change.value()), lesionRandom.derive("live-lesion:" + liveLesions++));
                return change.replacing(Double.NaN);
            }
        }
    }

    private void lesion(final Lesion lesion, final NodeRandom random)
    {
        final int[] silenced = network.lesion(lesion, random);
        if (lesion.target() == Lesion.Target.UNITS || lesion.target() == Lesion.Target.LIF_UNITS ||
            lesion.target() == Lesion.Target.ALIF_UNITS)
        {
            for (final int unit : silenced)
            {
                silencedUnits.set(unit);
            }
            lesionedUnits = silencedUnits.cardinality() / (double)network.units();
        }
        observer.onLesion(phase, lesion, silenced);
    }

    @Override
    public double plasticity()
    {
        return learner == null ? Double.NaN : learner.plasticity();
    }

    @Override
    public double learningRate()
    {
        return learner == null ? Double.NaN : learner.learningRate();
    }

    @Override
    public double lesionedUnits()
    {
        return lesionedUnits;
    }

    @Override
    public void request(final Intervention change)
    {
        if (changes == null)
        {
            throw new IllegalStateException("region " + name + " takes no live changes here");
        }
        if (change.what() != Intervention.Kind.LESION && learner == null)
        {
            throw new IllegalStateException("region " + name + " does not learn: it has no " + change.what().key());
        }
        if (change.what() == Intervention.Kind.LEARNING_RATE && learner.configuredLearningRate() == 0)
        {
            throw new IllegalStateException("region " + name + ": its configured learning rate is 0, so none can " +
                "be scaled from it");
        }
        if (change.what() == Intervention.Kind.LEARNING_RATE && !(change.value() >= 0))
        {
            throw new IllegalArgumentException("learning rate of " + name + ": " + change.value() +
                " (expected: a finite number >= 0)");
        }
        if ((change.lesion() == Lesion.Target.LIF_UNITS || change.lesion() == Lesion.Target.ALIF_UNITS) &&
            !network.spiking())
        {
            throw new IllegalStateException("region " + name + " is not spiking: it has no " +
                Intervention.lesionKey(change.lesion()) + " (expected: units, recurrent_synapses or input_synapses)");
        }
        changes.request(change);
    }
}
