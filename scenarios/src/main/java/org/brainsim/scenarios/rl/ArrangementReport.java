package org.brainsim.scenarios.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.scenarios.record.NpyDType;
import org.brainsim.scenarios.record.NpyReader;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code brainsim analyze arrangement}: can two arrangements of the same regions (say, competing for control and
 * cooperating on one objective) be told apart from recorded activity alone? For every run (one agent each) it computes
 * {@link ActivityFeatures} of two regions over the run's last trials, then cross-validates an L2 logistic regression
 * ({@link LogisticClassifier}, λ = 1) that holds out the i-th run of both groups together (runs of one seed, when the
 * groups list their seeds in the same order), and reports the held-out accuracy with its Wilson 95 % interval, the
 * accuracy of each feature alone and of each feature family (region A's, region B's, between them), a permutation
 * test (the labels shuffled over the runs 1000 times, each cross-validated again), and the
 * standardised weights of the model fitted to every run. Written as {@code arrangement.json} and a bar plot of the
 * accuracies, {@code arrangement.png}, in an output directory.
 */
public final class ArrangementReport
{
    /** The L2 penalty of the classifier. */
    static final double LAMBDA = 1.0;
    /** Label permutations of the permutation test. */
    static final int PERMUTATIONS = 1000;

    private ArrangementReport()
    {
    }

    /** What the analysis found. */
    public record Result(List<String> features, double accuracy, double low, double high, int runs,
                         Map<String, Double> single, Map<String, Double> families, double[] weights,
                         double permutationP)
    {
    }

