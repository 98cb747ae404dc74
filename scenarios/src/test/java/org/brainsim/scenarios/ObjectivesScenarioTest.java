package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.objectives.FiringRate;
import org.brainsim.objectives.Supervised;
import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The objective of a region is what its scenario names: {@code objective = …} selects it, an {@code objectives}
 * list weighs several, every term's loss is recorded, and an unknown objective is refused with the allowed ones.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ObjectivesScenarioTest
{
    @TempDir
    Path dir;

    private static Scenario learnSine(final String... more) throws ScenarioException
    {
        final List<String> overrides = new ArrayList<>(List.of("regions.ctx.size=30", "regions.ctx.trial_steps=100",
            "inputs.stim.frozen_steps=100", "steps=2000", "regions.ctx.learning_rate=0.02"));
        overrides.addAll(List.of(more));
        return ScenarioLoader.load(Path.of("learn-sine.conf"), overrides);
    }

    /** @return the mean firing rate (Hz) of each recorded trial of 100 steps, from the activity array. */
    private static double[] ratesHz(final Path run) throws java.io.IOException
    {
        final NpyReader.Array a = NpyReader.read(run.resolve("activity/ctx.npy"));
        final long[] shape = a.header().shape(); // batch × time × neuron, spikes 0/1
        final int[] z = a.uint8();
        final int trials = (int)(shape[1] / 100);
        final double[] rates = new double[trials];
        for (int b = 0; b < shape[0]; b++)
        {
            for (int t = 0; t < trials * 100; t++)
            {
                for (int j = 0; j < shape[2]; j++)
                {
                    rates[t / 100] += z[(int)((b * shape[1] + t) * shape[2] + j)];
                }
            }
        }
        for (int k = 0; k < trials; k++)
        {
            rates[k] *= 1000.0 / (100 * shape[0] * shape[2]);
        }
        return rates;
    }

    @Test
    void theObjectiveKeySelectsTheObjective() throws Exception
    {
        // A firing-rate objective alone, on a region whose goal input now drives it instead of supervising it:
        // the region learns to fire at 5 Hz.
        final Scenario s = learnSine("regions.ctx.objective=firing-rate", "regions.ctx.target_rate_hz=5",
            "links.goal_to_ctx.kind=activity");
        assertEquals(List.of(FiringRate.TYPE), s.region("ctx").objectives().stream().map(o -> o.type()).toList());
        final Path out = dir.resolve("rate");

        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] rates = ratesHz(out);
        final double first = Math.abs(rates[0] - 5);
        final double last = Math.abs(rates[rates.length - 1] - 5);
        assertTrue(last < 0.5 * first, "distance to 5 Hz: " + first + " -> " + last + " (rates " +
            java.util.Arrays.toString(rates) + ")");
        // the manifest says what was selected
        final JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("firing-rate", m.get("scenario").get("resolved").get("regions").get("ctx").get("objectives").get(0)
            .get("kind").asText());
    }

    @Test
    void aWeightedListRecordsEveryTermAndLearnsFromTheirSum() throws Exception
    {
        final Scenario s = learnSine("regions.ctx.objectives=[{kind = supervised, weight = 0.5}, " +
            "{kind = firing-rate, weight = 1e-4, target_rate_hz = 10}]");
        assertEquals(List.of(Supervised.TYPE, FiringRate.TYPE),
            s.region("ctx").objectives().stream().map(o -> o.type()).toList());
        final Path out = dir.resolve("list");

        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] loss = NpyReader.read(out.resolve("loss/ctx.npy")).doubles();
        final double[] supervised = NpyReader.read(out.resolve("loss/ctx.supervised.npy")).doubles();
        final double[] rate = NpyReader.read(out.resolve("loss/ctx.firing-rate.npy")).doubles();
        assertEquals(20, loss.length);
        for (int k = 0; k < loss.length; k++)
        {
            assertEquals(supervised[k], loss[k], 0.0, "the task loss leaves the regulariser out");
            assertTrue(rate[k] >= 0 && Double.isFinite(rate[k]));
        }
        // half the supervised loss of the same region with weight 1, at the first trial (same weights, same input)
        final Path single = dir.resolve("single");
        ScenarioRun.prepare(learnSine(), single).execute(RunListener.NONE);
        assertEquals(0.5 * NpyReader.read(single.resolve("loss/ctx.npy")).doubles()[0], supervised[0], 1e-9);
        assertTrue(supervised[19] < supervised[0], "the weighted sum is learned: " + supervised[0] + " -> " +
            supervised[19]);
    }

    /** Also fix (issue 10): a region's activity can be another region's target (docs/scenarios.md says so). */
    @Test
    void aRegionLearnsToReproduceAnotherRegionsActivity() throws Exception
    {
        final Scenario s = ScenarioLoader.parse("""
            seed = 3
            dt_ms = 1
            steps = 1500
            batch = 2
            inputs { stim { kind = noisy-sine, size = 4, frequency_hz = 5, noise_std = 0 } }
            regions {
              teacher { size = 3, tau_ms = 10, recurrent_gain = 0.5 }
              student { size = 20, tau_ms = 10, rule = bptt, outputs = 3, trial_steps = 100, learning_rate = 0.01 }
            }
            links {
              in_teacher { from = stim, to = teacher, delay_steps = 1, weight_scale = 2 }
              in_student { from = stim, to = student, delay_steps = 1 }
              imitate    { from = teacher, to = student, delay_steps = 1, kind = target }
            }
            """, "imitate.conf", "imitate", List.of());
        final Path out = dir.resolve("imitate");

        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] loss = NpyReader.read(out.resolve("loss/student.npy")).doubles();
        assertEquals(15, loss.length);
        assertTrue(loss[14] < 0.5 * loss[1], "the student learns the teacher's activity: " +
            java.util.Arrays.toString(loss));
    }

    @Test
    void anUnknownObjectiveIsRefusedWithTheAllowedOnes() throws Exception
    {
        final ScenarioProblem p = ScenarioProblems.only(dir, "ctx { model = alif, size = 10, tau_ms = 20, rule = eprop, " +
            "trial_steps = 10, objective = curiosity }", List.of());
        assertEquals("regions.ctx.objective", p.key());
        assertTrue(p.message().contains("supervised, predictive, firing-rate, readout-l2"), p.message());
    }

    @Test
    void anObjectiveThatDoesNotFitTheModelIsRefused() throws Exception
    {
        final ScenarioProblem p = ScenarioProblems.only(dir, "ctx { size = 10, tau_ms = 20, rule = bptt, " +
            "trial_steps = 10, objectives = [{kind = supervised}, {kind = firing-rate, weight = 1}] }", List.of());
        assertEquals("regions.ctx.objectives", p.key());
        assertTrue(p.message().contains("does not apply to model rate"), p.message());
    }
}
