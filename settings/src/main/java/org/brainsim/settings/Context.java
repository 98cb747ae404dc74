package org.brainsim.settings;

/**
 * Scenario-wide values that derived defaults of models, rules and objectives may read (they are given to
 * {@link ParamValues#resolve(java.util.List, java.util.Map, ParamValues)} as its context).
 */
public final class Context
{
    /** The scenario's step, ms. */
    public static final Param<Double> DT_MS = Param.number("dt_ms", null, 0, false, 1_000, "step length, ms");

    private Context()
    {
    }

    /** @return a context holding the step length. */
    public static ParamValues of(final double dtMs)
    {
        return ParamValues.builder().set(DT_MS, dtMs).build();
    }
}
