package org.brainsim.scenarios;

import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.tasks.RandomWalkTask;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A td-critic region learns the values of Sutton's 5-state random walk in the lockstep, from the rewards the task
 * sends (a task with rewards and no actions), and the task scores its value readout against the analytic values.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RandomWalkScenarioTest
{
    private static final String WALK = String.join("\n",
        "seed = 1",
        "dt_ms = 1.0",
        "batch = 64",
        "task { name = random-walk, states = 5, episodes = 5 }",
        "regions {",
        "  critic { size = 32, tau_ms = 1, recurrent_gain = 0, rule = readout-only, learning_rate = 0.01, outputs = 1,",
        "           objective = td-critic, gamma = 1, td_lambda = 0.5 }",
        "}",
        "links {",
        "  states { from = task, to = critic, kind = observation, delay_steps = 1, weight_scale = 1 }",
        "  reward { from = task, to = critic, kind = reward, delay_steps = 1 }",
        "  value { from = critic, to = task, kind = action, delay_steps = 1 }",
        "}",
        "phases = [ { name = train, trials = 60 }, { name = test, trials = 1, plasticity = off } ]",
        "record { every_trials = 60, rows = 4 }",
        "");

    @TempDir
    Path dir;

    @Test
    void theAnalyticValuesAreTheRandomWalksOnes()
    {
        final double[] undiscounted = RandomWalkTask.values(5, 1);
        for (int i = 0; i < 5; i++)
        {
            assertEquals((i + 1) / 6.0, undiscounted[i], 1e-15);
        }
        // γ < 1: the Bellman equation by iteration, against the exact solve
        final double gamma = 0.8;
        final double[] v = new double[7];
        for (int k = 0; k < 2000; k++)
        {
            final double[] next = v.clone();
            for (int i = 0; i < 7; i++)
            {
                final double left = i == 0 ? 0 : gamma * v[i - 1];
                final double right = i == 6 ? 1 : gamma * v[i + 1];
                next[i] = 0.5 * (left + right);
            }
            System.arraycopy(next, 0, v, 0, 7);
        }
        assertArrayEquals(v, RandomWalkTask.values(7, gamma), 1e-12);
    }

    /**
     * A short run: the RMS value error falls by two orders of magnitude, and the frozen critic's values rise from A to E
     * near the analytic 1/6 … 5/6 (the readout of the recorded test trial, per state from the task's observations).
     */
    @Test
    void aCriticLearnsTheWalksValuesFromItsRewards() throws Exception
    {
        final Path out = run(WALK, "walk", List.of());
        final double[] error = NpyReader.read(out.resolve("task/error.npy")).doubles();
        assertEquals(61, error.length);
        assertTrue(error[0] > 0.3, "untrained: " + error[0]);
        assertTrue(error[60] < 0.02, "after 60 trials the RMS value error is below 0.02: " + error[60]);
        final double[] values = perState(out, 1);
        for (int s = 0; s < 5; s++)
        {
            assertEquals((s + 1) / 6.0, values[s], 0.03, "state " + "ABCDE".charAt(s));
        }
        // the same seed gives the same bytes on one thread
        final Path single = run(WALK, "walk-single", List.of("threads=single"));
        for (final String array : List.of("task/error.npy", "loss/critic.npy", "readout/critic.npy"))
        {
            assertArrayEquals(Files.readAllBytes(out.resolve(array)), Files.readAllBytes(single.resolve(array)), array);
        }
    }

    /** The shipped scenario: after its annealed training the frozen critic's values are the analytic ones within 1e-3. */
    @Test
    @Tag("slow")
    void theShippedScenarioConvergesToTheAnalyticValues() throws Exception
    {
        final Scenario s = ScenarioLoader.load(Path.of("random-walk.conf"), List.of());
        final Path out = dir.resolve("shipped");
        assertTrue(ScenarioRun.prepare(s, out).execute(RunListener.NONE).completed());
        final long[] shape = NpyReader.read(out.resolve("readout/critic.npy")).header().shape();
        final double[] values = perState(out, (int)shape[0] - 1); // trial 1000, the first of the frozen test
        for (int i = 0; i < 5; i++)
        {
            assertEquals((i + 1) / 6.0, values[i], 1e-3, "state " + "ABCDE".charAt(i) + ": " + Arrays.toString(values));
        }
    }

    private Path run(final String text, final String name, final List<String> overrides) throws Exception
    {
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, text), overrides);
        final Path out = dir.resolve(name);
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(RunListener.NONE);
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        return out;
    }

    /**
     * @return the critic's mean readout per state in recorded trial {@code recorded}, over the recorded rows; every
     *     state's readout is one value there (the critic is memoryless and frozen), which is checked too.
     */
    private static double[] perState(final Path out, final int recorded) throws Exception
    {
        final NpyReader.Array readout = NpyReader.read(out.resolve("readout/critic.npy"));
        final NpyReader.Array observed = NpyReader.read(out.resolve("activity/task.npy"));
        final long[] shape = readout.header().shape(); // trial, row, time, 1
        final int rows = (int)shape[1];
        final int steps = (int)shape[2];
        final float[] y = readout.floats();
        final float[] o = observed.floats();
        final double[] sum = new double[5];
        final int[] count = new int[5];
        final double[] low = new double[5];
        final double[] high = new double[5];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++)
        {
            for (int t = 0; t < steps; t++)
            {
                final int at = (recorded * rows + r) * steps + t;
                for (int s = 0; s < 5; s++)
                {
                    if (o[at * 5 + s] == 1f)
                    {
                        sum[s] += y[at];
                        count[s]++;
                        low[s] = Math.min(low[s], y[at]);
                        high[s] = Math.max(high[s], y[at]);
                    }
                }
            }
        }
        final double[] mean = new double[5];
        for (int s = 0; s < 5; s++)
        {
            assertTrue(count[s] > 0, "state " + s + " was visited");
            assertTrue(high[s] - low[s] < 1e-5, "one value per state: " + low[s] + " … " + high[s]);
            mean[s] = sum[s] / count[s];
        }
        return mean;
    }
}
