package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.rl.HybridFitReport;
import org.brainsim.scenarios.rl.TwoStepReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two controllers of issue 14, each alone on Daw's two-step task with the shipped seed, 800 trials: the habit
 * region ({@code scenarios/two-step-model-free.conf}: values cached in its weights by SARSA(λ)) shows a main effect of
 * reward and no comparable reward × transition interaction, and the hybrid fit puts it on the model-free side; the
 * goal-directed region ({@code scenarios/two-step-model-based.conf}: a learned model and a two-level planner) shows the
 * interaction and no comparable reward effect, and the fit puts it on the model-based side. The same seed gives the
 * same bytes whatever the threads.
 */
class TwoStepControllersTest
{
    @TempDir
    Path dir;

    private Path run(final String scenario, final String name, final List<String> overrides) throws Exception
    {
        final Scenario s = ScenarioLoader.load(Path.of(scenario), overrides);
        final Path out = dir.resolve(name);
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        return out;
    }

    /** @return the stay regression's estimate and standard error of a term. */
    private static double[] coefficient(final Path run, final String term) throws Exception
    {
        final JsonNode stay = new ObjectMapper().readTree(run.resolve("two-step.json").toFile());
        for (final JsonNode c : stay.get("logistic_regression").get("coefficients"))
        {
            if (c.get("term").asText().equals(term))
            {
                return new double[] {c.get("estimate").asDouble(), c.get("se").asDouble()};
            }
        }
        throw new AssertionError("no term " + term);
    }

    private static double fittedW(final Path run) throws Exception
    {
        return new ObjectMapper().readTree(HybridFitReport.write(run, null).toFile()).get("pooled").get("parameters")
            .get("w").get("estimate").asDouble();
    }

    private void sameBytes(final String scenario, final Path out, final String region) throws Exception
    {
        final Path single = run(scenario, region + "-single", List.of("phases.train.trials=800", "threads=single"));
        for (final String array : List.of("task/choice.npy", "task/second.npy", "task/rewarded.npy",
            "loss/" + region + ".npy", "readout/" + region + ".npy"))
        {
            assertArrayEquals(Files.readAllBytes(out.resolve(array)), Files.readAllBytes(single.resolve(array)), array);
        }
    }

    @Test
    void aHabitRegionShowsTheModelFreeSignature() throws Exception
    {
        final String scenario = "two-step-model-free.conf";
        final Path out = run(scenario, "habit", List.of("phases.train.trials=800"));
        for (final long c : NpyReader.read(out.resolve("task/second.npy")).longs())
        {
            assertTrue(c == 0 || c == 1, "every two-step trial has a second-stage choice: " + c);
        }
        TwoStepReport.write(out);
        final double[] reward = coefficient(out, "reward");
        final double[] interaction = coefficient(out, "reward x transition");
        assertTrue(reward[0] > 3 * reward[1], "a main effect of reward: " + reward[0] + " +/- " + reward[1]);
        assertTrue(Math.abs(interaction[0]) < reward[0] / 2, "no comparable interaction: " + interaction[0]);
        final double w = fittedW(out);
        assertTrue(w < 0.3, "the hybrid model's weight of model-based values: " + w);
        sameBytes(scenario, out, "habit");
    }

    @Test
    void aGoalDirectedRegionShowsTheModelBasedSignature() throws Exception
    {
        final String scenario = "two-step-model-based.conf";
        final Path out = run(scenario, "goal", List.of("phases.train.trials=800"));
        TwoStepReport.write(out);
        final double[] reward = coefficient(out, "reward");
        final double[] interaction = coefficient(out, "reward x transition");
        assertTrue(interaction[0] > 3 * interaction[1], "the interaction: " + interaction[0] + " +/- " +
            interaction[1]);
        assertTrue(Math.abs(reward[0]) < interaction[0] / 2, "no comparable reward effect: " + reward[0]);
        final double w = fittedW(out);
        assertTrue(w > 0.6, "the hybrid model's weight of model-based values: " + w);
        sameBytes(scenario, out, "goal");
    }
}
