package org.brainsim.scenarios.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The golden arrays: SHA-256 sums of what the example scenarios record, stored as {@code sha256sum} output in
 * {@code golden/<file>.sha256}. A change that is meant to leave results alone must leave every one of these arrays
 * byte-identical. Two kinds:
 * <ul>
 *   <li>{@code <scenario>.sha256}: {@code hello}, {@code learn-sine}, {@code learn-from-error} and 3 trials of
 *   {@code evidence-accumulation} with every region on {@code backend = nd4j}. First taken before the architecture
 *   refactor of issue 10 (commit c15ea83) and unchanged through it; taken again when OpenBLAS went from 0.3.19 to
 *   0.3.28 (issue 11), whose products round differently (every nd4j sum matched up to that commit).</li>
 *   <li>{@code <scenario>.cpu.sha256}: the same scenarios on the fused CPU backend (the default since issue 11):
 *   spiking regions sum currents in another order than BLAS, and rate regions use a float tanh of their own and
 *   (since 2026-12-04) fused multiply-add chains for their product, so other rounding, other bytes. The spiking ones did not move with the OpenBLAS update.</li>
 * </ul>
 *
 * <p>{@code predictive-hierarchy.cpu.sha256} (issue 12): three predictive regions on the hidden Markov task with
 * 6 + 2 + 2 trials, the last phase cutting the top-down links; {@code cooperation.cpu.sha256}: a spiking sensory
 * region learning online from an association region's error frames, 4 + 2 trials. Both taken when the scenarios
 * were added (issue 12), and checked then to be the same across three nodes. {@code cooperation-exact.cpu.sha256}:
 * the same regions with exact cross-region BPTT over a gradient link, 4 + 2 trials (sensory's first updates land at
 * the starts of trials 2 and 3), taken and checked across three nodes in the same way.
 *
 * <p>{@code bandit.cpu.sha256} (issue 13): an actor-critic region on the two-armed bandit, 20 + 5 trials: actions drawn
 * with the region's stream, rewards with the task's. {@code bandit-critic.cpu.sha256}: a td-critic's TD errors over a
 * 5-step modulator link to an actor, 12 + 4 trials; {@code two-step.cpu.sha256}: an actor-critic region on Daw's
 * two-step task, 12 + 4 episodes. All three taken when added and checked then to be the same across three nodes.
 * {@code random-walk.cpu.sha256}: a td-critic learning the random walk's values from a task with rewards and no actions,
 * 64 rows and 6 + 2 + 1 + 1 + 1 + 2 trials; taken when added (2026-12-02, under the pinned kernels) and checked then to be
 * the same across three nodes. {@code bandit-two-actors.cpu.sha256}: two actors choosing one arm each under one
 * critic's TD errors, 12 + 4 trials; taken and checked across three nodes in the same way. The bandit's own sums did
 * not move when the task learned to take several actors. {@code two-step-wang.cpu.sha256} (Wang et al.'s 100-trial
 * episodes, 6 + 2), {@code dnms-miconi.cpu.sha256} (Miconi's rule from the task's reward, 6 + 2 trials) and
 * {@code evidence-reward.cpu.sha256} (reward-based e-prop on the delayed-reward evidence task, 3 + 1 trials): taken on
 * 2026-12-03 (commit 64fc7d3's code) with {@code ./brainsim run}, and the same bytes across three nodes then; the
 * evidence-reward sums again the same day when its scenario's learning rate went from 0.005 to 0.001.
 * {@code two-step-model-free.cpu.sha256} (issue 14: a habit region's SARSA(λ) cache on Daw's task, 30 trials, with
 * the second-stage choices) and {@code two-step-model-based.cpu.sha256} (a goal-directed region's learned model and
 * planner, 30 trials): taken on 2026-12-03 and the same bytes across three nodes then. {@code
 * two-step-hybrid.cpu.sha256}: both controllers offering their values to an arbiter (w = 0.5), 30 trials; taken the
 * same day and the same bytes across three nodes, with the two controllers on different nodes.
 * {@code devaluation.cpu.sha256}: habit, goal-directed and an uncertainty-based arbiter on the devaluation task, 30
 * training trials, 6 exposures of the devalued outcome, 6 extinction presses, every array including the arbiter's
 * per-trial record; taken on 2026-12-03 and the same bytes across three nodes (habit, goal and arbiter each on its own).
 * {@code two-step-cooperative.cpu.sha256}: the same two regions cooperating on the habit's loss (the goal region
 * learning from it over a gradient link), 30 trials; taken the same day, the same bytes with the two on different
 * nodes.
 *
 * <p>Every sum that BLAS touches was taken again on 2026-12-02 when the launchers began to pin OpenBLAS's kernels
 * ({@code OPENBLAS_CORETYPE=Haswell}): until then OpenBLAS chose them by CPU, and a machine with AVX-512 and one told to
 * use the AVX2 kernels recorded different bytes (the spiking {@code .cpu} sums, which do not use BLAS, did not move).
 * The code was that of commit c7dd4e9, whose sums matched the old ones under the old autodetected kernels.
 *
 * <p>On 2026-12-04 the MSE loss of float32 predictions began to sum its squared differences in Java, in double and
 * each step's sum rounded to float (so that a sum past the largest float stays infinite, as a diverging run needs),
 * instead of through ND4J's float reduction (issue 11: a loss judged at every step paid ND4J's call overhead a step): the
 * recorded loss arrays of {@code learn-sine} and {@code learn-from-error} (both kinds) and the two of
 * {@code predictive-hierarchy.cpu} were taken again; no other array moved (weights and activity do not depend on the
 * loss's value).
 *
 * <p>On 2026-12-04 (night) the rate step's product on the {@code cpu} backend became one fused multiply-add chain per
 * element ({@code FmaGemm}, issue 11), the same bits on every machine and vector width, instead of OpenBLAS's pinned
 * kernels: the sums of the ten scenarios with rate regions on that backend were taken again ({@code hello},
 * {@code predictive-hierarchy}, {@code cooperation}, {@code cooperation-exact}, {@code bandit}, {@code bandit-critic},
 * {@code two-step}, {@code bandit-two-actors}, {@code two-step-wang}, {@code two-step-cooperative}, all {@code .cpu});
 * every other sum, the {@code nd4j} ones and the spiking ones, did not move. {@code bandit-critic.cpu}'s were the same
 * in JVMs held to 256- and 128-bit vectors.
 *
 * <p>The sums were taken from {@code ./brainsim run scenarios/<name>.conf} (evidence-accumulation with
 * {@code --trials 3}); they are never regenerated by a test.
 */
public final class GoldenArrays
{
    /**
     * One golden run.
     *
     * @param scenario  the example scenario ({@code scenarios/<scenario>.conf}).
     * @param trials    the trial limit it runs with ({@code 0}: none).
     * @param overrides {@code --set} overrides.
     * @param sums      the sums file, {@code golden/<sums>.sha256}.
     */
    public record Case(String scenario, long trials, List<String> overrides, String sums)
    {
        @Override
        public String toString()
        {
            return sums;
        }
    }

    /** Every golden run. */
    public static final List<Case> CASES = List.of(
        new Case("hello", 0, List.of("regions.v1.backend=nd4j", "regions.pfc.backend=nd4j", "regions.hpc.backend=nd4j"),
            "hello"),
        new Case("hello", 0, List.of(), "hello.cpu"),
        new Case("learn-sine", 0, List.of("regions.ctx.backend=nd4j"), "learn-sine"),
        new Case("learn-sine", 0, List.of(), "learn-sine.cpu"),
        new Case("learn-from-error", 0, List.of("regions.ctx.backend=nd4j", "regions.out.backend=nd4j"),
            "learn-from-error"),
        new Case("learn-from-error", 0, List.of(), "learn-from-error.cpu"),
        new Case("evidence-accumulation", 3, List.of("regions.ctx.backend=nd4j"), "evidence-accumulation"),
        new Case("evidence-accumulation", 3, List.of(), "evidence-accumulation.cpu"),
        new Case("predictive-hierarchy", 0, List.of("phases.train.trials=6", "phases.test.trials=2",
            "phases.cut-top-down.trials=2"), "predictive-hierarchy.cpu"),
        new Case("cooperation", 0, List.of("phases.train.trials=4", "phases.test.trials=2"), "cooperation.cpu"),
        new Case("cooperation-exact", 0, List.of("phases.train.trials=4", "phases.test.trials=2"),
            "cooperation-exact.cpu"),
        new Case("bandit", 0, List.of("phases.train.trials=20", "phases.test.trials=5"), "bandit.cpu"),
        new Case("bandit-critic", 0, List.of("phases.train.trials=12", "phases.test.trials=4"), "bandit-critic.cpu"),
        new Case("two-step", 0, List.of("phases.train.trials=12", "phases.test.trials=4"), "two-step.cpu"),
        new Case("random-walk", 0, List.of("batch=64", "phases.train.trials=6", "phases.anneal-1.trials=2",
            "phases.anneal-2.trials=1", "phases.anneal-3.trials=1", "phases.anneal-4.trials=1", "phases.test.trials=2"),
            "random-walk.cpu"),
        new Case("bandit-two-actors", 0, List.of("phases.train.trials=12", "phases.test.trials=4"),
            "bandit-two-actors.cpu"),
        new Case("two-step-wang", 0, List.of("phases.train.trials=6", "phases.test.trials=2"), "two-step-wang.cpu"),
        new Case("dnms-miconi", 0, List.of("phases.train.trials=6", "phases.test.trials=2"), "dnms-miconi.cpu"),
        new Case("evidence-reward", 0, List.of("phases.train.trials=3", "phases.test.trials=1"),
            "evidence-reward.cpu"),
        new Case("two-step-model-free", 0, List.of("phases.train.trials=30"), "two-step-model-free.cpu"),
        new Case("two-step-model-based", 0, List.of("phases.train.trials=30"), "two-step-model-based.cpu"),
        new Case("two-step-hybrid", 0, List.of("phases.train.trials=30"), "two-step-hybrid.cpu"),
        new Case("devaluation", 0, List.of("phases.train.trials=30", "phases.devalue.trials=6",
            "phases.test.trials=6"), "devaluation.cpu"),
        new Case("two-step-cooperative", 0, List.of("phases.train.trials=30"), "two-step-cooperative.cpu"));

    private GoldenArrays()
    {
    }

    /** @return the stored sums of a golden run's arrays, by path relative to the run directory. */
    public static Map<String, String> expected(final String file)
    {
        final String resource = "/golden/" + file + ".sha256";
        try (InputStream in = GoldenArrays.class.getResourceAsStream(resource))
        {
            assertNotNull(in, "no golden sums " + resource);
            final Map<String, String> sums = new TreeMap<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isBlank())
                {
                    final String[] parts = line.trim().split("\\s+", 2);
                    sums.put(parts[1], parts[0]);
                }
            }
            return sums;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Asserts that every golden array of a run is in {@code runDir} with its stored bytes. Arrays the run wrote
     * beyond the golden ones are not golden (they did not exist before) and are not checked here.
     */
    public static void assertMatches(final Case run, final Path runDir)
    {
        final String scenario = run.sums();
        final Map<String, String> actual = RunArrays.sha256Sums(runDir);
        final List<String> problems = new ArrayList<>();
        expected(run.sums()).forEach((file, sum) ->
        {
            final String got = actual.get(file);
            if (got == null)
            {
                problems.add(file + ": missing");
            }
            else if (!got.equals(sum))
            {
                problems.add(file + ": sha256 " + got + " (golden: " + sum + ")");
            }
        });
        if (!problems.isEmpty())
        {
            fail(scenario + ": " + problems.size() + " golden array(s) changed in " + runDir + ":\n  " +
                String.join("\n  ", problems));
        }
    }
}
