package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.rl.HybridFitReport;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arbitration in the lockstep ({@code scenarios/two-step-hybrid.conf}, issue 14): a habit and a goal-directed region
 * offer their action values over values links to an arbiter, which chooses the task's action; both learn from the
 * action the task says it took. With w = 0.5 the hybrid fit reads an intermediate weight back; the same seed gives the
 * same bytes whatever the threads; and arbitration mistakes are reported with file and line.
 */
class ArbitrationScenarioTest
{
    private static final Path HYBRID = Path.of("two-step-hybrid.conf");

    @TempDir
    Path dir;

    private Path run(final String name, final List<String> overrides) throws Exception
    {
        final Scenario s = ScenarioLoader.load(HYBRID, overrides);
        final Path out = dir.resolve(name);
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        return out;
    }

    @Test
    void anArbiterMixesTheControllersAndTheFitReadsTheWeightBack() throws Exception
    {
        final Path out = run("hybrid", List.of("phases.train.trials=1000"));
        final double w = new ObjectMapper().readTree(HybridFitReport.write(out, null).toFile()).get("pooled")
            .get("parameters").get("w").get("estimate").asDouble();
        assertTrue(w > 0.2 && w < 0.8, "fitted w with the arbiter's w = 0.5: " + w);
        // both controllers learned from the actions the arbiter chose: their losses are not 0
        for (final String region : List.of("habit", "goal"))
        {
            final double[] loss = org.brainsim.scenarios.record.NpyReader.read(out.resolve("loss/" + region + ".npy"))
                .doubles();
            assertTrue(java.util.Arrays.stream(loss).anyMatch(l -> l > 0), region + " learns");
        }
        final Path single = run("single", List.of("phases.train.trials=1000", "threads=single"));
        for (final String array : List.of("task/choice.npy", "task/second.npy", "loss/habit.npy", "loss/goal.npy",
            "readout/goal.npy", "arbitration/arbiter/goal.npy", "arbitration/arbiter/habit.npy",
            "arbitration/arbiter/choice.npy"))
        {
            assertArrayEquals(Files.readAllBytes(out.resolve(array)), Files.readAllBytes(single.resolve(array)), array);
        }
    }

    @Test
    void reliabilityBasedArbitrationRecordsItsWeightEveryTrial() throws Exception
    {
        final int trials = 60;
        final Path out = run("reliability", List.of("phases.train.trials=" + trials,
            "regions.arbiter.arbitration=reliability"));
        final org.brainsim.scenarios.record.NpyReader.Array weight =
            org.brainsim.scenarios.record.NpyReader.read(out.resolve("arbitration/arbiter/weight.npy"));
        assertArrayEquals(new long[] {trials, 1, 7}, weight.header().shape());
        final float[] w = weight.floats();
        // P starts at w = 0.5, stays in [0, 1] and moves with the controllers' reliabilities
        assertTrue(w[1] == 0.5f, "the first choice's weight: " + w[1]);
        boolean moved = false;
        for (int t = 0; t < trials; t++)
        {
            final float p = w[t * 7 + 3];
            assertTrue(p >= 0 && p <= 1, "P in trial " + t + ": " + p);
            moved |= p != 0.5f;
        }
        assertTrue(moved, "P follows the reliabilities");
        final String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("arbitration/arbiter/controller.npy"), "the manifest lists the arrays");
    }

    @Test
    void silencingARegionCutsEveryLinkItSendsOn() throws Exception
    {
        final String text = Files.readString(HYBRID).replace("{ name = train, trials = 2000 }",
            "{ name = train, trials = 2000 }\n  { name = no-plan, trials = 10, silence = [goal] }");
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, text), List.of());
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), s.phases().get(0).cuts());
        org.junit.jupiter.api.Assertions.assertEquals(List.of("goal-values"), s.phases().get(1).cuts());
    }

    static Stream<Arguments> mistakes() throws Exception
    {
        final String text = Files.readString(HYBRID);
        return Stream.of(
            Arguments.of("value streams of different action counts", text.replace(
                "    outputs = 2\n    objective = model-free", "    outputs = 3\n    objective = model-free"),
                "regions.habit.outputs", "outputs = 3", "different action counts"),
            Arguments.of("a weight outside [0, 1]", text.replace("w = 0.5,", "w = 1.5,"), "regions.arbiter.w",
                "objective = arbiter", "1.5"),
            Arguments.of("an arbiter with one controller", text.replace(
                "  goal-values { from = goal, to = arbiter, kind = values, delay_steps = 1 }\n", ""),
                "regions.arbiter.objective", "objective = arbiter", "two values links"),
            Arguments.of("values from a region that offers none", text.replace(
                "  habit-values { from = habit, to = arbiter,", "  habit-values { from = arbiter, to = habit,"),
                "links.habit-values.from", "habit-values {", "offers no action values"),
            Arguments.of("silencing a region that does not exist", text.replace("{ name = train, trials = 2000 }",
                "{ name = train, trials = 2000, silence = [planner] }"), "phases[0].silence", "silence = [planner]",
                "allowed: goal, habit"),
            Arguments.of("controllers whose values arrive at different steps", text.replace(
                "goal-values { from = goal, to = arbiter, kind = values, delay_steps = 1 }",
                "goal-values { from = goal, to = arbiter, kind = values, delay_steps = 2 }"),
                "links.goal-values.delay_steps", "goal-values {", "the same number of steps"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void anArbitrationMistakeIsReportedWithItsLine(final String name, final String text, final String key,
                                                   final String marker, final String fragment) throws Exception
    {
        assertTrue(!text.equals(Files.readString(HYBRID)), "the mistake was made");
        ScenarioProblems.assertReportedAt(dir, text, key, marker, fragment);
    }
}
