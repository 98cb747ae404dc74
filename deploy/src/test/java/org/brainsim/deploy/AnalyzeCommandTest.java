package org.brainsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.deploy.testing.Cli;
import org.brainsim.scenarios.record.NpyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.brainsim.deploy.testing.Cli.brainsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code brainsim analyze two-step RUN_DIR} as a user types it: on a directory of trials ([trial, row] arrays, two
 * agents) it writes the stay table, the regression and the plot; a directory without the arrays, a choice that is
 * not 0 or 1 and an unknown analysis exit 2 with what was expected.
 */
class AnalyzeCommandTest
{
    @TempDir
    Path dir;

    /** Two agents that always repeat a rewarded choice and switch after no reward, over trials of known outcomes. */
    private Path trials(final boolean corrupt) throws Exception
    {
        final int trials = 40;
        final int rows = 2;
        final double[] choice = new double[trials * rows];
        final double[] common = new double[trials * rows];
        final double[] reward = new double[trials * rows];
        for (int row = 0; row < rows; row++)
        {
            int c = row;
            for (int t = 0; t < trials; t++)
            {
                final int i = t * rows + row;
                choice[i] = c;
                common[i] = (t * 7 + row) % 10 < 7 ? 1 : 0;
                reward[i] = (t * 3 + row) % 4 < 2 ? 1 : 0;
                c = reward[i] > 0 ? c : 1 - c; // win-stay, lose-switch
            }
        }
        if (corrupt)
        {
            choice[5] = 2; // not a first-stage choice
        }
        final Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("task"));
        NpyFiles.writeDoubles(run.resolve("task/choice.npy"), choice, trials, rows);
        NpyFiles.writeDoubles(run.resolve("task/common.npy"), common, trials, rows);
        NpyFiles.writeDoubles(run.resolve("task/reward.npy"), reward, trials, rows);
        return run;
    }

    @Test
    void fitsTheHybridModelWhenAsked() throws Exception
    {
        final Path run = trials(false);
        final Cli.Result missing = brainsim("analyze", "two-step", run.toString(), "--fit", "hybrid");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("task/second.npy"), missing.err());
        final double[] second = new double[40 * 2];
        for (int i = 0; i < second.length; i++)
        {
            second[i] = i % 3 == 0 ? 1 : 0;
        }
        NpyFiles.writeDoubles(run.resolve("task/second.npy"), second, 40, 2);
        final Cli.Result unknown = brainsim("analyze", "two-step", run.toString(), "--fit", "hybird");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("allowed: hybrid"), unknown.err());
        final Cli.Result result = brainsim("analyze", "two-step", run.toString(), "--fit", "hybrid");
        assertEquals(0, result.exitCode(), result.err());
        final JsonNode fit = new ObjectMapper().readTree(run.resolve("two-step-fit.json").toFile());
        assertEquals(0.7, fit.get("common").asDouble());
        assertEquals(80, fit.get("pooled").get("trials").asInt());
        for (final String name : List.of("alpha1", "alpha2", "lambda", "beta1", "beta2", "p", "w"))
        {
            final double w = fit.get("pooled").get("parameters").get(name).get("estimate").asDouble();
            assertTrue(Double.isFinite(w), name);
            assertTrue(fit.get("agent_mean").has(name), name);
        }
        assertEquals(2, fit.get("agents").size());
        // win-stay, lose-switch on the first stage follows the rewards closely: a first-stage choice that is far from
        // random (β1 well above 0)
        assertTrue(fit.get("pooled").get("parameters").get("beta1").get("estimate").asDouble() > 1, fit.toString());
    }

    @Test
    void writesTheStayTableTheRegressionAndThePlot() throws Exception
    {
        final Path run = trials(false);
        final Cli.Result result = brainsim("analyze", "two-step", run.toString());

        assertEquals(0, result.exitCode(), result.err());
        final JsonNode json = new ObjectMapper().readTree(run.resolve("two-step.json").toFile());
        assertEquals(2, json.get("agents").asInt());
        assertEquals(2 * 39, json.get("pairs").asLong(), "pairs within each agent's row, never across rows");
        assertTrue(json.get("note").asText().contains("optimistic"), "the pooled fit says what it assumes");
        long stays = 0;
        for (final JsonNode cell : json.get("stay"))
        {
            final double p = cell.get("p").asDouble();
            assertEquals(cell.get("reward").asText().equals("rewarded") ? 1.0 : 0.0, p, 0.0, cell.toString());
            stays += cell.get("stays").asLong();
        }
        assertTrue(stays > 0);
        // win-stay lose-switch puts every pair in a pure cell: the log-odds are infinite, the fit says so
        assertEquals(false, json.get("logistic_regression").get("converged").asBoolean());
        assertNotNull(ImageIO.read(run.resolve("two-step.png").toFile()), "the plot decodes");

        final double[] ends = new double[80];
        ends[2 * 20] = 1;     // agent 0's trial 20 ends an episode
        ends[2 * 20 + 1] = 1; // and agent 1's
        NpyFiles.writeDoubles(run.resolve("task/episode_end.npy"), ends, 40, 2);
        assertEquals(0, brainsim("analyze", "two-step", run.toString()).exitCode());
        assertEquals(2 * 38, new ObjectMapper().readTree(run.resolve("two-step.json").toFile()).get("pairs").asLong(),
            "no pair across an episode's end");
    }

    @Test
    void analysesOnePhaseWithoutPairsAcrossTheTrialsLeftOut() throws Exception
    {
        final Path run = trials(false);
        Files.writeString(run.resolve("manifest.json"), "{\"phases\": [{\"index\": 0, \"name\": \"train\"}, " +
            "{\"index\": 1, \"name\": \"test\"}]}");
        final double[] phase = new double[40];
        for (int t = 0; t < 40; t++)
        {
            phase[t] = t < 10 ? 1 : t < 20 ? 0 : 1; // test, train, test: two runs of the phase with a gap
        }
        NpyFiles.writeDoubles(run.resolve("task/phase.npy"), phase, 40);

        final Cli.Result test = brainsim("analyze", "two-step", run.toString(), "--phase", "test");
        assertEquals(0, test.exitCode(), test.err());
        final JsonNode json = new ObjectMapper().readTree(run.resolve("two-step-test.json").toFile());
        assertEquals("test", json.get("phase").asText());
        assertEquals(2 * (9 + 19), json.get("pairs").asLong(), "pairs inside each run of the phase, none across the gap");
        assertTrue(Files.isRegularFile(run.resolve("two-step-test.png")));
        assertEquals(0, brainsim("analyze", "two-step", run.toString(), "--phase", "train").exitCode());
        assertEquals(2 * 9, new ObjectMapper().readTree(run.resolve("two-step-train.json").toFile()).get("pairs")
            .asLong());

        // as brainsim's two-step task records them: [episode, row, trial], 4 episodes of 5 trials, 2 agents
        final Path episodes = dir.resolve("episodes");
        Files.createDirectories(episodes.resolve("task"));
        final double[] choice = new double[4 * 2 * 5];
        final double[] common = new double[choice.length];
        final double[] rewarded = new double[choice.length];
        for (int i = 0; i < choice.length; i++)
        {
            choice[i] = i % 3 == 0 ? 1 : 0;
            common[i] = i % 4 == 0 ? 0 : 1;
            rewarded[i] = i % 2;
        }
        NpyFiles.writeDoubles(episodes.resolve("task/choice.npy"), choice, 4, 2, 5);
        NpyFiles.writeDoubles(episodes.resolve("task/common.npy"), common, 4, 2, 5);
        NpyFiles.writeDoubles(episodes.resolve("task/rewarded.npy"), rewarded, 4, 2, 5);
        NpyFiles.writeDoubles(episodes.resolve("task/phase.npy"), new double[] {1, 0, 1, 1}, 4);
        Files.copy(run.resolve("manifest.json"), episodes.resolve("manifest.json"));
        assertEquals(0, brainsim("analyze", "two-step", episodes.toString(), "--phase", "test").exitCode());
        assertEquals(2 * (15 - 2), new ObjectMapper().readTree(episodes.resolve("two-step-test.json").toFile())
            .get("pairs").asLong(), "episodes 0, 2, 3: one cut after episode 0, none between 2 and 3");
        NpyFiles.writeDoubles(episodes.resolve("task/episode_end.npy"), new double[4 * 2], 4, 2);
        final Cli.Result mismatched = brainsim("analyze", "two-step", episodes.toString(), "--phase", "test");
        assertEquals(2, mismatched.exitCode(), mismatched.err());
        assertTrue(mismatched.err().contains("different shapes"), mismatched.err());

        final Cli.Result unknown = brainsim("analyze", "two-step", run.toString(), "--phase", "devalue");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("allowed: train, test"), unknown.err());
    }

    /** A run of the devaluation task, one agent: 4 forced training trials, then a test with o1 devalued. */
    private Path devaluationRun(final String name, final int intactPresses, final int devaluedPresses) throws Exception
    {
        final int test = intactPresses + devaluedPresses;
        final int n = 4 + test;
        final double[] press = new double[n];
        final double[] kind = new double[n];
        final double[] mask = new double[n];
        final double[] phase = new double[n];
        for (int t = 0; t < n; t++)
        {
            final boolean testing = t >= 4;
            press[t] = testing ? t - 4 < intactPresses ? 1 : 0 : t % 2;
            kind[t] = testing ? 2 : 3;
            mask[t] = testing ? 1 : 0;
            phase[t] = testing ? 1 : 0;
        }
        final Path run = dir.resolve(name);
        Files.createDirectories(run.resolve("task"));
        NpyFiles.writeDoubles(run.resolve("task/press.npy"), press, n, 1, 1);
        NpyFiles.writeDoubles(run.resolve("task/kind.npy"), kind, n, 1, 1);
        NpyFiles.writeDoubles(run.resolve("task/devalued.npy"), mask, n, 1, 1);
        NpyFiles.writeDoubles(run.resolve("task/phase.npy"), phase, n);
        NpyFiles.writeDoubles(run.resolve("task/outcome_values.npy"), new double[] {1, 1}, 1, 2);
        Files.writeString(run.resolve("manifest.json"), "{\"phases\": [{\"index\": 0, \"name\": \"train\"}, " +
            "{\"index\": 1, \"name\": \"test\"}]}");
        return run;
    }

    @Test
    void writesTheDevaluationIndexPerPhaseAndPerGroupOfRuns() throws Exception
    {
        final Path a = devaluationRun("a", 9, 1);
        final Path b = devaluationRun("b", 7, 3);
        final Path c = devaluationRun("c", 5, 5);
        final Path d = devaluationRun("d", 4, 6);
        final Cli.Result one = brainsim("analyze", "devaluation", a.toString());
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(one.out().contains("test") && one.out().contains("+0.800"), one.out());
        final JsonNode run = new ObjectMapper().readTree(a.resolve("devaluation.json").toFile());
        assertEquals(0.8, run.get("phases").get(1).get("index").asDouble(), 1e-12);
        assertTrue(Double.isNaN(run.get("phases").get(0).get("index").asDouble()), "nothing devalued in training");

        final Path out = dir.resolve("summary");
        final Cli.Result groups = brainsim("analyze", "devaluation", "--group", "moderate=" + a + "," + b,
            "--group", "extensive=" + c + "," + d, "--phase", "test", "--out", out.toString());
        assertEquals(0, groups.exitCode(), groups.err());
        final JsonNode summary = new ObjectMapper().readTree(out.resolve("devaluation.json").toFile());
        assertEquals(0.6, summary.get("groups").get("moderate").get("mean").asDouble(), 1e-12); // (0.8 + 0.4) / 2
        assertEquals(-0.1, summary.get("groups").get("extensive").get("mean").asDouble(), 1e-12); // (0 - 0.2) / 2
        assertNotNull(ImageIO.read(out.resolve("devaluation.png").toFile()));

        final Cli.Result noPhase = brainsim("analyze", "devaluation", "--group", "moderate=" + a, "--out",
            out.toString());
        assertEquals(2, noPhase.exitCode());
        assertTrue(noPhase.err().contains("--phase"), noPhase.err());
        final Cli.Result missing = brainsim("analyze", "devaluation", dir.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("manifest.json") || missing.err().contains("task/press.npy"), missing.err());
        final Cli.Result badGroup = brainsim("analyze", "devaluation", "--group", "moderate", "--phase", "test",
            "--out", out.toString());
        assertEquals(2, badGroup.exitCode());
        assertTrue(badGroup.err().contains("LABEL=RUN_DIR"), badGroup.err());
    }

    /** A run whose region b repeats region a one step later ({@code coupled}), or does its own thing. */
    private Path arrangementRun(final String name, final boolean coupled, final long seed) throws Exception
    {
        final int trials = 60;
        final int steps = 5;
        final int units = 4;
        final java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        final float[] a = new float[trials * steps * units];
        final float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++)
        {
            a[i] = (float)r.nextGaussian();
            b[i] = (float)r.nextGaussian();
        }
        if (coupled)
        {
            for (int t = 0; t < trials; t++)
            {
                for (int k = 1; k < steps; k++)
                {
                    for (int u = 0; u < units; u++)
                    {
                        b[(t * steps + k) * units + u] = a[(t * steps + k - 1) * units + u];
                    }
                }
            }
        }
        final Path run = dir.resolve(name);
        Files.createDirectories(run.resolve("activity"));
        NpyFiles.writeFloats(run.resolve("activity/a.npy"), a, trials, 1, steps, units);
        NpyFiles.writeFloats(run.resolve("activity/b.npy"), b, trials, 1, steps, units);
        return run;
    }

    @Test
    void tellsTwoArrangementsApartFromActivityOnHeldOutRuns() throws Exception
    {
        final StringBuilder coupled = new StringBuilder("coupled=");
        final StringBuilder apart = new StringBuilder("apart=");
        for (int s = 1; s <= 3; s++)
        {
            coupled.append(s > 1 ? "," : "").append(arrangementRun("c" + s, true, s));
            apart.append(s > 1 ? "," : "").append(arrangementRun("i" + s, false, 10 + s));
        }
        final Path out = dir.resolve("arrangement");
        final Cli.Result r = brainsim("analyze", "arrangement", "--group", coupled.toString(), "--group",
            apart.toString(), "--regions", "a,b", "--trials", "50", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        // with 4 training runs the eleven features, ten of them noise here, blur the full model; the lag alone does not
        assertTrue(r.out().contains("held-out accuracy") && r.out().contains("features of between    alone: 1.000"),
            r.out());
        final JsonNode json = new ObjectMapper().readTree(out.resolve("arrangement.json").toFile());
        assertEquals(6, json.get("held_out_predictions").asInt());
        final double p = json.get("permutation_p").asDouble();
        assertTrue(p > 0 && p <= 1, "a permutation p: " + p);
        assertNotNull(ImageIO.read(out.resolve("arrangement.png").toFile()));
        assertEquals(1.0, json.get("accuracy_of_each_feature_alone").get("lead.a.b").asDouble(), 1e-12,
            "the lag tells them apart");

        final Cli.Result one = brainsim("analyze", "arrangement", "--group", coupled.toString(), "--regions", "a,b",
            "--out", out.toString());
        assertEquals(2, one.exitCode());
        assertTrue(one.err().contains("two --group"), one.err());
        final Cli.Result twice = brainsim("analyze", "arrangement", "--group", coupled.toString(), "--group",
            apart.toString(), "--regions", "a,a", "--out", out.toString());
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("twice"), twice.err());
        final Cli.Result missing = brainsim("analyze", "arrangement", "--group", coupled.toString(), "--group",
            apart.toString(), "--regions", "a,c", "--out", out.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("activity/c.npy"), missing.err());
    }

    @Test
    void badInputExitsTwoAndSaysWhatWasExpected() throws Exception
    {
        final Cli.Result missing = brainsim("analyze", "two-step", dir.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("task/choice.npy"), missing.err());

        final Cli.Result badChoice = brainsim("analyze", "two-step", trials(true).toString());
        assertEquals(2, badChoice.exitCode());
        assertTrue(badChoice.err().contains("expected: first-stage choices 0 or 1"), badChoice.err());

        final Path run = trials(false);
        final double[] common = new double[80];
        common[3] = 2; // a 1/2 coding: not a transition flag
        NpyFiles.writeDoubles(run.resolve("task/common.npy"), common, 40, 2);
        final Cli.Result badCommon = brainsim("analyze", "two-step", run.toString());
        assertEquals(2, badCommon.exitCode());
        assertTrue(badCommon.err().contains("(expected: 0 or 1)"), badCommon.err());

        final Cli.Result unknown = brainsim("analyze", "three-step", dir.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("allowed: arrangement, devaluation, two-step"), unknown.err());
    }
}
