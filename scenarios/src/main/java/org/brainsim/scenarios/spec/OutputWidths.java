package org.brainsim.scenarios.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node of a scenario emits, values per batch row, by the key a link names it with ({@link
 * LinkSpec#source()}): an input's or region's activity by its name; a learning region's error and prediction by
 * its name and the signal; the task's observations.
 */
public final class OutputWidths
{
    private OutputWidths()
    {
    }

    /**
     * @param observationWidth the task's observation width, or {@code null} without a task.
     * @return every node's output widths by {@link LinkSpec#source()} key.
     */
    public static Map<String, Integer> of(
        final Integer observationWidth, final List<InputSpec> inputs, final List<RegionSpec> regions)
    {
        final Map<String, Integer> widths = new LinkedHashMap<>();
        if (observationWidth != null)
        {
            widths.put(TaskSpec.NODE, observationWidth);
        }
        inputs.forEach(i -> widths.put(i.name(), i.size()));
        for (final RegionSpec r : regions)
        {
            widths.put(r.name(), r.size());
            widths.put(LinkSpec.widthKey(r.name(), LinkSpec.Signal.ERROR), r.errorWidth());
            widths.put(LinkSpec.widthKey(r.name(), LinkSpec.Signal.PREDICTION), r.predictionWidth());
        }
        return widths;
    }
}
