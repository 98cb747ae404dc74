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
 * The habit system alone ({@code scenarios/two-step-model-free.conf}, issue 14): a {@code model-free} region plays
 * Daw's two-step task, its values cached in its weights by SARSA(λ). Within 800 trials of the shipped seed its choices
 * carry the model-free signature, a main effect of reward on staying, and the hybrid model's fit puts them on the
 * model-free side; the same seed gives the same bytes whatever the threads.
 */
class HabitScenarioTest
{
    @TempDir
    Path dir;

    private Path run(final String name, final List<String> overrides) throws Exception
    {
        final Scenario s = ScenarioLoader.load(Path.of("two-step-model-free.conf"), overrides);
        final Path out = dir.resolve(name);
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        return out;
    }

    @Test
    void aHabitRegionShowsTheModelFreeSignatureAndTheSameSeedGivesTheSameBytes() throws Exception
    {
        final Path out = run("per-node", List.of("phases.train.trials=800"));
        for (final long c : NpyReader.read(out.resolve("task/second.npy")).longs())
        {
            assertTrue(c == 0 || c == 1, "every two-step trial has a second-stage choice: " + c);
        }
        TwoStepReport.write(out);
        final JsonNode stay = new ObjectMapper().readTree(out.resolve("two-step.json").toFile());
        double reward = Double.NaN;
        double rewardSe = Double.NaN;
        double interaction = Double.NaN;
        for (final JsonNode c : stay.get("logistic_regression").get("coefficients"))
        {
            if (c.get("term").asText().equals("reward"))
            {
                reward = c.get("estimate").asDouble();
                rewardSe = c.get("se").asDouble();
            }
            if (c.get("term").asText().equals("reward x transition"))
            {
                interaction = c.get("estimate").asDouble();
            }
        }
        assertTrue(reward > 3 * rewardSe, "a main effect of reward: " + reward + " +/- " + rewardSe);
        assertTrue(Math.abs(interaction) < reward / 2, "no comparable interaction: " + interaction + " (reward " +
            reward + ")");
        final JsonNode fit = new ObjectMapper().readTree(HybridFitReport.write(out, null).toFile());
        final double w = fit.get("pooled").get("parameters").get("w").get("estimate").asDouble();
        assertTrue(w < 0.3, "the hybrid model's weight of model-based values: " + w);
        final Path single = run("single", List.of("phases.train.trials=800", "threads=single"));
        for (final String array : List.of("task/choice.npy", "task/second.npy", "task/rewarded.npy", "loss/habit.npy",
            "readout/habit.npy"))
        {
            assertArrayEquals(Files.readAllBytes(out.resolve(array)), Files.readAllBytes(single.resolve(array)), array);
        }
    }
}
