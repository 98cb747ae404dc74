package org.brainsim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phases driven by the task environment: plasticity switches and lesions land at the right trial, stop
 * criteria end a phase, the run stops when the schedule is over, and an interrupted run still leaves valid
 * arrays and a manifest that says where it stopped. A miniature evidence-accumulation task (56-step trials)
 * keeps it fast.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PhasesScenarioTest
{
    private static final String SCENARIO = """
        seed = 5
        dt_ms = 1
        batch = 4
        task { name = evidence-accumulation, cue_ms = 4, cue_interval_ms = 6, delay_ms = 10, recall_ms = 4,
               input_rate_hz = 200 }
        regions {
          ctx { model = alif, size = 10, alif_fraction = 0.5, tau_ms = 20, tau_a_ms = 200, v_th = 0.3, outputs = 2,
                rule = eprop, feedback = random, loss_reduction = mean, optimizer = adam, learning_rate = 0.01 }
        }
        links {
          cues   { from = task, to = ctx, kind = observation, delay_steps = 1 }
          labels { from = task, to = ctx, kind = target, delay_steps = 1 }
          choice { from = ctx, to = task, kind = action, delay_steps = 1 }
        }
        phases = [
          { name = train, trials = 3 }
          { name = frozen, trials = 2, plasticity = off }
          { name = lesion, trials = 2, plasticity = off, lesion = [ { region = ctx, units = alif, fraction = 0.5 } ] }
        ]
        record { every_trials = 1, weights_every_trials = 1 }
        """;

    @TempDir
    Path dir;

    private static Scenario scenario(final String... overrides) throws ScenarioException
    {
        return ScenarioLoader.parse(SCENARIO, "phases.conf", "phases", List.of(overrides));
    }

    private static float[] snapshot(final float[] all, final int index, final int size)
    {
        return Arrays.copyOfRange(all, index * size, (index + 1) * size);
    }

    @Test
    void plasticityAndLesionsSwitchAtTheRightTrial() throws Exception
    {
        final RunOutcome outcome = ScenarioRun.prepare(scenario(), dir).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));

        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 2, 2}, NpyReader.read(dir.resolve("task/phase.npy")).doubles());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, NpyReader.read(dir.resolve("weights/ctx/trials.npy")).doubles());
        final NpyReader.Array rec = NpyReader.read(dir.resolve("weights/ctx/w_rec.npy"));
        assertArrayEquals(new long[] {7, 10, 10}, rec.header().shape());
        final float[] w = rec.floats();
        final float[][] s = new float[7][];
        for (int k = 0; k < 7; k++)
        {
            s[k] = snapshot(w, k, 100);
        }
        assertFalse(Arrays.equals(s[0], s[1]), "training trials change the weights");
        assertFalse(Arrays.equals(s[1], s[2]), "training trials change the weights");
        assertArrayEquals(s[2], s[3], "frozen: trial 3 leaves the weights as trial 2 left them");
        assertArrayEquals(s[3], s[4], "frozen");
        assertArrayEquals(s[5], s[6], "still frozen after the lesion");
        // The lesion (at the start of trial 5) silences round(0.5 · 5) = 3 of the 5 ALIF units (indices 5–9):
        // their recurrent rows and columns become 0, nothing else changes.
        int silenced = 0;
        for (int u = 0; u < 10; u++)
        {
            boolean zero = true;
            for (int v = 0; v < 10; v++)
            {
                zero &= s[5][u * 10 + v] == 0 && s[5][v * 10 + u] == 0;
            }
            if (zero)
            {
                assertTrue(u >= 5, "only ALIF units are lesioned, found unit " + u);
                silenced++;
            }
        }
        assertEquals(3, silenced);
        for (int i = 0; i < 100; i++)
        {
            assertTrue(s[5][i] == 0 || s[5][i] == s[4][i], "a lesion only zeroes weights");
        }
        // The silenced units never spike during the lesion trials (activity is [trial, row, step, packed bits]).
        final NpyReader.Array activity = NpyReader.read(dir.resolve("activity/ctx.npy"));
        assertArrayEquals(new long[] {7, 4, 56, 2}, activity.header().shape());
        final int[] bits = activity.uint8();
        final float[] out = snapshot(NpyReader.read(dir.resolve("weights/ctx/w_out.npy")).floats(), 5, 20);
        for (int trial = 5; trial < 7; trial++)
        {
            for (int u = 5; u < 10; u++)
            {
                if (out[u * 2] != 0 || out[u * 2 + 1] != 0)
                {
                    continue; // not lesioned
                }
                for (int row = 0; row < 4; row++)
                {
                    for (int t = 0; t < 56; t++)
                    {
                        final int b = bits[((trial * 4 + row) * 56 + t) * 2 + u / 8];
                        assertEquals(0, b >>> (7 - u % 8) & 1, "lesioned unit " + u + " spiked at trial " + trial);
                    }
                }
            }
        }
        final JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals(3, m.get("phases").size());
        assertEquals("frozen", m.get("phases").get(1).get("name").asText());
        assertEquals(3, m.get("phases").get(1).get("first_trial").asLong());
        assertEquals(2, m.get("phases").get(1).get("trials_started").asLong());
        assertEquals(2, m.get("phases").get(1).get("trials_scored").asLong());
        assertEquals(7, m.get("task").get("trials_scored").asLong());
        assertTrue(m.get("steps").isNull(), "a task's phases, not a step count, end the run: " + m.get("steps"));
        assertEquals(7, m.get("task").get("params").get("cues").asLong());
        assertTrue(m.get("task").get("params").get("cues").isIntegralNumber(), "integer task parameters stay integers");
        // The lesion's unit indices are saved, and they are exactly the units found silenced above.
        final double[] lesioned = NpyReader.read(dir.resolve("lesions/ctx/lesion-0.npy")).doubles();
        assertEquals(3, lesioned.length);
        for (final double u : lesioned)
        {
            for (int v = 0; v < 10; v++)
            {
                assertTrue(s[5][(int)u * 10 + v] == 0, "unit " + u + " is silenced");
            }
        }
        assertEquals(7, NpyReader.read(dir.resolve("loss/ctx.npy")).doubles().length);
        // The region's own accuracy and the task's score agree trial by trial.
        final double[] accuracy = NpyReader.read(dir.resolve("accuracy/ctx.npy")).doubles();
        final double[] error = NpyReader.read(dir.resolve("task/error.npy")).doubles();
        for (int k = 0; k < 7; k++)
        {
            assertEquals(1 - accuracy[k], error[k], 1e-12, "trial " + k);
        }
    }

    @Test
    void aStopCriterionEndsThePhaseAndTrialsCutsTheRunShort() throws Exception
    {
        // An error below 2 always holds: train ends at the first trial start with 2 scored trials. Scores
        // come back 2 steps after a trial ends, so that is the start of trial 3.
        final Path criterion = dir.resolve("criterion");
        ScenarioRun.prepare(scenario("phases.0.stop_when.error_below = 2", "phases.0.stop_when.over_trials = 2",
            "phases.0.trials = 50"), criterion).execute(RunListener.NONE);
        final JsonNode m = new ObjectMapper().readTree(criterion.resolve("manifest.json").toFile());
        assertEquals("criterion", m.get("phases").get(0).get("ended_by").asText(), m.get("phases").toString());
        assertEquals(3, m.get("phases").get(0).get("trials_started").asLong());
        assertEquals(7, m.get("task").get("trials_scored").asLong());

        final Path cut = dir.resolve("cut");
        final RunOutcome outcome = ScenarioRun.prepare(scenario().withTrialLimit(4), cut).execute(RunListener.NONE);
        assertTrue(outcome.completed());
        final JsonNode mc = new ObjectMapper().readTree(cut.resolve("manifest.json").toFile());
        assertEquals(4, mc.get("task").get("trials_scored").asLong());
        assertEquals("trial limit (--trials)", mc.get("phases").get(1).get("ended_by").asText());
        assertEquals(4, NpyReader.read(cut.resolve("activity/ctx.npy")).header().shape()[0]);
    }

    @Test
    void aSparseFixedUniformLinkKeepsItsWeights() throws Exception
    {
        final RunOutcome outcome = ScenarioRun.prepare(scenario("links.cues.sparsity = 0.5", "links.cues.plastic = false",
            "links.cues.init = uniform", "links.cues.weight_scale = 2"), dir).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final NpyReader.Array in = NpyReader.read(dir.resolve("weights/ctx/w_in.npy"));
        assertArrayEquals(new long[] {7, 40, 10}, in.header().shape());
        final float[] w = in.floats();
        final float[] first = snapshot(w, 0, 400);
        assertArrayEquals(first, snapshot(w, 2, 400), "a fixed link does not learn");
        int zeros = 0;
        final double bound = 2 * Math.sqrt(3.0 / 40);
        for (final float v : first)
        {
            zeros += v == 0 ? 1 : 0;
            assertTrue(Math.abs(v) <= bound, "uniform within ±scale·sqrt(3/fan_in): " + v);
        }
        assertEquals(200, zeros, 40, "about half the synapses are absent");
        // The recurrent weights still learn.
        final float[] rec = NpyReader.read(dir.resolve("weights/ctx/w_rec.npy")).floats();
        assertFalse(Arrays.equals(snapshot(rec, 0, 100), snapshot(rec, 2, 100)));
    }

    @Test
    void anInterruptedRunLeavesValidArraysAndSaysWhere() throws Exception
    {
        final ScenarioRun run = ScenarioRun.prepare(scenario("phases.0.trials = 100000"), dir);
        final RunOutcome outcome = run.execute(new RunListener()
        {
            @Override
            public void trials(final long scored, final String phase, final double error)
            {
                if (scored >= 3)
                {
                    run.cancel();
                }
            }
        });
        assertEquals("interrupted", outcome.status());
        final JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals("interrupted", m.get("status").asText());
        assertTrue(m.get("stopped_at").get("trials_scored").asLong() >= 3);
        assertEquals("train", m.get("stopped_at").get("phase").asText());
        for (final JsonNode a : m.get("arrays"))
        {
            final NpyReader.Array array = NpyReader.read(dir.resolve(a.get("file").asText()));
            assertEquals(a.get("shape").get(0).asLong(), array.header().shape()[0], a.toString());
        }
        assertTrue(NpyReader.read(dir.resolve("loss/ctx.npy")).doubles().length >= 3);
        // The phases count their trials as the task does: started (one may be cut short) and scored.
        long started = 0;
        long scored = 0;
        for (final JsonNode p : m.get("phases"))
        {
            started += p.get("trials_started").asLong();
            scored += p.get("trials_scored").asLong();
        }
        assertEquals(m.get("task").get("trials_started").asLong(), started);
        assertEquals(m.get("task").get("trials_scored").asLong(), scored);
        assertEquals(NpyReader.read(dir.resolve("task/error.npy")).doubles().length, scored);
    }
}
