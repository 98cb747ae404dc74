package org.brainsim.scenarios;

import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cooperation on the hidden Markov task: a sensory region without a target learns online from the errors an
 * association region (supervised by the hidden state) sends back over a delayed error link, in the task's trials
 * (it has no trial_steps of its own).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CooperationScenarioTest
{
    private static final String COOPERATION = String.join("\n",
        "seed = 3",
        "dt_ms = 1.0",
        "batch = 2",
        "task { name = hidden-markov, states = 3, symbols = 3, duration_ms = 40 }",
        "regions {",
        "  sensory { model = alif, size = 16, tau_ms = 20, rule = eprop, learning_rate = 0.02, error_delay_steps = 2 }",
        "  association { size = 8, tau_ms = 2, rule = bptt, outputs = 3, objective = supervised }",
        "}",
        "links {",
        "  observations { from = task, to = sensory, kind = observation, delay_steps = 1, weight_scale = 3 }",
        "  up { from = sensory, to = association, delay_steps = 1, weight_scale = 3 }",
        "  labels { from = task, to = association, kind = target, delay_steps = 2 }",
        "  back { from = association, to = sensory, kind = error, delay_steps = 1 }",
        "}",
        "phases = [ { name = train, trials = 6 } ]",
        "");

    /** Condition (a): association sends sensory the exact gradients of its loss over a gradient link. */
    private static final String EXACT = COOPERATION
        .replace("rule = eprop, learning_rate = 0.02, error_delay_steps = 2", "rule = bptt, learning_rate = 0.02")
        .replace("kind = error", "kind = gradient");

    @TempDir
    Path dir;

    private float[] association(final String text, final String name) throws Exception
    {
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, text), List.of());
        final Path out = dir.resolve(name);
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        assertEquals(6, NpyReader.read(out.resolve("loss/association.npy")).doubles().length);
        return NpyReader.read(out.resolve("activity/association.npy")).floats();
    }

    /**
     * @return association's activity with sensory learning, with sensory frozen, and with sensory learning again; the
     *         first and the last must be the same bytes.
     */
    private float[][] learningAndFrozen(final String text, final String name) throws Exception
    {
        final float[] learning = association(text, name);
        final float[] frozen = association(text.replace("trials = 6 }", "trials = 6, plasticity = { sensory = off } }"),
            name + "-frozen");
        assertTrue(Arrays.equals(learning, association(text, name + "-again")), "the same seed, the same bytes");
        return new float[][] {learning, frozen};
    }

    @Test
    void aSensoryRegionLearnsFromTheErrorsItsNeighbourSendsBackInTheTasksTrials() throws Exception
    {
        final float[][] runs = learningAndFrozen(COOPERATION, "learning");
        final float[] learning = runs[0];
        final float[] frozen = runs[1];

        assertFalse(Arrays.equals(learning, frozen), "sensory's learning from the error link changes what association sees");
        // the first trial is the same: sensory's first update comes at the end of it
        final int trialValues = 2 * 40 * 8;
        assertTrue(Arrays.equals(Arrays.copyOf(learning, trialValues), Arrays.copyOf(frozen, trialValues)));
    }

    @Test
    void aSensoryRegionLearnsFromTheExactGradientsItsNeighbourSendsBack() throws Exception
    {
        final float[][] runs = learningAndFrozen(EXACT, "exact");
        final float[] learning = runs[0];
        final float[] frozen = runs[1];
        assertFalse(Arrays.equals(learning, frozen), "sensory's exact updates change what association sees");
        // trial 0's gradients travel back during trial 1 and are applied at the start of trial 2
        final int trialValues = 2 * 40 * 8;
        assertTrue(Arrays.equals(Arrays.copyOf(learning, 2 * trialValues), Arrays.copyOf(frozen, 2 * trialValues)));
        assertFalse(Arrays.equals(Arrays.copyOf(learning, 3 * trialValues), Arrays.copyOf(frozen, 3 * trialValues)),
            "sensory's first update shows in association's third trial");
    }

    static Stream<Arguments> gradientMistakes()
    {
        return Stream.of(
            Arguments.of("into a region that learns online", EXACT.replace("rule = bptt, learning_rate = 0.02",
                "rule = eprop, learning_rate = 0.02"), "links.back.to", "'sensory' must learn by rule = bptt"),
            Arguments.of("into truncated BPTT", EXACT.replace("rule = bptt, learning_rate = 0.02",
                "rule = bptt, window_steps = 10, learning_rate = 0.02"), "links.back.to", "window_steps = 10"),
            Arguments.of("from a region that is not trained by BPTT", EXACT.replace("association { size = 8, tau_ms = 2, " +
                "rule = bptt", "association { size = 8, tau_ms = 2, rule = eprop"), "links.back.from",
                "'association' must learn by rule = bptt"),
            Arguments.of("without the activity link it is about", EXACT.replace("up { from = sensory, to = association, " +
                "delay_steps = 1", "up { from = task, to = association, kind = observation, delay_steps = 2"),
                "links.back", "exactly one activity link from 'sensory' to 'association'"),
            Arguments.of("from the task", EXACT.replace("back { from = association", "back { from = task"),
                "links.back.from", "a gradient link starts at the region"),
            Arguments.of("when the upstream region also reaches the downstream one through another",
                EXACT.replace("objective = supervised }", "objective = supervised }, relay { size = 4, tau_ms = 2 }")
                    .replace("up { from = sensory, to = association, delay_steps = 1, weight_scale = 3 }",
                        "up { from = sensory, to = association, delay_steps = 1, weight_scale = 3 }, " +
                            "via { from = sensory, to = relay, delay_steps = 1 }, " +
                            "on { from = relay, to = association, delay_steps = 1 }"),
                "links.back", "'sensory' also reaches 'association' through other regions"),
            Arguments.of("in a cycle", EXACT.replace("objective = supervised }", "objective = supervised }, " +
                "relay { size = 4, tau_ms = 2 }").replace("up { from = sensory, to = association, delay_steps = 1, " +
                "weight_scale = 3 }", "up { from = sensory, to = association, delay_steps = 1, weight_scale = 3 }, " +
                "via { from = association, to = relay, delay_steps = 1 }, on { from = relay, to = sensory, " +
                "delay_steps = 1 }"), "links.back", "'association' also feeds 'sensory'"));
    }

    @ParameterizedTest(name = "a gradient link {0}")
    @MethodSource("gradientMistakes")
    void aMisplacedGradientLinkIsReportedWithItsLine(final String name, final String text, final String key,
                                                    final String fragment)
    {
        final org.brainsim.scenarios.ScenarioProblem p = ScenarioProblems.only(dir, text, List.of());

        assertEquals(key, p.key(), p.toString());
        assertEquals(13, p.line(), p.toString());
        assertTrue(p.message().contains(fragment), "'" + fragment + "' in " + p);
    }
}
