package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Predictive regions in a scenario: {@code objective = predictive, predict = {link, horizon}} learns to predict an
 * inbound link, its prediction error leaves on an error link to a region that learns online from it, a supervised
 * and a predictive term share one readout in blocks and are recorded term by term, and every mistake in what a
 * region predicts is reported once with file, line and key.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PredictiveScenarioTest
{
    private static final String BASE = String.join("\n",
        "seed = 5",                                                                                     // 1
        "dt_ms = 1.0",                                                                                  // 2
        "steps = 2000",                                                                                 // 3
        "batch = 2",                                                                                    // 4
        "inputs {",                                                                                     // 5
        "  wave { kind = noisy-sine, size = 3, frequency_hz = 10, noise_std = 0.02 }",                  // 6
        "  spk { kind = poisson, size = 4, rate_hz = 50 }",                                             // 7
        "}",                                                                                            // 8
        "regions {",                                                                                    // 9
        "  low { size = 32, tau_ms = 5, rule = bptt, trial_steps = 100, learning_rate = 0.01, objective = predictive, predict = { link = wave_low, horizon = 2 } }", // 10
        "  high { model = alif, size = 20, tau_ms = 20, rule = eprop, trial_steps = 100, error_delay_steps = 3 }", // 11
        "}",                                                                                            // 12
        "links {",                                                                                      // 13
        "  wave_low { from = wave, to = low, delay_steps = 1 }",                                        // 14
        "  spk_high { from = spk, to = high, delay_steps = 1 }",                                        // 15
        "  low_high { from = low, to = high, delay_steps = 1, kind = error }",                          // 16
        "}",                                                                                            // 17
        "");

    /** Three regions on the hidden Markov task: errors up, predictions down, one phase cuts the top-down links. */
    private static final String HIERARCHY = String.join("\n",
        "seed = 2",                                                                                      // 1
        "dt_ms = 1.0",                                                                                   // 2
        "batch = 4",                                                                                     // 3
        "task { name = hidden-markov, states = 3, symbols = 3, duration_ms = 50 }",                      // 4
        "regions {",                                                                                     // 5
        "  s { size = 16, tau_ms = 1, rule = bptt, objective = predictive, predict = { link = obs, horizon = 1 } }", // 6
        "  a { size = 12, tau_ms = 10, rule = bptt, objective = predictive, predict = { link = s_up, horizon = 1 } }", // 7
        "  h { size = 8, tau_ms = 20, rule = bptt, objective = predictive, predict = { link = a_up, horizon = 2 } }",  // 8
        "}",                                                                                             // 9
        "links {",                                                                                       // 10
        "  obs { from = task, to = s, kind = observation, delay_steps = 1 }",                            // 11
        "  s_up { from = s, to = a, signal = error, delay_steps = 1 }",                                  // 12
        "  a_up { from = a, to = h, signal = error, delay_steps = 2 }",                                  // 13
        "  a_down { from = a, to = s, signal = prediction, delay_steps = 1 }",                           // 14
        "  h_down { from = h, to = a, signal = prediction, delay_steps = 1 }",                           // 15
        "}",                                                                                             // 16
        "phases = [ { name = train, trials = 6 }, { name = cut, trials = 2, cut = [a_down, h_down] } ]", // 17
        "");

    @TempDir
    Path dir;

    record Case(String name, String text, List<String> overrides, String key, int line, List<String> message)
    {
        static Case of(final String name, final String text, final String key, final int line, final String... message)
        {
            return new Case(name, text, List.of(), key, line, List.of(message));
        }

        Case set(final String... more)
        {
            return new Case(name, text, List.of(more), key, line, message);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    private static String objectives(final String list)
    {
        return BASE.replace("objective = predictive, predict = { link = wave_low, horizon = 2 }", "objectives = " + list);
    }

    static Stream<Case> problems()
    {
        return Stream.of(
            Case.of("a predicted link that does not exist", BASE.replace("link = wave_low", "link = nowhere"),
                "regions.low.predict.link", 10, "'nowhere' is not a link", "allowed: self, wave_low"),
            Case.of("a predicted link that does not end at the region", BASE.replace("link = wave_low", "link = spk_high"),
                "regions.low.predict.link", 10, "not an activity or observation link into region 'low'", "self, wave_low"),
            Case.of("a predicted link in an objectives list", objectives("[{kind = predictive, predict = {link = " +
                "low_high}}]"), "regions.low.objectives[0].predict.link", 10, "'low_high'", "self, wave_low"),
            Case.of("a horizon below one", BASE.replace("horizon = 2", "horizon = 0"), "regions.low.predict.horizon", 10,
                "got 0"),
            Case.of("a horizon as long as the trial", BASE.replace("horizon = 2", "horizon = 100"),
                "regions.low.predict.horizon", 10, "leaves no step to judge", "allowed: 1 … 99"),
            Case.of("a predictive objective without predict", BASE.replace(", predict = { link = wave_low, horizon = 2 }",
                ""), "regions.low.predict", 10, "missing", "link = <an activity or observation link"),
            Case.of("predict on an objective that predicts nothing", BASE.replace("objective = predictive",
                "objective = readout-l2"), "regions.low.predict", 10, "only a predictive objective takes predict"),
            Case.of("an unknown key in predict", BASE.replace("horizon = 2", "horizn = 2"), "regions.low.predict.horizn",
                10, "unknown key", "horizon, link"),
            Case.of("a negative objective weight", objectives("[{kind = predictive, weight = -1, predict = {link = " +
                "wave_low}}]"), "regions.low.objectives[0].weight", 10, "got -1"),
            Case.of("objective weights that are all zero", objectives("[{kind = predictive, weight = 0, predict = " +
                "{link = wave_low}}, {kind = readout-l2, weight = 0}]"), "regions.low.objectives", 10,
                "every weight is 0"),
            Case.of("an error delay the trace ring cannot hold", BASE, "regions.high.error_delay_steps", -1,
                "at most trial_steps - 1 = 99").set("regions.high.error_delay_steps=100"),
            Case.of("a signal on an observation link", HIERARCHY.replace("  obs { from = task, to = s, kind = " +
                "observation, delay_steps = 1 }", "  obs { from = task, to = s, kind = observation, delay_steps = 1 }, " +
                "obs2 { from = task, to = a, kind = observation, signal = error, delay_steps = 1 }"), "links.obs2.signal",
                11, "only activity links carry a signal"),
            Case.of("an error signal from an input", BASE.replace("spk_high { from = spk, to = high,",
                "spk_high { from = spk, to = high, signal = error,"), "links.spk_high.signal", 15,
                "comes from a learning region, not from 'spk'"),
            Case.of("predictions from a region that predicts nothing", HIERARCHY.replace("objective = predictive, " +
                "predict = { link = a_up, horizon = 2 }", "objective = readout-l2"), "links.h_down.signal", 15,
                "region 'h' emits no prediction"),
            Case.of("a cut that names no link into a region", HIERARCHY.replace("cut = [a_down, h_down]",
                "cut = [a_down, nowhere]"), "phases[1].cut", 17, "'nowhere' is not a link that feeds a region's units",
                "a_down, a_up"),
            Case.of("an error delay shorter than the error link's", BASE.replace("delay_steps = 1, kind = error",
                "delay_steps = 4, kind = error"), "regions.high.error_delay_steps", 11,
                "shorter than the error link's delay_steps = 4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void everyMistakeInWhatARegionPredictsIsReportedOnce(final Case c)
    {
        final org.brainsim.scenarios.ScenarioProblem p = ScenarioProblems.only(dir, c.text(), c.overrides());

        assertEquals(c.key(), p.key(), p.toString());
        if (c.line() > 0)
        {
            assertEquals(c.line(), p.line(), p.toString());
        }
        for (final String fragment : c.message())
        {
            assertTrue(p.message().contains(fragment), "'" + fragment + "' in " + p);
        }
    }

    @Test
    void aRegionLearnsToPredictItsInputAndItsNeighbourLearnsFromItsErrors() throws Exception
    {
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, BASE), List.of());
        assertEquals(0, s.region("low").outputs(), "a region that only predicts has no target or action units");
        assertEquals(3, s.region("low").readoutWidth(), "its readout predicts the 3 units of wave");
        final Path out = dir.resolve("run");

        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] loss = NpyReader.read(out.resolve("loss/low.npy")).doubles();
        assertEquals(20, loss.length);
        assertTrue(loss[loss.length - 1] < 0.2 * loss[0], "prediction loss " + loss[0] + " -> " + loss[loss.length - 1]);
        assertArrayEquals(new long[] {2, 2000, 3}, NpyReader.read(out.resolve("readout/low.npy")).header().shape());
        final JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        final JsonNode predict = manifest.at("/scenario/resolved/regions/low/objectives/0/predict");
        assertEquals("wave_low", predict.get("link").asText(), manifest.at("/scenario/resolved/regions/low").toString());
        assertEquals(2, predict.get("horizon").asInt());
    }

    @Test
    void errorsGoUpAndPredictionsComeDownAsInputsAndACutPhaseRuns() throws Exception
    {
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, HIERARCHY), List.of());
        assertEquals(3, s.region("s").readoutWidth(), "s predicts the 3 symbols");
        assertEquals(3, s.region("a").readoutWidth(), "a predicts s's error, 3 wide");
        assertEquals(3, s.region("h").readoutWidth(), "h predicts a's error, 3 wide");
        final Path out = dir.resolve("run");

        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        for (final String region : List.of("s", "a", "h"))
        {
            assertEquals(8, NpyReader.read(out.resolve("loss/" + region + ".npy")).doubles().length, region +
                " follows the task's trials");
        }
        assertArrayEquals(new long[] {8, 4, 50}, NpyReader.read(out.resolve("task/hidden_state.npy")).header().shape());
        assertArrayEquals(new long[] {3, 3}, NpyReader.read(out.resolve("task/transition.npy")).header().shape());
        final JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        boolean listed = false;
        for (final JsonNode a : manifest.get("arrays"))
        {
            if (a.get("file").asText().equals("task/hidden_state.npy"))
            {
                listed = true;
                assertEquals("[\"trial\",\"row\",\"time\"]", a.get("axes").toString());
            }
        }
        assertTrue(listed, "the manifest lists the hidden states");

        org.brainsim.scenarios.report.RunReport.write(out);
        final JsonNode summary = new ObjectMapper().readTree(out.resolve("sequence.json").toFile());
        final JsonNode prediction = summary.path("prediction").path(0);
        assertEquals("s", prediction.path("region").asText(), "only s predicts the task's observations");
        final JsonNode train = prediction.path("phases").path(0);
        // the optimum of the train phase's last trials, from the recorded sequences and matrices
        final long[] shape = NpyReader.read(out.resolve("task/symbol.npy")).header().shape();
        final long[] symbols = NpyReader.read(out.resolve("task/symbol.npy")).longs();
        final double[] a = NpyReader.read(out.resolve("task/transition.npy")).doubles();
        final double[] e = NpyReader.read(out.resolve("task/emission.npy")).doubles();
        final org.brainsim.scenarios.tasks.HiddenMarkov hmm = new org.brainsim.scenarios.tasks.HiddenMarkov(
            new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, new double[][] {java.util.Arrays.copyOfRange(a, 0, 3),
            java.util.Arrays.copyOfRange(a, 3, 6), java.util.Arrays.copyOfRange(a, 6, 9)}, new double[][] {
            java.util.Arrays.copyOfRange(e, 0, 3), java.util.Arrays.copyOfRange(e, 3, 6),
            java.util.Arrays.copyOfRange(e, 6, 9)});
        double optimum = 0;
        for (int k = train.path("first_trial").asInt(); k < 6; k++)
        {
            for (int b = 0; b < shape[1]; b++)
            {
                final int[] row = new int[(int)shape[2]];
                for (int t = 0; t < row.length; t++)
                {
                    row[t] = (int)symbols[(int)((k * shape[1] + b) * shape[2] + t)];
                }
                optimum += hmm.optimalBernoulliLoss(row, 1);
            }
        }
        assertEquals(optimum / (6 - train.path("first_trial").asInt()), train.path("optimum").asDouble(), 1e-9);
        final double[] loss = NpyReader.read(out.resolve("loss/s.npy")).doubles();
        assertTrue(loss[0] > train.path("optimum").asDouble(), "no predictor beats the optimum");
        final JsonNode accuracy = summary.path("decoding").path("accuracy");
        for (final String source : List.of("optimal filter", "observations", "s", "a", "h"))
        {
            assertTrue(accuracy.path(source).asDouble() > 0, source + " decoded: " + accuracy);
        }
    }

    @Test
    void supervisedAndPredictiveTermsShareTheReadoutAndAreRecordedEach() throws Exception
    {
        final String text = BASE
            .replace("learning_rate = 0.01", "learning_rate = 0.03")
            .replace("objective = predictive, predict = { link = wave_low, horizon = 2 }",
                "outputs = 1, objectives = [{kind = supervised}, {kind = predictive, weight = 0.5, predict = {link = " +
                    "wave_low, horizon = 2}}, {kind = predictive, weight = 0.5, predict = {link = self}}]")
            .replace("  spk { kind", "  goal { kind = noisy-sine, size = 1, frequency_hz = 10, noise_std = 0, phase = zero }\n  spk { kind")
            .replace("  spk_high {", "  goal_low { from = goal, to = low, delay_steps = 1, kind = target }\n  spk_high {");
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, text), List.of());
        assertEquals(1 + 3 + 32, s.region("low").readoutWidth(), "outputs, then wave, then its own units");
        assertEquals(1 + 3 + 32, s.region("low").errorWidth(), "every error, side by side");
        final Path out = dir.resolve("run");

        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] total = NpyReader.read(out.resolve("loss/low.npy")).doubles();
        final double[] supervised = NpyReader.read(out.resolve("loss/low.supervised.npy")).doubles();
        final double[] wave = NpyReader.read(out.resolve("loss/low.predictive.wave_low.npy")).doubles();
        final double[] self = NpyReader.read(out.resolve("loss/low.predictive.self.npy")).doubles();
        for (int k = 0; k < total.length; k++)
        {
            assertEquals(total[k], supervised[k] + wave[k] + self[k], 1e-9 * Math.abs(total[k]), "trial " + k);
        }
        assertTrue(wave[wave.length - 1] < 0.5 * wave[0], "wave prediction " + wave[0] + " -> " + wave[wave.length - 1]);
        assertTrue(supervised[supervised.length - 1] < 0.5 * supervised[0], "supervised " + supervised[0] + " -> " +
            supervised[supervised.length - 1]);
    }
}
