package org.brainsim.scenarios.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;

/**
 * {@code brainsim analyze two-step RUN_DIR}: the stay analysis ({@link TwoStepAnalysis}) of a run's two-step trials,
 * as {@code two-step.json} and the 2 × 2 bar plot of Daw et al. 2011 Fig. 2, {@code two-step.png}, in the run
 * directory. It reads, from {@code task/}, one value per trial (and per batch row, one agent each: shape
 * {@code [trial]} or {@code [trial, row]}; or {@code [episode, row, trial]} as brainsim's {@code two-step} task records
 * them, read one trial after another per row — across episodes too, since that task shows the previous trial's
 * outcome at the first trial of an episode):
 * <ul>
 * <li>{@code choice.npy}: the first-stage choice, 0 or 1;</li>
 * <li>{@code common.npy}: 1 where the transition was common, 0 where rare;</li>
 * <li>{@code rewarded.npy} when present (brainsim's two-step task), else {@code reward.npy}: 1 where the trial was
 * rewarded, else 0 (any reward above 0 counts);</li>
 * <li>optionally {@code episode_end.npy}: 1 where the trial ends an episode (the agent's state is reset after it), so
 * that no pair spans two episodes.</li>
 * </ul>
 * The plot's error bars are normal-approximation 95 % intervals (symmetric, so they may cross 0 or 1); the JSON has
 * the Wilson intervals. A cell without pairs is drawn at 0 without a bar and has {@code p = NaN} in the JSON.
 */
public final class TwoStepReport
{
    /** The arrays it reads, under {@code task/}. */
    public static final List<String> ARRAYS = List.of("choice", "common", "reward");

    private TwoStepReport()
    {
    }

    /** A run directory without the arrays the analysis needs, or with arrays that do not fit together. */
    public static final class MissingArrays extends IOException
    {
        MissingArrays(final String message)
        {
            super(message);
        }
    }

    /** @return the files written ({@code two-step.json}, {@code two-step.png}). */
    public static List<Path> write(final Path dir) throws IOException
    {
        return write(dir, null);
    }

    /**
     * @param phase the name of the run's phase whose trials (lockstep trials: episodes) to analyse, as its
     *     {@code manifest.json} names it and {@code task/phase.npy} numbers them; null: every trial.
     * @return the files written ({@code two-step.json} and {@code two-step.png}, or {@code two-step-PHASE.json} and
     *     {@code .png}).
     */
    public static List<Path> write(final Path dir, final String phase) throws IOException
    {
        final boolean[] keep = phase == null ? null : phaseTrials(dir, phase);
        final double[][] choice = read(dir, "choice", keep);
        final double[][] common = read(dir, "common", keep);
        // brainsim's two-step task records whether each two-step trial was paid as rewarded.npy (its reward.npy sums
        // an episode's rewards)
        final String rewards = Files.isRegularFile(dir.resolve("task/rewarded.npy")) ? "rewarded" : "reward";
        final double[][] reward = read(dir, rewards, keep);
        final double[][] ends = Files.isRegularFile(dir.resolve("task/episode_end.npy")) ?
            read(dir, "episode_end", keep) : keep == null ? null : new double[choice.length][choice[0].length];
        if (common.length != choice.length || reward.length != choice.length ||
            common[0].length != choice[0].length || reward[0].length != choice[0].length ||
            ends != null && (ends.length != choice.length || ends[0].length != choice[0].length))
        {
            throw new MissingArrays("task/choice.npy, common.npy, " + rewards + ".npy (and episode_end.npy) have " +
                "different shapes");
        }
        if (keep != null)
        {
            cutGaps(keep, choice[0].length, ends); // no pair spans trials of another phase
        }
        final int rows = choice.length;
        final int[][] c = new int[rows][];
        final boolean[][] t = new boolean[rows][];
        final boolean[][] r = new boolean[rows][];
        final boolean[][] e = ends == null ? null : new boolean[rows][];
        for (int row = 0; row < rows; row++)
        {
            c[row] = new int[choice[row].length];
            t[row] = new boolean[choice[row].length];
            r[row] = new boolean[choice[row].length];
            if (e != null)
            {
                e[row] = new boolean[choice[row].length];
            }
            for (int k = 0; k < choice[row].length; k++)
            {
                if (choice[row][k] != 0 && choice[row][k] != 1)
                {
                    throw new MissingArrays("task/choice.npy: " + choice[row][k] + " at trial " + k + ", row " + row +
                        " (expected: first-stage choices 0 or 1)");
                }
                if (common[row][k] != 0 && common[row][k] != 1 || ends != null && ends[row][k] != 0 && ends[row][k] != 1)
                {
                    throw new MissingArrays("task/common.npy or episode_end.npy: " + common[row][k] + " at trial " + k +
                        ", row " + row + " (expected: 0 or 1)");
                }
                if (!Double.isFinite(reward[row][k]))
                {
                    throw new MissingArrays("task/" + rewards + ".npy: " + reward[row][k] + " at trial " + k + ", row " + row +
                        " (expected: a finite reward)");
                }
                c[row][k] = (int)choice[row][k];
                t[row][k] = common[row][k] == 1;
                r[row][k] = reward[row][k] > 0;
                if (e != null)
                {
                    e[row][k] = ends[row][k] == 1;
                }
            }
        }
        final TwoStepAnalysis.Result result = TwoStepAnalysis.analyze(c, t, r, e);
        final java.util.Map<String, double[]> agents = TwoStepAnalysis.perAgent(c, t, r, e);
        final String name = phase == null ? "two-step" : "two-step-" + phase;
        final ObjectNode root = json(result, agents, rows);
        if (phase != null)
        {
            root.put("phase", phase);
        }
        final Path json = dir.resolve(name + ".json");
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        final Path png = dir.resolve(name + ".png");
        plot(result, png);
        return List.of(json, png);
    }