    /**
     * @param groups exactly two labels, each with its runs.
     * @param a      the first region's name.
     * @param b      the second region's name.
     * @param last   the trials analysed: each run's last ones.
     * @param out    where {@code arrangement.json} goes.
     */
    public static Result write(final Map<String, List<Path>> groups, final String a, final String b, final int last,
                               final Path out) throws IOException
    {
        if (groups.size() != 2)
        {
            throw new TwoStepReport.MissingArrays(groups.size() + " groups (expected: exactly 2 arrangements)");
        }
        final List<double[]> x = new ArrayList<>();
        final List<Integer> y = new ArrayList<>();
        final List<Integer> fold = new ArrayList<>();
        final List<String> runs = new ArrayList<>();
        List<String> names = null;
        int label = 0;
        for (final List<Path> group : groups.values())
        {
            for (int i = 0; i < group.size(); i++)
            {
                final Map<String, Double> f = ActivityFeatures.of(a, activity(group.get(i), a, last), b,
                    activity(group.get(i), b, last));
                names = List.copyOf(f.keySet());
                x.add(f.values().stream().mapToDouble(Double::doubleValue).toArray());
                y.add(label);
                fold.add(i);
                runs.add(group.get(i).toString());
            }
            label++;
        }
        final double[][] xs = x.toArray(new double[0][]);
        final int[] ys = y.stream().mapToInt(Integer::intValue).toArray();
        final int[] folds = fold.stream().mapToInt(Integer::intValue).toArray();
        final double[] p = LogisticClassifier.crossValidate(xs, ys, folds, LAMBDA);
        final int correct = correct(p, ys);
        final double[] ci = TwoStepAnalysis.wilson(correct, ys.length);
        final Map<String, Double> single = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++)
        {
            final int feature = j;
            single.put(names.get(j), accuracy(xs, ys, folds, i -> i == feature));
        }
        final List<String> n = names;
        final Map<String, Double> families = new LinkedHashMap<>();
        families.put(a, accuracy(xs, ys, folds, i -> n.get(i).startsWith(a + ".")));
        families.put(b, accuracy(xs, ys, folds, i -> n.get(i).startsWith(b + ".")));
        families.put("between", accuracy(xs, ys, folds, i -> !n.get(i).startsWith(a + ".") &&
            !n.get(i).startsWith(b + ".")));
        final double[] weights = LogisticClassifier.fit(xs, ys, LAMBDA).weights();
        final Result result = new Result(names, correct / (double)ys.length, ci[0], ci[1], ys.length, single, families,
            weights, permutationP(xs, ys, folds, correct));
        json(result, groups, runs, xs, ys, p, a, b, last, out);
        plot(result, List.copyOf(groups.keySet()), out.resolve("arrangement.png"));
        return result;
    }

    /**
     * The permutation test: the arrangement labels shuffled over the runs (a seeded stream: the same p every time) and
     * the whole cross-validation run again; the held-out predictions are not independent (the folds share their
     * training runs), so this, not a binomial count, says how often chance does as well.
     *
     * @return (1 + the permutations that classify as many runs correctly or more) / (1 + permutations).
     */
    static double permutationP(final double[][] x, final int[] y, final int[] folds, final int correct)
    {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int asGood = 0;
        final int[] shuffled = y.clone();
        for (int k = 0; k < PERMUTATIONS; k++)
        {
            for (int i = shuffled.length - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            asGood += correct(LogisticClassifier.crossValidate(x, shuffled, folds, LAMBDA), shuffled) >= correct ? 1 : 0;
        }
        return (1 + asGood) / (1.0 + PERMUTATIONS);
    }

    private static int correct(final double[] p, final int[] y)
    {
        int correct = 0;
        for (int k = 0; k < p.length; k++)
        {
            correct += (p[k] > 0.5 ? 1 : 0) == y[k] ? 1 : 0;
        }
        return correct;
    }

    /** @return the held-out accuracy of the model on the features {@code keep} selects. */
    private static double accuracy(final double[][] x, final int[] y, final int[] folds, final Predicate<Integer> keep)
    {
        final List<Integer> columns = new ArrayList<>();
        for (int j = 0; j < x[0].length; j++)
        {
            if (keep.test(j))
            {
                columns.add(j);
            }
        }
        final double[][] sub = new double[x.length][columns.size()];
        for (int k = 0; k < x.length; k++)
        {
            for (int j = 0; j < columns.size(); j++)
            {
                sub[k][j] = x[k][columns.get(j)];
            }
        }
        return correct(LogisticClassifier.crossValidate(sub, y, folds, LAMBDA), y) / (double)y.length;
    }

    /** @return a region's activity in the run's last trials, [trial][step][unit] (the first row). */
    static float[][][] activity(final Path run, final String region, final int last) throws IOException
    {
        final Path file = run.resolve("activity").resolve(region + ".npy");
        if (!Files.isRegularFile(file))
        {
            throw new TwoStepReport.MissingArrays("no " + run.relativize(file) + " in " + run + " (expected the " +
                "region's activity, recorded per trial)");
        }
        final NpyReader.Array array;
        try
        {
            array = NpyReader.read(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new TwoStepReport.MissingArrays(run.relativize(file) + ": " + ex.getMessage());
        }
        final long[] shape = array.header().shape();
        if (shape.length != 4 || array.header().dtype() != NpyDType.FLOAT32 || shape[0] < 2 || shape[2] < 2)
        {
            throw new TwoStepReport.MissingArrays(run.relativize(file) + ": " + array.header().dtype() + " " +
                java.util.Arrays.toString(shape) + " (expected: float32 [trial, row, step, unit] of a rate region " +
                "recorded per trial, at least 2 trials of 2 steps)");
        }
        final float[] v = array.floats();
        final int trials = (int)Math.min(shape[0], last);
        final int first = (int)shape[0] - trials;
        final int rows = (int)shape[1];
        final int steps = (int)shape[2];
        final int units = (int)shape[3];
        final float[][][] out = new float[trials][steps][units];
        for (int t = 0; t < trials; t++)
        {
            for (int s = 0; s < steps; s++)
            {
                System.arraycopy(v, (((first + t) * rows) * steps + s) * units, out[t][s], 0, units);
            }
        }
        return out;
    }

    /** Bars: the held-out accuracy of every feature, every family and all of them, with chance at 0.5. */
    private static void plot(final Result r, final List<String> labels, final Path png) throws IOException
    {
        final List<String> names = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        names.add("all features");
        values.add(r.accuracy());
        r.families().forEach((k, v) ->
        {
            names.add(k + " (all)");
            values.add(v);
        });
        r.single().forEach((k, v) ->
        {
            names.add(k);
            values.add(v);
        });
        final CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
            .title(labels.get(0) + " vs " + labels.get(1) + ": held-out accuracy, " + r.runs() + " runs (all: " +
                String.format("%.2f [%.2f, %.2f]", r.accuracy(), r.low(), r.high()) + ")")
            .yAxisTitle("held-out accuracy").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.addSeries("accuracy", names, values);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void json(final Result r, final Map<String, List<Path>> groups, final List<String> runs,
                             final double[][] x, final int[] y, final double[] p, final String a, final String b,
                             final int last, final Path out) throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        root.put("regions", a + ", " + b);
        root.put("trials", "each run's last " + last);
        root.put("classifier", "L2 logistic regression (lambda " + LAMBDA + ") on standardised features; " +
            "cross-validated holding out the i-th run of both groups together");
        final List<String> labels = List.copyOf(groups.keySet());
        root.putArray("groups").add(labels.get(0)).add(labels.get(1));
        root.put("accuracy", r.accuracy());
        root.putArray("accuracy_ci95_wilson").add(r.low()).add(r.high());
        root.put("held_out_predictions", r.runs());
        root.put("permutation_p", r.permutationP());
        root.put("permutation_note", PERMUTATIONS + " shuffles of the labels over the runs, each cross-validated " +
            "again: (1 + those as accurate or more) / (1 + " + PERMUTATIONS + "); the Wilson interval treats the " +
            "held-out predictions as independent, which they are not quite (folds share training runs)");
        final ObjectNode single = root.putObject("accuracy_of_each_feature_alone");
        r.single().forEach(single::put);
        final ObjectNode families = root.putObject("accuracy_of_each_family");
        r.families().forEach(families::put);
        final ObjectNode weights = root.putObject("weights_fitted_to_every_run");
        for (int j = 0; j < r.features().size(); j++)
        {
            weights.put(r.features().get(j), r.weights()[j]);
        }
        final ArrayNode list = root.putArray("runs");
        for (int k = 0; k < runs.size(); k++)
        {
            final ObjectNode o = list.addObject();
            o.put("run", runs.get(k));
            o.put("group", labels.get(y[k]));
            o.put("held_out_p_" + labels.get(1), p[k]);
            final ObjectNode f = o.putObject("features");
            for (int j = 0; j < r.features().size(); j++)
            {
                f.put(r.features().get(j), x[k][j]);
            }
        }
        Files.createDirectories(out);
        mapper.writerWithDefaultPrettyPrinter().writeValue(out.resolve("arrangement.json").toFile(), root);
    }
}
