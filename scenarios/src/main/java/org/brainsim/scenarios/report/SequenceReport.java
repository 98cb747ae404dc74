package org.brainsim.scenarios.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.spec.ObjectiveSpec;
import org.brainsim.scenarios.tasks.HiddenMarkov;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The part of a report that a hidden-Markov run adds (its {@code task/transition.npy}, {@code task/emission.npy},
 * {@code task/symbol.npy} and {@code task/hidden_state.npy}):
 * <ul>
 * <li>for every predictive term that predicts the task's observations, its loss per trial beside the least loss any
 * predictor could reach on the same sequences (forward algorithm), and the gap per phase;</li>
 * <li>a linear decoder of the hidden state from each recorded region's activity and from the raw observations:
 * ridge regression onto the one-hot state, fitted on the first half of the recorded trials of the first phase in
 * which no region learns (else of every recorded trial) and tested on the second half; beside it the accuracy of
 * the Bayes-optimal filter on the same test trials.</li>
 * </ul>
 * Everything is written to {@code sequence.json} as well, for summaries across runs.
 */
final class SequenceReport
{
    private final Path dir;
    private final JsonNode manifest;
    private final ReportCharts charts;
    private final List<String[]> headlines;
    private final ObjectNode json = new ObjectMapper().createObjectNode();

    private SequenceReport(final Path dir, final JsonNode manifest, final ReportCharts charts,
                           final List<String[]> headlines)
    {
        this.dir = dir;
        this.manifest = manifest;
        this.charts = charts;
        this.headlines = headlines;
    }

