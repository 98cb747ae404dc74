package org.brainsim.scenarios.spec;

import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.settings.ParamValues;

/**
 * One term of a region's objective.
 *
 * @param type    which objective.
 * @param weight  its weight in the region's objective, ≥ 0.
 * @param params  its settings.
 * @param predict what a predictive term predicts ({@code predict = {link, horizon}}), or {@code null}.
 */
public record ObjectiveSpec(ObjectiveType type, double weight, ParamValues params, Predict predict)
{
    /** The name that stands for the region's own activity in {@code predict.link}. */
    public static final String SELF = "self";

    /**
     * What a predictive term predicts.
     *
     * @param link    an inbound activity or observation link's name, or {@link #SELF}.
     * @param horizon steps ahead, ≥ 1.
     * @param width   what it predicts, values per row (0 until the links are known).
     * @param spikes  whether that is 0/1 spikes (known with the links).
     */
    public record Predict(String link, int horizon, int width, boolean spikes)
    {
        /** @return whether it predicts the region's own activity. */
        public boolean self()
        {
            return SELF.equals(link);
        }

        /** @return the same with what the links tell. */
        public Predict resolved(final int w, final boolean spiking)
        {
            return new Predict(link, horizon, w, spiking);
        }
    }

    /** A term that predicts nothing. */
    public ObjectiveSpec(final ObjectiveType type, final double weight, final ParamValues params)
    {
        this(type, weight, params, null);
    }

    /** @return whether the term compares the readout with something (a target, a prediction): it emits that error. */
    public boolean emitsError()
    {
        return type.inputs().contains(ObjectiveInput.TARGET) || type.inputs().contains(ObjectiveInput.PREDICTED);
    }

    /** @return how records name the term: its kind, and for a predictive term what it predicts ("predictive.v1_a1"). */
    public String label()
    {
        return predict == null ? type.name() : type.name() + "." + predict.link();
    }

    /**
     * @param labels the terms' {@link #label()}s, in order.
     * @return the names under which records keep each term: its label, and {@code -2}, {@code -3}, … for a label
     * already taken.
     */
    public static java.util.List<String> recordNames(final java.util.List<String> labels)
    {
        final java.util.Set<String> used = new java.util.HashSet<>();
        final java.util.List<String> names = new java.util.ArrayList<>();
        for (final String l : labels)
        {
            String name = l;
            for (int i = 2; !used.add(name); i++)
            {
                name = l + "-" + i;
            }
            names.add(name);
        }
        return names;
    }

    /** @return a copy predicting {@code p}. */
    public ObjectiveSpec with(final Predict p)
    {
        return new ObjectiveSpec(type, weight, params, p);
    }
}
