package org.brainsim.scenarios;

import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.rl.DevaluationAnalysis;
import org.brainsim.scenarios.rl.DevaluationReport;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outcome devaluation in the lockstep ({@code scenarios/devaluation.conf}, issue 14): a phase that devalues an outcome
 * outside the action context changes the goal-directed controller's value of the lever that leads to it at once, and
 * leaves the habit's cached value of that lever as it was (up to what its shared readout carries from one state to
 * another); the test in extinction is analysed per phase; the same seed gives the same bytes whatever the threads;
 * and phase mistakes are reported with file and line.
 */
class DevaluationScenarioTest
{
    private static final Path SCENARIO = Path.of("devaluation.conf");
    /** The arbiter's step of a trial at which the controllers' values of the lever state arrive (delays 1 + 1 − 1). */
    private static final int LEVER_STEP = 1;

    @TempDir
    Path dir;

    private Path run(final String name, final List<String> overrides) throws Exception
    {
        final Scenario s = ScenarioLoader.load(SCENARIO, overrides);
        final Path out = dir.resolve(name);
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        return out;
    }

    /** @return a controller's value of each lever at the lever step of trial t, as the arbiter received it. */
    private static float[] leverValues(final Path out, final String controller, final int t) throws Exception
    {
        final NpyReader.Array a = NpyReader.read(out.resolve("arbitration/arbiter/" + controller + ".npy"));
        final long[] shape = a.header().shape(); // [trial, row, step, 2 x actions]
        final float[] all = a.floats();
        final int at = (int)((t * shape[1] * shape[2] + LEVER_STEP) * shape[3]);
        return new float[] {all[at], all[at + 1]};
    }

    @Test
    void devaluingAnOutcomeChangesThePlannersValueOfItsLeverAtOnceAndNotTheHabits() throws Exception
    {
        final Path out = run("moderate", List.of("phases.train.trials=100", "phases.devalue.trials=20",
            "phases.test.trials=10"));
        final int before = 99;  // the last training trial
        final int after = 120;  // the first test trial: no lever was pressed since the devaluation
        final long[] kind = NpyReader.read(out.resolve("task/kind.npy")).longs();
        assertEquals(List.of(3L, 1L, 2L), List.of(kind[before], kind[before + 1], kind[after]));
        final float[] goalBefore = leverValues(out, "goal", before);
        final float[] goalAfter = leverValues(out, "goal", after);
        final float[] habitBefore = leverValues(out, "habit", before);
        final float[] habitAfter = leverValues(out, "habit", after);
        final String seen = "goal " + java.util.Arrays.toString(goalBefore) + " -> " +
            java.util.Arrays.toString(goalAfter) + ", habit " + java.util.Arrays.toString(habitBefore) + " -> " +
            java.util.Arrays.toString(habitAfter);
        // lever 0 leads to o1, the devalued outcome: the planner's value of it falls, the habit's barely moves
        final double goalDrop = goalBefore[0] - goalAfter[0];
        final double habitChange = Math.abs(habitBefore[0] - habitAfter[0]);
        assertTrue(goalDrop > 0.2, "the planner's value of the devalued lever falls at once: " + seen);
        assertTrue(habitChange < 0.1 && goalDrop > 4 * habitChange, "the cache does not see the devaluation: " + seen);
        // after the devaluation the planner prefers the other lever; the habit still values both alike
        assertTrue(goalAfter[1] - goalAfter[0] > 0.2, seen);
        assertTrue(Math.abs(habitAfter[1] - habitAfter[0]) < 0.1, seen);

        final List<DevaluationAnalysis.Phase> phases = DevaluationReport.write(out);
        assertEquals(List.of("train", "devalue", "test"), phases.stream().map(DevaluationAnalysis.Phase::name).toList());
        assertEquals(10, phases.get(2).presses(), "every test trial is a free press");
        assertTrue(Files.isRegularFile(out.resolve("devaluation.json")));

        final Path single = run("single", List.of("phases.train.trials=100", "phases.devalue.trials=20",
            "phases.test.trials=10", "threads=single"));
        for (final String array : List.of("task/press.npy", "task/kind.npy", "loss/habit.npy", "loss/goal.npy",
            "arbitration/arbiter/goal.npy", "arbitration/arbiter/habit.npy", "arbitration/arbiter/weight.npy"))
        {
            assertArrayEquals(Files.readAllBytes(out.resolve(array)), Files.readAllBytes(single.resolve(array)), array);
        }
    }

    static Stream<Arguments> mistakes() throws Exception
    {
        final String text = Files.readString(SCENARIO);
        final String devalue = "{ name = devalue, trials = 20, devalue = [o1] }";
        final String test = "{ name = test, trials = 50, extinction = true }";
        return Stream.of(
            Arguments.of("devaluing an outcome the task does not have", text.replace(devalue,
                "{ name = devalue, trials = 20, devalue = [pellet] }"), "phases[1].devalue", "devalue = [pellet]",
                "allowed: o1, o2"),
            Arguments.of("a new value without an outcome to give it", text.replace(test,
                "{ name = test, trials = 50, extinction = true, devalued_value = -1 }"), "phases[2].devalued_value",
                "devalued_value = -1", "devalue = [...]"),
            Arguments.of("silencing a region that does not exist", text.replace(test,
                "{ name = test, trials = 50, extinction = true, silence = [pfc] }"), "phases[2].silence",
                "silence = [pfc]", "allowed: goal, habit"),
            Arguments.of("devaluing and withholding in one phase", text.replace(devalue,
                "{ name = devalue, trials = 20, devalue = [o1], extinction = true }"), "phases[1].extinction",
                "devalue = [o1], extinction = true", "a phase of its own"),
            Arguments.of("a devalued value that is not a number", text.replace(devalue,
                "{ name = devalue, trials = 20, devalue = [o1], devalued_value = none }"), "phases[1].devalued_value",
                "devalued_value = none", "number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aPhaseMistakeIsReportedWithItsLine(final String name, final String text, final String key,
                                           final String marker, final String fragment) throws Exception
    {
        assertTrue(!text.equals(Files.readString(SCENARIO)), "the mistake was made");
        ScenarioProblems.assertReportedAt(dir, text, key, marker, fragment);
    }

    @Test
    void aTaskWithoutOutcomesCannotBeDevaluedOrExtinguished() throws Exception
    {
        final String twoStep = Files.readString(Path.of("two-step-hybrid.conf")).replace(
            "{ name = train, trials = 2000 }", "{ name = train, trials = 2000, devalue = [o1], extinction = true }");
        final Path file = ScenarioProblems.write(dir, twoStep);
        final ScenarioException ex = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));
        assertTrue(ex.problems().stream().anyMatch(p -> "phases[0].devalue".equals(p.key()) &&
            p.message().contains("no outcomes to devalue (tasks with outcomes: devaluation)")), ex.problems().toString());
        assertTrue(ex.problems().stream().anyMatch(p -> "phases[0].extinction".equals(p.key()) &&
            p.message().contains("cannot withhold")), ex.problems().toString());
    }
}