    /** Marks the last two-step trial before each run of left-out lockstep trials as ending its episode. */
    private static void cutGaps(final boolean[] keep, final int kept, final double[][] ends)
    {
        int count = 0;
        for (final boolean k : keep)
        {
            count += k ? 1 : 0;
        }
        final int n = kept / count;
        int at = 0;
        for (int e = 0; e < keep.length; e++)
        {
            if (!keep[e])
            {
                continue;
            }
            at++;
            if (e + 1 < keep.length && !keep[e + 1])
            {
                for (final double[] row : ends)
                {
                    row[at * n - 1] = 1;
                }
            }
        }
    }

    /**
     * @return per lockstep trial (the first axis of the task's arrays), whether it belongs to the phase: its index in
     *     {@code manifest.json}'s phases, matched against {@code task/phase.npy}.
     */
    static boolean[] phaseTrials(final Path dir, final String phase) throws IOException
    {
        final Path manifest = dir.resolve("manifest.json");
        final Path phases = dir.resolve("task/phase.npy");
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(phases))
        {
            throw new MissingArrays("--phase " + phase + " needs " + dir.relativize(manifest) + " and " +
                dir.relativize(phases) + " in " + dir + " (a brainsim run directory)");
        }
        final List<String> names = new ArrayList<>();
        int index = -1;
        for (final com.fasterxml.jackson.databind.JsonNode p : new ObjectMapper().readTree(manifest.toFile())
            .path("phases"))
        {
            names.add(p.path("name").asText());
            if (p.path("name").asText().equals(phase))
            {
                index = p.path("index").asInt(names.size() - 1);
            }
        }
        if (index < 0)
        {
            throw new MissingArrays("--phase " + phase + ": no such phase in " + dir.relativize(manifest) +
                " (allowed: " + String.join(", ", names) + ")");
        }
        final double[] of;
        try
        {
            of = NpyReader.read(phases).doubles();
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new MissingArrays(dir.relativize(phases) + ": " + ex.getMessage());
        }
        final boolean[] keep = new boolean[of.length];
        boolean any = false;
        for (int t = 0; t < of.length; t++)
        {
            keep[t] = of[t] == index;
            any |= keep[t];
        }
        if (!any)
        {
            throw new MissingArrays("--phase " + phase + ": no trial of that phase was recorded in " +
                dir.relativize(phases));
        }
        return keep;
    }

    /**
     * @param keep which entries of the first axis to keep (lockstep trials), or null: all.
     * @return the array as [row][trial] ([episode, row, trial] is read as one trial after another per row).
     */
    static double[][] read(final Path dir, final String name, final boolean[] keep) throws IOException
    {
        final Path file = dir.resolve("task").resolve(name + ".npy");
        if (!Files.isRegularFile(file))
        {
            throw new MissingArrays("no " + dir.relativize(file) + " in " + dir + " (the two-step analysis reads " +
                "task/choice.npy, task/common.npy and task/reward.npy (or rewarded.npy), one value per trial: [trial], " +
                "[trial, row] or [episode, row, trial])");
        }
        final NpyReader.Array array;
        try
        {
            array = NpyReader.read(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new MissingArrays(dir.relativize(file) + ": " + ex.getMessage());
        }
        final long[] shape = array.header().shape();
        if (array.header().fortranOrder())
        {
            throw new MissingArrays(dir.relativize(file) + ": Fortran order (expected: C order, as numpy.save writes " +
                "by default)");
        }
        final long perEpisode = shape.length == 3 ? shape[2] : 1;
        if (shape.length < 1 || shape.length > 3 || shape[0] * perEpisode < 2 || shape.length >= 2 && shape[1] < 1 ||
            perEpisode < 1)
        {
            throw new MissingArrays(dir.relativize(file) + ": shape " + java.util.Arrays.toString(shape) +
                " (expected: [trial], [trial, row] or [episode, row, trial], at least 2 trials)");
        }
        final double[] values;
        try
        {
            values = array.header().dtype() == org.brainsim.scenarios.record.NpyDType.UINT8 ? bytes(array) :
                array.doubles();
        }
        catch (final IllegalStateException ex)
        {
            throw new MissingArrays(dir.relativize(file) + ": " + ex.getMessage());
        }
        final int episodes = (int)shape[0];
        if (keep != null && keep.length != episodes)
        {
            throw new MissingArrays(dir.relativize(file) + ": " + episodes + " trials on its first axis, task/phase.npy " +
                keep.length + " (expected: the same)");
        }
        final int rows = shape.length >= 2 ? (int)shape[1] : 1;
        final int n = (int)perEpisode;
        int kept = 0;
        for (int e = 0; e < episodes; e++)
        {
            kept += keep == null || keep[e] ? 1 : 0;
        }
        if (kept * n < 2)
        {
            throw new MissingArrays(dir.relativize(file) + ": " + kept * n + " trial(s) kept (expected: at least 2)");
        }
        final double[][] out = new double[rows][kept * n];
        int at = 0;
        for (int e = 0; e < episodes; e++)
        {
            if (keep != null && !keep[e])
            {
                continue;
            }
            for (int row = 0; row < rows; row++)
            {
                for (int j = 0; j < n; j++)
                {
                    out[row][at * n + j] = values[(e * rows + row) * n + j];
                }
            }
            at++;
        }
        return out;
    }

    private static double[] bytes(final NpyReader.Array array)
    {
        final java.nio.ByteBuffer data = array.data().duplicate();
        final double[] out = new double[data.remaining()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = data.get() & 0xff;
        }
        return out;
    }

    private static ObjectNode json(
        final TwoStepAnalysis.Result result, final java.util.Map<String, double[]> perAgent, final int agents)
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        root.put("agents", agents);
        root.put("pairs", result.pairs());
        root.put("note", "the pooled regression treats every pair as independent (its standard errors are " +
            "optimistic when trials of one agent are correlated); per_agent fits each agent alone and gives the mean " +
            "and its standard error over agents");
        final ArrayNode stay = root.putArray("stay");
        for (final TwoStepAnalysis.Cell c : result.cells())
        {
            final ObjectNode cell = stay.addObject();
            cell.put("reward", c.rewarded() ? "rewarded" : "unrewarded");
            cell.put("transition", c.common() ? "common" : "rare");
            cell.put("pairs", c.n());
            cell.put("stays", c.stays());
            cell.put("p", c.p());
            cell.putArray("ci95_wilson").add(c.low()).add(c.high());
        }
        final ObjectNode regression = root.putObject("logistic_regression");
        regression.put("model", "stay ~ 1 + reward + transition + reward x transition (rewarded = +1, common = +1)");
        regression.put("converged", result.converged());
        final ArrayNode terms = regression.putArray("coefficients");
        for (final TwoStepAnalysis.Coefficient c : result.coefficients())
        {
            final ObjectNode term = terms.addObject();
            term.put("term", c.name());
            term.put("estimate", c.estimate());
            term.put("se", c.se());
            term.put("z", c.z());
        }
        final ObjectNode agentsNode = root.putObject("per_agent");
        perAgent.forEach((term, v) ->
        {
            final ObjectNode t = agentsNode.putObject(term);
            t.put("mean", v[0]);
            t.put("sem", v[1]);
            t.put("agents", (long)v[2]);
        });
        return root;
    }

    private static void plot(final TwoStepAnalysis.Result result, final Path png) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(600).height(450)
            .title("Two-step: stay probability (95 % normal intervals)").xAxisTitle("previous trial")
            .yAxisTitle("P(stay)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE); // inside, it hid a bar near 1
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        final List<String> groups = List.of("rewarded", "unrewarded");
        for (final boolean common : new boolean[] {true, false})
        {
            final List<Double> p = new ArrayList<>();
            final List<Double> error = new ArrayList<>();
            for (final boolean rewarded : new boolean[] {true, false})
            {
                final TwoStepAnalysis.Cell cell = result.cells().stream()
                    .filter(c -> c.rewarded() == rewarded && c.common() == common).findFirst().orElseThrow();
                final double value = cell.n() == 0 ? 0 : cell.p();
                p.add(value);
                error.add(cell.n() == 0 ? 0 : 1.959963984540054 * Math.sqrt(value * (1 - value) / cell.n()));
            }
            chart.addSeries(common ? "common" : "rare", groups, p, error);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
