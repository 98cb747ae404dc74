package org.brainsim.scenarios.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.math3.distribution.TDistribution;
import org.brainsim.scenarios.record.NpyReader;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code brainsim analyze devaluation RUN_DIR…}: the devaluation index of each phase of a run of the
 * {@code devaluation} task ({@link DevaluationAnalysis}), written as {@code devaluation.json} in the run directory,
 * from {@code task/press.npy}, {@code kind.npy}, {@code devalued.npy}, {@code phase.npy}, {@code outcome_values.npy}
 * and the phases' names in {@code manifest.json}. Given groups of runs (one agent per run, e.g. one per seed, of one
 * condition each), it also writes, for one phase, each group's index over its runs (mean, sd, 95 % t-interval of the
 * mean, every run's value) as {@code devaluation.json} and a bar plot {@code devaluation.png} in an output directory.
 */
public final class DevaluationReport
{
    /** The arrays it reads, under {@code task/}. */
    public static final List<String> ARRAYS = List.of("press", "kind", "devalued", "phase", "outcome_values");

    private DevaluationReport()
    {
    }

    /** @return the run's phases with their indices; writes {@code devaluation.json} in it. */
    public static List<DevaluationAnalysis.Phase> write(final Path dir) throws IOException
    {
        final List<DevaluationAnalysis.Phase> phases = analyse(dir);
        final ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("run", dir.toString());
        root.put("note", "index = (r_nd - r_d) / (r_nd + r_d) over free presses (ordinary free-choice and extinction " +
            "trials) while an outcome is devalued, r per lever; ci95: Wilson interval of r_nd / (r_nd + r_d), presses " +
            "taken as independent");
        final ArrayNode list = root.putArray("phases");
        for (final DevaluationAnalysis.Phase p : phases)
        {
            final ObjectNode o = list.addObject();
            o.put("phase", p.name());
            o.put("presses", p.presses());
            o.put("devalued_presses", p.devalued());
            o.put("intact_presses", p.intact());
            o.put("index", p.index());
            o.putArray("ci95").add(p.low()).add(p.high());
        }
        final Path out = dir.resolve("devaluation.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        return phases;
    }

    /** @return the run's phases with their indices. */
    public static List<DevaluationAnalysis.Phase> analyse(final Path dir) throws IOException
    {
        final Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest))
        {
            throw new TwoStepReport.MissingArrays("no manifest.json in " + dir + " (expected a brainsim run directory " +
                "of the devaluation task)");
        }
        final Map<String, NpyReader.Array> arrays = new LinkedHashMap<>();
        for (final String name : ARRAYS)
        {
            final Path file = dir.resolve("task").resolve(name + ".npy");
            if (!Files.isRegularFile(file))
            {
                throw new TwoStepReport.MissingArrays("no " + dir.relativize(file) + " in " + dir + " (the devaluation " +
                    "analysis reads task/" + String.join(".npy, task/", ARRAYS) + ".npy, as the devaluation task " +
                    "records them)");
            }
            try
            {
                arrays.put(name, NpyReader.read(file));
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new TwoStepReport.MissingArrays(dir.relativize(file) + ": " + ex.getMessage());
            }
        }
        final long[] shape = arrays.get("press").header().shape();
        final long[] levers = arrays.get("outcome_values").header().shape();
        if (shape.length != 3 || shape[2] != 1 || levers.length != 2)
        {
            throw new TwoStepReport.MissingArrays("task/press.npy: shape " + java.util.Arrays.toString(shape) +
                ", task/outcome_values.npy " + java.util.Arrays.toString(levers) + " (expected: [trial, row, 1] and " +
                "[1, outcomes])");
        }
        final List<String> names = new ArrayList<>();
        for (final JsonNode p : new ObjectMapper().readTree(manifest.toFile()).path("phases"))
        {
            names.add(p.path("name").asText());
        }
        if (names.isEmpty())
        {
            names.add("run");
        }
        try
        {
            return DevaluationAnalysis.analyse(whole(arrays.get("press")), whole(arrays.get("kind")),
                whole(arrays.get("devalued")), whole(arrays.get("phase")), (int)shape[1], (int)levers[1], names);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new TwoStepReport.MissingArrays(dir + ": " + ex.getMessage());
        }
    }

    /** @return an array's values as whole numbers (int64 as the task writes them, or floats holding them). */
    private static long[] whole(final NpyReader.Array array)
    {
        if (array.header().dtype() == org.brainsim.scenarios.record.NpyDType.INT64)
        {
            return array.longs();
        }
        final double[] d = array.doubles();
        final long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++)
        {
            if (d[i] != Math.rint(d[i]))
            {
                throw new IllegalArgumentException("a value " + d[i] + " that is not a whole number (expected: levers, " +
                    "kinds, masks and phases)");
            }
            out[i] = (long)d[i];
        }
        return out;
    }

    /**
     * One phase's index over groups of runs.
     *
     * @param groups label → the runs of that condition (one value each).
     * @param phase  the phase to compare (its name in every run).
     * @param out    where {@code devaluation.json} and {@code devaluation.png} go.
     * @return the files written.
     */
    public static List<Path> summary(final Map<String, List<Path>> groups, final String phase, final Path out)
        throws IOException
    {
        final ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("phase", phase);
        root.put("note", "per group: the devaluation index of each run (one agent) in the phase, their mean, sd and " +
            "the 95 % t-interval of the mean over runs");
        final ObjectNode byGroup = root.putObject("groups");
        final List<String> labels = new ArrayList<>();
        final List<Double> means = new ArrayList<>();
        final List<Double> halves = new ArrayList<>();
        for (final Map.Entry<String, List<Path>> g : groups.entrySet())
        {
            final double[] values = new double[g.getValue().size()];
            final ObjectNode o = byGroup.putObject(g.getKey());
            final ArrayNode runs = o.putArray("runs");
            for (int i = 0; i < values.length; i++)
            {
                final Path run = g.getValue().get(i);
                values[i] = write(run).stream().filter(p -> p.name().equals(phase)).findFirst()
                    .orElseThrow(() -> new TwoStepReport.MissingArrays(run + ": no phase '" + phase + "'"))
                    .index();
                if (Double.isNaN(values[i]))
                {
                    throw new TwoStepReport.MissingArrays(run + ": phase '" + phase + "' has no free press while an " +
                        "outcome was devalued (expected: the test phase, after a devalue phase)");
                }
                runs.addObject().put("run", run.toString()).put("index", values[i]);
            }
            final double[] m = meanAndInterval(values);
            o.put("mean", m[0]);
            o.put("sd", m[1]);
            o.putArray("ci95").add(m[0] - m[2]).add(m[0] + m[2]);
            labels.add(g.getKey());
            means.add(m[0]);
            halves.add(Double.isNaN(m[2]) ? 0 : m[2]);
        }
        Files.createDirectories(out);
        final Path json = out.resolve("devaluation.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        final CategoryChart chart = new CategoryChartBuilder().width(160 + 150 * groups.size()).height(450)
            .title("Devaluation index in phase " + phase + " (mean over runs, 95 % t-interval)")
            .yAxisTitle("(r_nd - r_d) / (r_nd + r_d)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(-1.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.addSeries("index", labels, means, halves);
        final Path png = out.resolve("devaluation.png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of(json, png);
    }

    /** @return the mean, the sd and the half-width of the 95 % t-interval of the mean (NaN with fewer than 2). */
    static double[] meanAndInterval(final double[] values)
    {
        final double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN);
        if (values.length < 2)
        {
            return new double[] {mean, Double.NaN, Double.NaN};
        }
        double ss = 0;
        for (final double v : values)
        {
            ss += (v - mean) * (v - mean);
        }
        final double sd = Math.sqrt(ss / (values.length - 1));
        final double t = new TDistribution(values.length - 1).inverseCumulativeProbability(0.975);
        return new double[] {mean, sd, t * sd / Math.sqrt(values.length)};
    }
}