    /** Adds the optimum and decoding parts when the run is a hidden-Markov one; nothing otherwise. */
    static void add(final Path dir, final JsonNode manifest, final ReportCharts charts, final List<String[]> headlines)
        throws IOException
    {
        if (!Files.isRegularFile(dir.resolve("task/transition.npy")) || !Files.isRegularFile(dir.resolve("task/symbol.npy")))
        {
            return;
        }
        final SequenceReport r = new SequenceReport(dir, manifest, charts, headlines);
        final HiddenMarkov process = r.process();
        final long[] shape = NpyReader.header(dir.resolve("task/symbol.npy")).shape();
        final int[][][] symbols = ints(NpyReader.read(dir.resolve("task/symbol.npy")).longs(), shape);
        final int[][][] states = ints(NpyReader.read(dir.resolve("task/hidden_state.npy")).longs(), shape);
        r.optimum(process, symbols);
        r.decoding(process, symbols, states);
        Files.writeString(dir.resolve("sequence.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsString(r.json));
    }

    private HiddenMarkov process() throws IOException
    {
        final double[][] a = matrix("task/transition.npy");
        final double[][] e = matrix("task/emission.npy");
        final double[] initial = new double[a.length];
        Arrays.fill(initial, 1.0 / a.length);
        return new HiddenMarkov(initial, a, e);
    }

    private double[][] matrix(final String file) throws IOException
    {
        final long[] shape = NpyReader.header(dir.resolve(file)).shape();
        final double[] v = NpyReader.read(dir.resolve(file)).doubles();
        final double[][] m = new double[(int)shape[0]][(int)shape[1]];
        for (int i = 0; i < m.length; i++)
        {
            System.arraycopy(v, i * m[i].length, m[i], 0, m[i].length);
        }
        return m;
    }

    private static int[][][] ints(final long[] v, final long[] shape)
    {
        final int[][][] out = new int[(int)shape[0]][(int)shape[1]][(int)shape[2]];
        int i = 0;
        for (final int[][] trial : out)
        {
            for (final int[] row : trial)
            {
                for (int t = 0; t < row.length; t++)
                {
                    row[t] = (int)v[i++];
                }
            }
        }
        return out;
    }

    /** Every predictive term on a link from the task: its loss and the optimum per trial, and the gap per phase. */
    private void optimum(final HiddenMarkov process, final int[][][] symbols) throws IOException
    {
        final JsonNode resolved = manifest.path("scenario").path("resolved");
        final ArrayNode terms = json.putArray("prediction");
        final XYChart chart = ReportCharts.chart("Prediction loss and the optimum (forward algorithm)", "trial", "loss");
        for (final var region : iterable(resolved.path("regions").fieldNames()))
        {
            final JsonNode objectives = resolved.path("regions").path(region).path("objectives");
            final List<String> labels = new ArrayList<>();
            for (final JsonNode o : objectives)
            {
                labels.add(o.path("kind").asText() + (o.has("predict") ? "." + o.path("predict").path("link").asText() :
                    ""));
            }
            final List<String> names = ObjectiveSpec.recordNames(labels); // as TrialWriters names the files
            if (resolved.path("regions").path(region).path("trial_steps").asInt(0) > 0)
            {
                headlines.add(new String[] {"prediction " + region, "no optimum: the region runs trials of its own " +
                    "(trial_steps), not the task's"});
                continue;
            }
            for (int i = 0; i < objectives.size(); i++)
            {
                final JsonNode o = objectives.get(i);
                final String link = o.path("predict").path("link").asText();
                if (!"predictive".equals(o.path("kind").asText()) ||
                    !"task".equals(resolved.path("links").path(link).path("from").asText()))
                {
                    continue;
                }
                final String file = objectives.size() > 1 ? "loss/" + region + "." + names.get(i) + ".npy" :
                    "loss/" + region + ".npy";
                if (!Files.isRegularFile(dir.resolve(file)))
                {
                    continue;
                }
                final double[] loss = NpyReader.read(dir.resolve(file)).doubles();
                final int h = o.path("predict").path("horizon").asInt(1);
                final boolean mse = "mse".equals(o.path("prediction_loss").asText());
                final boolean mean = "mean".equals(o.path("loss_reduction").asText());
                final double weight = o.path("weight").asDouble(1);
                final int n = Math.min(loss.length, symbols.length);
                final double[] best = new double[n];
                for (int k = 0; k < n; k++)
                {
                    double sum = 0;
                    for (final int[] row : symbols[k])
                    {
                        sum += mse ? process.optimalSquaredLoss(row, h) : process.optimalBernoulliLoss(row, h);
                    }
                    final int judged = symbols[k][0].length - h;
                    best[k] = weight * (mean ? sum / ((double)symbols[k].length * judged) : sum);
                }
                final double[] x = new double[n];
                Arrays.setAll(x, j -> j);
                chart.addSeries(region + " " + names.get(i) + " (h = " + h + ")", x, Arrays.copyOf(loss, n))
                    .setMarker(SeriesMarkers.NONE);
                chart.addSeries(region + " " + names.get(i) + " optimum", x, best).setMarker(SeriesMarkers.NONE);
                final ObjectNode term = terms.addObject();
                term.put("region", region).put("term", names.get(i)).put("link", link).put("horizon", h);
                final ArrayNode phases = term.putArray("phases");
                for (final JsonNode p : manifest.path("phases"))
                {
                    final int first = p.path("first_trial").asInt();
                    final int to = Math.min(first + p.path("trials_started").asInt(), n);
                    if (to <= first)
                    {
                        continue;
                    }
                    final int from = frozen(p) ? first : Math.max(first, to - 10); // a learning phase: its end
                    final double l = Arrays.stream(loss, from, to).average().orElse(Double.NaN);
                    final double b = Arrays.stream(best, from, to).average().orElse(Double.NaN);
                    phases.addObject().put("phase", p.path("name").asText()).put("first_trial", from).put("trials",
                        to - from).put("loss", l).put("optimum", b).put("gap", l / b - 1);
                    headlines.add(new String[] {"prediction " + region + " " + names.get(i) + ", phase " +
                        p.path("name").asText(),
                        String.format(Locale.ROOT, "trials %d–%d: loss %.4g, optimum %.4g, gap %.1f %%", from, to - 1,
                            l, b, 100 * (l / b - 1))});
                }
            }
        }
        if (!chart.getSeriesMap().isEmpty())
        {
            charts.save(chart, "prediction-optimum.png");
        }
    }

    /** Ridge decoders of the hidden state, from the observations and from every recorded region. */
    private void decoding(final HiddenMarkov process, final int[][][] symbols, final int[][][] states) throws IOException
    {
        int first = 0;
        int count = symbols.length;
        String phase = "all trials";
        for (final JsonNode p : manifest.path("phases"))
        {
            if (frozen(p))
            {
                first = p.path("first_trial").asInt();
                count = Math.min(p.path("trials_started").asInt(), symbols.length - first);
                phase = "phase " + p.path("name").asText();
                break;
            }
        }
        final ObjectNode out = json.putObject("decoding");
        out.put("trials", phase + ", trials " + first + "–" + (first + count - 1) + ": fit on the first half, test " +
            "on the second");
        if (count < 2)
        {
            return;
        }
        final int split = first + count / 2;
        final int end = first + count;
        final List<JsonNode> recorded = new ArrayList<>();
        int rows = states[0].length;
        for (final JsonNode a : manifest.path("arrays"))
        {
            final String file = a.path("file").asText();
            final JsonNode shape = a.path("shape");
            if (file.startsWith("activity/") && shape.size() == 4 && !file.equals("activity/task.npy") &&
                a.path("every_trials").asInt(1) == 1 && shape.path(0).asInt() >= end)
            {
                recorded.add(a);
                rows = Math.min(rows, shape.path(1).asInt());
            }
        }
        final int s = process.states();
        final int k = process.symbols();
        // the Bayes-optimal filter on the test trials
        long right = 0;
        long total = 0;
        for (int trial = split; trial < end; trial++)
        {
            for (int b = 0; b < rows; b++)
            {
                final int[] best = process.decode(symbols[trial][b]);
                for (int t = 0; t < best.length; t++)
                {
                    right += best[t] == states[trial][b][t] ? 1 : 0;
                    total++;
                }
            }
        }
        out.put("rows", rows);
        final ObjectNode accuracy = out.putObject("accuracy");
        accuracy.put("optimal filter", right / (double)total);
        accuracy.put("observations", Ridge.accuracy(k, s, states, rows, first, split, end, (trial, b, t, x) ->
            x[symbols[trial][b][t]] = 1));
        for (final JsonNode a : recorded)
        {
            final String file = a.path("file").asText();
            final String node = file.substring("activity/".length(), file.length() - 4);
            final Activity activity = Activity.read(dir.resolve(file), a, manifest.path("dt_ms").asDouble(1));
            accuracy.put(node, Ridge.accuracy(activity.units(), s, states, rows, first, split, end, activity::features));
        }
        final StringBuilder line = new StringBuilder();
        accuracy.fields().forEachRemaining(e -> line.append(line.length() == 0 ? "" : ", ").append(e.getKey())
            .append(String.format(Locale.ROOT, " %.3f", e.getValue().asDouble())));
        headlines.add(new String[] {"hidden state decoded (" + out.path("trials").asText() + ")", line.toString()});
    }

    /** @return whether no region learns in phase {@code p} (every plasticity gate 0). */
    private boolean frozen(final JsonNode p)
    {
        final JsonNode gates = manifest.path("scenario").path("resolved").path("phases").path(p.path("index").asInt(-1))
            .path("plasticity");
        boolean frozen = gates.size() > 0;
        for (final JsonNode g : gates)
        {
            frozen &= g.asDouble() == 0;
        }
        return frozen;
    }

    private static <T> Iterable<T> iterable(final java.util.Iterator<T> it)
    {
        final List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
