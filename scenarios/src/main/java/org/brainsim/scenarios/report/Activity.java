package org.brainsim.scenarios.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.brainsim.scenarios.record.NpyReader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A region's recorded activity of whole trials ({@code trial × row × time × unit}), as features of one step: rates as
 * they are; spikes (packed bits) filtered by a leaky trace with a 20 ms time constant, so a decoder sees the recent
 * firing rather than one step's spikes.
 */
final class Activity
{
    private static final double TRACE_MS = 20;

    private final int rows;
    private final int steps;
    private final int units;
    private final float[] values; // trial, row, step, unit

    private Activity(final int rows, final int steps, final int units, final float[] values)
    {
        this.rows = rows;
        this.steps = steps;
        this.units = units;
        this.values = values;
    }

    static Activity read(final Path file, final JsonNode array, final double dtMs) throws IOException
    {
        final NpyReader.Array a = NpyReader.read(file);
        final long[] shape = a.header().shape();
        final int trials = (int)shape[0];
        final int rows = (int)shape[1];
        final int steps = (int)shape[2];
        if (!"neuron_bits".equals(array.path("axes").path(3).asText()))
        {
            return new Activity(rows, steps, (int)shape[3], a.floats());
        }
        final String count = array.path("units").asText().replaceAll(".*count=(\\d+).*", "$1");
        final int units = Integer.parseInt(count);
        final int width = (int)shape[3];
        final int[] bytes = a.uint8();
        final float[] values = new float[trials * rows * steps * units];
        final double kappa = Math.exp(-dtMs / TRACE_MS);
        for (int r = 0; r < trials * rows; r++)
        {
            final double[] trace = new double[units];
            for (int t = 0; t < steps; t++)
            {
                for (int u = 0; u < units; u++)
                {
                    final int bit = bytes[(r * steps + t) * width + u / 8] >>> (7 - u % 8) & 1;
                    trace[u] = kappa * trace[u] + bit;
                    values[(r * steps + t) * units + u] = (float)trace[u];
                }
            }
        }
        return new Activity(rows, steps, units, values);
    }

    int units()
    {
        return units;
    }

    void features(final int trial, final int row, final int step, final double[] x)
    {
        final int at = ((trial * rows + row) * steps + step) * units;
        for (int u = 0; u < units; u++)
        {
            x[u] = values[at + u];
        }
    }
}
