package org.brainsim.scenarios.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyHeader;
import org.brainsim.scenarios.record.NpyReader;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code brainsim report RUN_DIR}: PNG plots of a run and a {@code report.html} that shows them beside the
 * scenario and the headline numbers. Everything is read from the run directory (the manifest and the
 * {@code .npy} arrays), so a report can be made of any run, finished or not, at any time.
 *
 * <p>Plots: loss (and accuracy or task error) per trial with the phases shaded; a spike raster (spiking
 * nodes) or an activity heat map (rate nodes) of one recorded trial (or of the first steps, without a task)
 * per recorded node; the norms of the weight snapshots over trials.
 */
public final class RunReport
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Color[] PHASE_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    private static final int MAX_RASTER_STEPS = 5000;

    private final Path dir;
    private final JsonNode manifest;
    private final ReportCharts charts;
    private final List<String[]> headlines = new ArrayList<>();

    private RunReport(final Path dir, final JsonNode manifest)
    {
        this.charts = new ReportCharts(dir);
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Writes the plots and {@code report.html} into {@code dir}.
     *
     * @return the files written.
     * @throws IOException when the directory holds no readable manifest or an array cannot be read.
     */
    public static List<Path> write(final Path dir) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile))
        {
            throw new IOException(dir + ": no manifest.json (is this a brainsim run directory?)");
        }
        final RunReport report = new RunReport(dir, JSON.readTree(manifestFile.toFile()));
        report.headlines();
        report.learningCurves();
        SequenceReport.add(dir, report.manifest, report.charts, report.headlines);
        report.activity();
        report.weights();
        final List<Path> written = new ArrayList<>();
        for (final String image : report.charts.images())
        {
            written.add(dir.resolve(image));
        }
        written.add(report.html());
        return written;
    }

    private JsonNode array(final String file)
    {
        for (final JsonNode a : manifest.path("arrays"))
        {
            if (a.path("file").asText().equals(file))
            {
                return a;
            }
        }
        return null;
    }

    private List<JsonNode> arrays(final String prefix)
    {
        final List<JsonNode> out = new ArrayList<>();
        for (final JsonNode a : manifest.path("arrays"))
        {
            if (a.path("file").asText().startsWith(prefix))
            {
                out.add(a);
            }
        }
        return out;
    }

    private double[] doubles(final String file) throws IOException
    {
        return NpyReader.read(dir.resolve(file)).doubles();
    }

    private void headlines() throws IOException
    {
        headlines.add(new String[] {"status", manifest.path("status").asText() +
            (manifest.path("error").isNull() ? "" : " — " + manifest.path("error").asText())});
        headlines.add(new String[] {"seed, dt, batch", manifest.path("seed").asText() + ", " +
            manifest.path("dt_ms").asText() + " ms, " + manifest.path("batch").asText()});
        headlines.add(new String[] {"steps", manifest.path("steps_completed").asText() + " in " +
            String.format(Locale.ROOT, "%.1f s", manifest.path("wall_seconds").asDouble()) + " (" +
            String.format(Locale.ROOT, "%.0f", manifest.path("steps_per_second").asDouble()) + " steps/s)"});
        final JsonNode task = manifest.path("task");
        if (!task.isMissingNode())
        {
            headlines.add(new String[] {"task", task.path("name").asText() + ": " + task.path("trials_scored").asText() +
                " trials scored, " + task.path("trial_steps").asText() + " steps each; error = " +
                task.path("error_metric").asText()});
            final double[] error = array("task/error.npy") == null ? new double[0] : doubles("task/error.npy");
            for (final JsonNode p : manifest.path("phases"))
            {
                final int first = p.path("first_trial").asInt();
                final int n = p.path("trials_scored").asInt(); // the trials with an error recorded
                final int from = Math.min(first, error.length);
                final int to = Math.min(first + n, error.length);
                final double mean = to > from ? Arrays.stream(error, from, to).average().orElse(Double.NaN) : Double.NaN;
                final int last = Math.min(8, to - from);
                final double tail = last > 0 ? Arrays.stream(error, to - last, to).average().orElse(Double.NaN) : Double.NaN;
                headlines.add(new String[] {"phase " + p.path("name").asText(), String.format(Locale.ROOT,
                    "trials %d–%d (%d), ended by %s; mean error %.3f, last %d trials %.3f", first, first + n - 1, n,
                    p.path("ended_by").asText(), mean, last, tail)});
            }
        }
    }

    /** Loss and accuracy/error per trial, phases shaded. */
    private void learningCurves() throws IOException
    {
        final List<JsonNode> losses = arrays("loss/");
        if (!losses.isEmpty())
        {
            final XYChart chart = ReportCharts.chart("Loss per trial", "trial", "loss");
            double max = 0;
            for (final JsonNode a : losses)
            {
                final double[] y = doubles(a.path("file").asText());
                if (y.length > 0)
                {
                    final double[] x = index(y.length);
                    chart.addSeries(name(a.path("file").asText()), x, y).setMarker(SeriesMarkers.NONE);
                    max = Math.max(max, Arrays.stream(y).filter(Double::isFinite).max().orElse(0));
                }
            }
            shadePhases(chart, max);
            charts.save(chart, "loss.png");
        }
        final List<JsonNode> accuracies = arrays("accuracy/");
        final JsonNode taskError = array("task/error.npy");
        if (!accuracies.isEmpty() || taskError != null)
        {
            // the task's own error metric (an MSE task is not scored by accuracy)
            final String metric = manifest.path("task").path("error_metric").asText("");
            final boolean named = taskError != null && !metric.isEmpty();
            final XYChart chart = ReportCharts.chart(named ? "Error per trial: " + metric : "Error per trial",
                "trial", named ? "task error" : "error (1 − accuracy)");
            chart.getStyler().setYAxisMin(0.0);
            double max = 1;
            if (taskError != null)
            {
                final double[] y = doubles("task/error.npy");
                if (y.length > 0)
                {
                    chart.addSeries("task error", index(y.length), y).setMarker(SeriesMarkers.NONE);
                    max = Math.max(max, Arrays.stream(y).filter(Double::isFinite).max().orElse(0));
                    chart.addSeries("mean of last 8", index(y.length), runningMean(y, 8)).setMarker(SeriesMarkers.NONE);
                }
            }
            for (final JsonNode a : accuracies)
            {
                final double[] acc = doubles(a.path("file").asText());
                if (acc.length > 0 && taskError == null)
                {
                    chart.addSeries("1 − accuracy of " + name(a.path("file").asText()), index(acc.length),
                        Arrays.stream(acc).map(v -> 1 - v).toArray()).setMarker(SeriesMarkers.NONE);
                }
            }
            if (!chart.getSeriesMap().isEmpty())
            {
                shadePhases(chart, max);
                charts.save(chart, "error.png");
            }
        }
    }

    private static double[] runningMean(final double[] y, final int window)
    {
        final double[] out = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++)
        {
            sum += y[i];
            if (i >= window)
            {
                sum -= y[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** A raster (spikes) or heat map (rates) of one recorded trial, or of the first steps, per node. */
    private void activity() throws IOException
    {
        for (final JsonNode a : arrays("activity/"))
        {
            final String file = a.path("file").asText();
            final String node = name(file);
            final NpyHeader header = NpyReader.header(dir.resolve(file));
            final long[] shape = header.shape();
            if (Arrays.stream(shape).anyMatch(d -> d == 0))
            {
                continue;
            }
            final NpyReader.Array array = NpyReader.read(dir.resolve(file));
            final boolean trials = shape.length == 4;
            final boolean packed = a.path("axes").path(3).asText().equals("neuron_bits");
            // a whole-run array: only what was recorded (an interrupted run's file is zeros after), all of it, in at
            // most MAX_RASTER_STEPS bins of `stride` samples (a spike in a bin shows; a rate is the bin's first)
            final long recorded = trials ? shape[2] : Math.min(shape[1], a.path("recorded_steps").asLong(shape[1]));
            if (recorded == 0)
            {
                continue;
            }
            final int stride = trials ? 1 : (int)((recorded + MAX_RASTER_STEPS - 1) / MAX_RASTER_STEPS);
            final int steps = (int)Math.min(trials ? shape[2] : (recorded + stride - 1) / stride, MAX_RASTER_STEPS);
            final double stepMs = a.path("time_step_ms").asDouble(manifest.path("dt_ms").asDouble(1)) * stride;
            final int units;
            final float[][] values; // [step][unit] of row 0 of the chosen trial
            final String which;
            if (trials)
            {
                final int trial = (int)shape[0] - 1; // the last recorded trial
                final int width = (int)shape[3];
                units = packed ? unitsOf(a) : width;
                values = new float[steps][units];
                final long base = (long)trial * shape[1] * shape[2] * width; // row 0
                if (packed)
                {
                    final int[] bytes = array.uint8();
                    for (int t = 0; t < steps; t++)
                    {
                        for (int u = 0; u < units; u++)
                        {
                            values[t][u] = (bytes[(int)(base + (long)t * width + u / 8)] >>> (7 - u % 8) & 1);
                        }
                    }
                }
                else
                {
                    final float[] f = array.floats();
                    for (int t = 0; t < steps; t++)
                    {
                        System.arraycopy(f, (int)(base + (long)t * width), values[t], 0, units);
                    }
                }
                which = "trial " + trial * Math.max(1, a.path("every_trials").asInt(1)) + ", row 0";
            }
            else
            {
                units = (int)shape[2];
                values = new float[steps][units];
                final boolean bytes = header.dtype().name().equals("UINT8");
                final int[] b = bytes ? array.uint8() : null;
                final float[] f = bytes ? null : array.floats();
                for (int t = 0; t < steps; t++)
                {
                    for (int u = 0; u < units; u++)
                    {
                        if (bytes)
                        {
                            for (long k = (long)t * stride; k < Math.min(recorded, (long)(t + 1) * stride); k++)
                            {
                                values[t][u] = Math.max(values[t][u], b[(int)(k * units + u)]); // row 0
                            }
                        }
                        else
                        {
                            values[t][u] = f[(int)((long)t * stride * units + u)];
                        }
                    }
                }
                which = "row 0, " + recorded + " recorded samples" + (stride > 1 ? " in bins of " + stride : "") +
                    (recorded < shape[1] ? ", the rest not recorded" : "");
            }
            if (packed || header.dtype().name().equals("UINT8"))
            {
                charts.raster(node, values, which, stepMs);
            }
            else
            {
                charts.heatMap(node, values, which, stepMs, a.path("units").asText("activity"));
            }
        }
    }

    private int unitsOf(final JsonNode a)
    {
        final String units = a.path("units").asText();
        final int at = units.indexOf("count=");
        if (at >= 0)
        {
            return Integer.parseInt(units.substring(at + 6).replaceAll("\\D.*", ""));
        }
        return (int)a.path("shape").path(3).asLong() * 8;
    }

    /** Frobenius norms of the weight snapshots over trials. */
    private void weights() throws IOException
    {
        for (final JsonNode a : arrays("weights/"))
        {
            final String file = a.path("file").asText();
            if (!file.endsWith("/trials.npy"))
            {
                continue;
            }
            final String region = file.substring("weights/".length(), file.length() - "/trials.npy".length());
            final double[] trials = Arrays.stream(NpyReader.read(dir.resolve(file)).doubles()).toArray();
            if (trials.length == 0)
            {
                continue;
            }
            final XYChart chart = ReportCharts.chart("Weight norms of " + region, "trial", "Frobenius norm");
            for (final String w : List.of("w_in", "w_rec", "w_out"))
            {
                final Path f = dir.resolve("weights").resolve(region).resolve(w + ".npy");
                if (!Files.exists(f))
                {
                    continue;
                }
                final NpyReader.Array snapshots = NpyReader.read(f);
                final long[] shape = snapshots.header().shape();
                final float[] v = snapshots.floats();
                final int per = (int)(shape[1] * shape[2]);
                final int n = (int)Math.min(shape[0], trials.length);
                final double[] norms = new double[n];
                for (int s = 0; s < n; s++)
                {
                    double sum = 0;
                    for (int i = 0; i < per; i++)
                    {
                        sum += (double)v[s * per + i] * v[s * per + i];
                    }
                    norms[s] = Math.sqrt(sum);
                }
                chart.addSeries(w, Arrays.copyOf(trials, n), norms).setMarker(SeriesMarkers.CIRCLE);
            }
            shadePhases(chart, chart.getSeriesMap().values().stream()
                .mapToDouble(s -> s.getYMax()).max().orElse(1));
            charts.save(chart, "weights-" + region + ".png");
        }
    }

    private static String name(final String file)
    {
        final String base = file.substring(file.lastIndexOf('/') + 1);
        return base.endsWith(".npy") ? base.substring(0, base.length() - 4) : base;
    }

    private static double[] index(final int n)
    {
        final double[] x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i;
        }
        return x;
    }

    /** Shades each phase's trials as a light band from 0 to {@code top}, labelled by the phase's name. */
    private void shadePhases(final XYChart chart, final double top)
    {
        int i = 0;
        for (final JsonNode p : manifest.path("phases"))
        {
            final double first = p.path("first_trial").asDouble();
            final double last = first + Math.max(0, p.path("trials_started").asDouble() - 1);
            final Color c = PHASE_COLOURS[i++ % PHASE_COLOURS.length];
            final XYSeries band = chart.addSeries("phase " + p.path("name").asText(), new double[] {first, last},
                new double[] {top, top});
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
            band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
            band.setMarker(SeriesMarkers.NONE);
        }
    }

    private Path html() throws IOException
    {
        final StringBuilder h = new StringBuilder();
        final String title = "brainsim run " + escape(manifest.path("scenario").path("name").asText());
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(title)
            .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
            .append("table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:4px 10px;vertical-align:top}")
            .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}img{max-width:100%}</style></head><body>\n")
            .append("<h1>").append(title).append("</h1>\n<table>\n");
        for (final String[] row : headlines)
        {
            h.append("<tr><td>").append(escape(row[0])).append("</td><td>").append(escape(row[1])).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (final String image : charts.images())
        {
            h.append("<h2>").append(escape(image.replace(".png", "").replace('-', ' '))).append("</h2>\n<img src=\"")
                .append(escape(image)).append("\" alt=\"").append(escape(image)).append("\">\n");
        }
        h.append("<h2>Scenario</h2>\n<p>").append(escape(manifest.path("scenario").path("file").asText()));
        final JsonNode overrides = manifest.path("scenario").path("overrides");
        if (overrides.size() > 0)
        {
            h.append(", with");
            overrides.forEach(o -> h.append(" <code>--set ").append(escape(o.asText())).append("</code>"));
        }
        h.append("</p>\n<pre>").append(escape(manifest.path("scenario").path("text").asText())).append("</pre>\n")
            .append("<h2>Arrays</h2>\n<table>\n");
        for (final JsonNode a : manifest.path("arrays"))
        {
            h.append("<tr><td><code>").append(escape(a.path("file").asText())).append("</code></td><td>")
                .append(escape(a.path("dtype").asText())).append(' ').append(escape(a.path("shape").toString()))
                .append("</td><td>").append(escape(a.path("description").asText())).append("</td></tr>\n");
        }
        h.append("</table>\n<p>Versions: ").append(escape(manifest.path("versions").toString())).append("</p>\n")
            .append("</body></html>\n");
        final Path file = dir.resolve("report.html");
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    private static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
