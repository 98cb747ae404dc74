package org.brainsim.scenarios;

import org.brainsim.scenarios.record.NpyReader;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A region that acts and learns from rewards, in the lockstep: an actor-critic region on the two-armed bandit. Its
 * actions are drawn with its own stream and reach the task over the action link; the task's answers reach it over
 * the reward link, inside each trial; it learns to choose the better arm; and the same seed gives the same bytes
 * whatever the threads. Scenario mistakes about rewards and actions are reported with their line.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RewardScenarioTest
{
    private static final String BANDIT = String.join("\n",
        "seed = 1",
        "dt_ms = 1.0",
        "batch = 16",
        "task { name = bandit, arms = 2, p_best = 0.8, p_other = 0.2 }",
        "regions {",
        "  actor { size = 32, tau_ms = 10, rule = bptt, learning_rate = 0.01, outputs = 2,",
        "          objective = actor-critic, gamma = 0.9, value_weight = 0.5, entropy_weight = 0.01 }",
        "}",
        "links {",
        "  cue { from = task, to = actor, kind = observation, delay_steps = 1, weight_scale = 1 }",
        "  reward { from = task, to = actor, kind = reward, delay_steps = 1 }",
        "  choice { from = actor, to = task, kind = action, delay_steps = 1 }",
        "}",
        "phases = [ { name = train, trials = 60 } ]",
        "");

    /** A critic's TD error travels to the actor over a modulator link 5 steps long. */
    private static final String CRITIC = String.join("\n",
        "seed = 1",
        "dt_ms = 1.0",
        "batch = 16",
        "task { name = bandit, arms = 2, p_best = 0.8, p_other = 0.2 }",
        "regions {",
        "  critic { size = 32, tau_ms = 10, rule = bptt, learning_rate = 0.01, outputs = 1, objective = td-critic }",
        "  actor { size = 32, tau_ms = 10, rule = bptt, learning_rate = 0.01, outputs = 2,",
        "          objective = actor, entropy_weight = 0.01 }",
        "}",
        "links {",
        "  cue_critic { from = task, to = critic, kind = observation, delay_steps = 1 }",
        "  reward_critic { from = task, to = critic, kind = reward, delay_steps = 1 }",
        "  cue_actor { from = task, to = actor, kind = observation, delay_steps = 1 }",
        "  reward_actor { from = task, to = actor, kind = reward, delay_steps = 1 }",
        "  dopamine { from = critic, to = actor, kind = modulator, delay_steps = 5 }",
        "  choice { from = actor, to = task, kind = action, delay_steps = 1 }",
        "}",
        "phases = [ { name = train, trials = 60 } ]",
        "");

    /** Two actors choose one arm each; only their best pair pays well; one critic's TD errors reach both. */
    private static final String TWO_ACTORS = CRITIC.replace("arms = 2, p_best", "arms = 2, actors = 2, p_best")
        .replace("objective = actor, entropy_weight = 0.01 }", "objective = actor, entropy_weight = 0.01 }\n" +
            "  second { size = 32, tau_ms = 10, rule = bptt, learning_rate = 0.01, outputs = 2,\n" +
            "           objective = actor, entropy_weight = 0.01 }")
        .replace("  choice { from = actor", "  cue_second { from = task, to = second, kind = observation, delay_steps = 1 }\n" +
            "  reward_second { from = task, to = second, kind = reward, delay_steps = 1 }\n" +
            "  dopamine_second { from = critic, to = second, kind = modulator, delay_steps = 5 }\n" +
            "  choice_second { from = second, to = task, kind = action, delay_steps = 1 }\n" +
            "  choice { from = actor")
        .replace("trials = 60 }", "trials = 80 }");

    /** Miconi's rule on a short DNMS, learning from the reward the task sends after the response window. */
    private static final String MICONI = String.join("\n",
        "seed = 1",
        "dt_ms = 1.0",
        "batch = 2",
        "task { name = dnms, reward = true, duration_ms = 60, stimulus_ms = 10, second_stimulus_ms = 20, response_ms = 10 }",
        "regions {",
        "  ctx { size = 16, tau_ms = 5, recurrent_gain = 1.5, readout = units, rule = miconi,",
        "        perturbation_probability = 0.05, perturbation_amplitude = 4, baseline = per-input,",
        "        optimizer = sgd, learning_rate = 1, outputs = 1, objective = reward }",
        "}",
        "links {",
        "  stimuli { from = task, to = ctx, kind = observation, delay_steps = 1 }",
        "  rewards { from = task, to = ctx, kind = reward, delay_steps = 1 }",
        "  answer { from = ctx, to = task, kind = action, delay_steps = 1 }",
        "}",
        "phases = [ { name = train, trials = 6 } ]",
        "");

    @TempDir
    Path dir;

    /** Reward-based e-prop on a short evidence task whose only reward answers the choice at the recall's end. */
    private static final String EVIDENCE = String.join("\n",
        "seed = 3",
        "dt_ms = 1.0",
        "batch = 4",
        "task { name = evidence-reward, cues = 3, cue_ms = 10, cue_interval_ms = 15, delay_ms = 20, recall_ms = 10 }",
        "regions {",
        "  ctx { model = alif, size = 20, tau_ms = 20, v_th = 0.6, tau_out_ms = 20, outputs = 2,",
        "        rule = eprop, feedback = random, objective = actor-critic, gamma = 1.0, learning_rate = 0.01 }",
        "}",
        "links {",
        "  cues   { from = task, to = ctx, kind = observation, delay_steps = 1 }",
        "  reward { from = task, to = ctx, kind = reward, delay_steps = 1 }",
        "  choice { from = ctx, to = task, kind = action, delay_steps = 1 }",
        "}",
        "phases = [ { name = train, trials = 4 } ]",
        "");

    @Test
    void theDelayedRewardEvidenceTaskAnswersOnlyTheChoiceAndTheSameSeedGivesTheSameBytes() throws Exception
    {
        final Path perNode = run(EVIDENCE, "evidence-per-node", List.of());
        final Path single = run(EVIDENCE, "evidence-single", List.of("threads=single"));
        for (final String array : List.of("task/reward.npy", "task/choice.npy", "loss/ctx.npy", "readout/ctx.npy"))
        {
            assertArrayEquals(java.nio.file.Files.readAllBytes(perNode.resolve(array)),
                java.nio.file.Files.readAllBytes(single.resolve(array)), array);
        }
        // 3 cue slots of 15 steps, a 20-step delay and a 10-step recall: 75 steps, the decision at the last; the answer
        // arrives 2 steps later (the lag) and ends the trial
        final long[] choice = NpyReader.read(perNode.resolve("task/choice.npy")).longs();
        final double[] reward = NpyReader.read(perNode.resolve("task/reward.npy")).doubles();
        final double[] error = NpyReader.read(perNode.resolve("task/row_errors.npy")).doubles();
        final int steps = choice.length / (4 * 4);
        assertEquals(75 + 2, steps);
        for (int row = 0; row < 16; row++)
        {
            for (int t = 0; t < steps; t++)
            {
                final long c = choice[row * steps + t];
                assertTrue(t == 74 ? c == 0 || c == 1 : c == -1, "row " + row + " step " + t + ": " + c);
            }
            assertEquals(1 - error[row], reward[row], 0.0, "reward 1 exactly when the choice was right, row " + row);
        }
        // the answer reached the region inside the trial and credited the decision: the actor-critic loss is not 0
        for (final double loss : NpyReader.read(perNode.resolve("loss/ctx.npy")).doubles())
        {
            assertTrue(Double.isFinite(loss) && loss != 0, "a credited decision: " + loss);
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

    private static double mean(final double[] values, final int from, final int to)
    {
        return Arrays.stream(values, from, to).average().orElseThrow();
    }

    @Test
    void anActorCriticRegionLearnsToChooseTheBetterArm() throws Exception
    {
        // three seeds: which arm is better is drawn from the seed, and so are the rewards and the actions
        for (final int seed : new int[] {1, 2, 3})
        {
            final Path out = run(BANDIT, "seed" + seed, List.of("seed=" + seed));
            final double[] error = NpyReader.read(out.resolve("task/error.npy")).doubles();
            final double[] reward = NpyReader.read(out.resolve("task/reward.npy")).doubles();
            assertEquals(60, error.length);
            assertEquals(60 * 16, reward.length);
            final double early = mean(error, 0, 10);
            final double late = mean(error, 50, 60);
            assertTrue(late < 0.25 && late < early - 0.15, "seed " + seed + ": the share of rows that miss the better " +
                "arm falls from " + early + " to " + late);
            assertTrue(mean(reward, 50 * 16, 60 * 16) > 0.6, "seed " + seed + ": late rewards approach 0.8");
        }
    }

    @Test
    void theRegionsMBeanShowsTheRewardsOfItsLastTrialAsTheTaskRecordedThem() throws Exception
    {
        final javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        final javax.management.ObjectName actor = new javax.management.ObjectName("org.brainsim:type=Region,name=actor");
        final java.util.Map<Long, Double> seen = new java.util.TreeMap<>();
        final Scenario s = ScenarioLoader.load(ScenarioProblems.write(dir, BANDIT), List.of());
        final Path out = dir.resolve("figures");
        final RunOutcome outcome = ScenarioRun.prepare(s, out).execute(new RunListener()
        {
            @Override
            public void trials(final long trialsScored, final String phase, final double lastError)
            {
                try
                {
                    // the trial count read on both sides of the reward: the same trial's figure
                    final long before = (long)server.getAttribute(actor, "Trial");
                    final double reward = (double)server.getAttribute(actor, "Reward");
                    if (before > 0 && before == (long)server.getAttribute(actor, "Trial"))
                    {
                        seen.put(before, reward);
                    }
                }
                catch (final javax.management.InstanceNotFoundException ex)
                {
                    // the run's last progress report can come after the region stopped and left the MBean server
                }
                catch (final javax.management.JMException ex)
                {
                    throw new AssertionError(ex);
                }
            }
        });
        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] reward = NpyReader.read(out.resolve("task/reward.npy")).doubles();
        assertTrue(!seen.isEmpty(), "the trials were seen over JMX");
        for (final java.util.Map.Entry<Long, Double> e : seen.entrySet())
        {
            final int trial = (int)(e.getKey() - 1);
            assertEquals(mean(reward, trial * 16, trial * 16 + 16), e.getValue(), 1e-6, "trial " + trial);
        }
    }

    @Test
    void actionsAndRewardsTravelInTheTrialAndTheSameSeedGivesTheSameBytes() throws Exception
    {
        final Path perNode = run(BANDIT, "per-node", List.of());
        final Path single = run(BANDIT, "single", List.of("threads=single"));
        for (final String array : List.of("task/choice.npy", "task/reward.npy", "readout/actor.npy", "loss/actor.npy"))
        {
            assertArrayEquals(java.nio.file.Files.readAllBytes(perNode.resolve(array)),
                java.nio.file.Files.readAllBytes(single.resolve(array)), array);
        }
        // every row chose an arm at the first step of every trial (the answer came back inside it); -1 elsewhere
        final long[] choice = NpyReader.read(perNode.resolve("task/choice.npy")).longs();
        final int steps = choice.length / (60 * 16);
        assertEquals(3, steps, "trials of lag + 1 steps (observation and action delays of 1)");
        for (int i = 0; i < choice.length; i++)
        {
            assertTrue(i % steps == 0 ? choice[i] == 0 || choice[i] == 1 : choice[i] == -1, "choice[" + i + "]");
        }
        // the rewards the task recorded are those of the arms chosen: 0 or 1
        for (final double r : NpyReader.read(perNode.resolve("task/reward.npy")).doubles())
        {
            assertTrue(r == 0 || r == 1);
        }
    }

    /** Miconi's rule and the plain three-factor Hebbian rule with a fading eligibility take the same path. */
    @ParameterizedTest
    @ValueSource(strings = {"miconi", "reward-hebbian, trace_tau_ms = 20"})
    void aRewardRuleHearsTheTasksRewardForEachTrialInsideItAndTheSameSeedGivesTheSameBytes(final String rule)
        throws Exception
    {
        final String scenario = MICONI.replace("rule = miconi,", "rule = " + rule + ",");
        final String name = rule.substring(0, 6);
        final Path perNode = run(scenario, name + "-per-node", List.of());
        final Path single = run(scenario, name + "-single", List.of("threads=single"));
        for (final String array : List.of("task/reward.npy", "readout/ctx.npy", "loss/ctx.npy"))
        {
            assertArrayEquals(java.nio.file.Files.readAllBytes(perNode.resolve(array)),
                java.nio.file.Files.readAllBytes(single.resolve(array)), array);
        }
        // the region's loss is minus the reward the task sent, summed over the rows: it arrived inside each trial
        final double[] reward = NpyReader.read(perNode.resolve("task/reward.npy")).doubles();
        final double[] loss = NpyReader.read(perNode.resolve("loss/ctx.npy")).doubles();
        assertEquals(6, loss.length);
        for (int trial = 0; trial < 6; trial++)
        {
            assertTrue(reward[2 * trial] < 0 && reward[2 * trial + 1] < 0, "R = -mean |y - y*| < 0");
            assertEquals(-(reward[2 * trial] + reward[2 * trial + 1]), loss[trial], 1e-6, "trial " + trial);
        }
        // the output is unit 0's rate, never learned: the readout equals that unit's activity at every step
        final float[] y = NpyReader.read(perNode.resolve("readout/ctx.npy")).floats();
        final float[] a = NpyReader.read(perNode.resolve("activity/ctx.npy")).floats();
        final int steps = y.length / (6 * 2);
        assertEquals(62, steps, "60 steps and the response lag of 2");
        for (int i = 0; i < y.length; i++)
        {
            assertEquals(a[i * 16], y[i], 0f, "step " + i);
        }
    }

    @Test
    void anActorLearnsFromTheTdErrorsACriticSendsItOverADelayedModulatorLink() throws Exception
    {
        final Path out = run(CRITIC, "critic", List.of());
        final double[] error = NpyReader.read(out.resolve("task/error.npy")).doubles();
        // trials of lag + settle + 1 = 2 + 5 + 1 steps: the TD error about the decision arrives before the trial ends
        assertEquals(60 * 16 * 8, NpyReader.read(out.resolve("task/choice.npy")).longs().length);
        final double early = mean(error, 0, 10);
        final double late = mean(error, 50, 60);
        assertTrue(late < 0.25 && late < early - 0.15, "the share of rows that miss the better arm falls from " + early +
            " to " + late);
        // the critic learned a value: its loss fell
        final double[] critic = NpyReader.read(out.resolve("loss/critic.npy")).doubles();
        assertTrue(mean(critic, 50, 60) < mean(critic, 0, 10), "the critic's TD loss falls");
        // without the TD errors (the link cut), the actor learns nothing: its policy stays where it started
        final Path cut = run(CRITIC.replace("trials = 60 }", "trials = 60, cut = [dopamine] }"), "cut", List.of());
        final double[] blind = NpyReader.read(cut.resolve("task/error.npy")).doubles();
        assertTrue(Math.abs(mean(blind, 50, 60) - mean(blind, 0, 10)) < 0.2 && mean(blind, 50, 60) > 0.25,
            "no TD errors, no learning: " + mean(blind, 0, 10) + " then " + mean(blind, 50, 60));
    }

    /**
     * Two actors under one critic: the task takes both action links and pays the pair; each actor learns from the TD
     * errors about its decisions until most rows choose the best pair (chance: a quarter). The joint choice is recorded.
     */
    @Test
    void twoActorsLearnTheirShareOfAJointChoiceFromOneCriticsTdErrors() throws Exception
    {
        final Path out = run(TWO_ACTORS, "two-actors", List.of());
        final double[] error = NpyReader.read(out.resolve("task/error.npy")).doubles();
        final double early = mean(error, 0, 10);
        final double late = mean(error, 70, 80);
        assertTrue(early > 0.5 && late < 0.3, "the share of rows that miss the best pair falls from " + early + " to " +
            late);
        // each actor finds its own arm: decode the joint choice (first actor's arm + 2 x the second's) per actor
        final NpyReader.Array choice = NpyReader.read(out.resolve("task/choice.npy"));
        final long[] joint = choice.longs();
        final long[] best = NpyReader.read(out.resolve("task/labels.npy")).longs();
        final int rows = (int)choice.header().shape()[1];
        final int steps = (int)choice.header().shape()[2];
        final double[][] share = new double[2][2]; // [actor][first 10 trials, last 10]
        for (int trial = 0; trial < 80; trial++)
        {
            for (int b = 0; b < rows; b++)
            {
                final long c = joint[(trial * rows + b) * steps];
                final long star = best[trial * rows + b];
                assertTrue(c >= 0 && c <= 3, "a joint arm of 2 x 2 at the decision step: " + c);
                for (int actor = 0; actor < 2; actor++)
                {
                    final long mine = actor == 0 ? c % 2 : c / 2;
                    final long right = actor == 0 ? star % 2 : star / 2;
                    if (trial < 10 || trial >= 70)
                    {
                        share[actor][trial < 10 ? 0 : 1] += mine == right ? 1.0 / (10 * rows) : 0;
                    }
                }
            }
        }
        for (int actor = 0; actor < 2; actor++)
        {
            assertTrue(share[actor][1] > 0.8 && share[actor][1] > share[actor][0] + 0.2, "actor " + actor +
                " chooses its best arm in " + share[actor][0] + " of the rows, then " + share[actor][1]);
        }
    }

    @Test
    void theTwoStepTaskRunsInEpisodesAndItsRunOpensInTheAnalysis() throws Exception
    {
        final String twoStep = BANDIT.replace("name = bandit, arms = 2, p_best = 0.8, p_other = 0.2",
            "name = two-step, variant = daw, trials_per_episode = 5").replace("trials = 60", "trials = 20");
        final Path out = run(twoStep, "two-step", List.of());
        final NpyReader.Array choice = NpyReader.read(out.resolve("task/choice.npy"));
        assertArrayEquals(new long[] {20, 16, 5}, choice.header().shape(), "episode x row x two-step trial");
        final long[] common = NpyReader.read(out.resolve("task/common.npy")).longs();
        final double share = Arrays.stream(common).average().orElseThrow();
        // 1600 transitions, p = 0.7: sd 0.0115
        assertEquals(0.7, share, 0.05, "common transitions");
        for (final long c : choice.longs())
        {
            assertTrue(c == 0 || c == 1, "every two-step trial has a first-stage choice: " + c);
        }
        final List<Path> written = org.brainsim.scenarios.rl.TwoStepReport.write(out);
        assertTrue(java.nio.file.Files.readString(written.get(0)).contains("logistic_regression"), "the analysis ran");
        final Path single = run(twoStep, "two-step-single", List.of("threads=single"));
        for (final String array : List.of("task/choice.npy", "task/common.npy", "task/rewarded.npy", "loss/actor.npy"))
        {
            assertArrayEquals(java.nio.file.Files.readAllBytes(out.resolve(array)),
                java.nio.file.Files.readAllBytes(single.resolve(array)), array);
        }
    }

    static Stream<Arguments> mistakes()
    {
        return Stream.of(
            Arguments.of("a reward link into a region with no RL objective", BANDIT.replace("}\nlinks {",
                "  other { size = 8, tau_ms = 10 }\n}\nlinks {\n  see { from = task, to = other, kind = observation, " +
                "delay_steps = 1 }\n  extra { from = task, to = other, kind = reward, delay_steps = 1 }"),
                "links.extra.to", "extra {", "no objective that learns from rewards"),
            Arguments.of("an action link whose width is not the task's actions", BANDIT.replace("outputs = 2",
                "outputs = 3"), "links.choice.from", "choice {", "the task expects 2"),
            Arguments.of("gamma outside [0, 1]", BANDIT.replace("gamma = 0.9", "gamma = 1.5"),
                "regions.actor.gamma", "gamma = 1.5", "must be >= 0 and <= 1, got 1.5"),
            Arguments.of("a reward link from a task without rewards", BANDIT.replace(
                "name = bandit, arms = 2, p_best = 0.8, p_other = 0.2", "name = dnms"), "links.reward.kind", "reward {",
                "gives no rewards"),
            Arguments.of("an actor-critic region without a reward link", BANDIT.replace(
                "  reward { from = task, to = actor, kind = reward, delay_steps = 1 }\n", ""),
                "regions.actor.objective", "objective = actor-critic", "kind = reward"),
            Arguments.of("a reward link that does not start at the task", BANDIT.replace(
                "reward { from = task", "reward { from = actor"), "links.reward.from", "reward {", "from = task"),
            Arguments.of("a modulator link from a region that emits none", CRITIC.replace("dopamine { from = critic",
                "dopamine { from = actor").replace("to = actor, kind = modulator", "to = critic, kind = modulator"),
                "links.dopamine.from", "dopamine {", "sends no neuromodulator"),
            Arguments.of("a modulator link into a region that does not learn from one", CRITIC.replace(
                "objective = actor, entropy_weight = 0.01", "objective = actor-critic"), "links.dopamine.to",
                "dopamine {", "no objective that learns from a neuromodulator"),
            Arguments.of("an actor without a modulator link", CRITIC.replace(
                "  dopamine { from = critic, to = actor, kind = modulator, delay_steps = 5 }\n", ""),
                "regions.actor.objective", "objective = actor,", "kind = modulator"),
            Arguments.of("a critic with an action link", CRITIC.replace("choice { from = actor", "choice { from = critic"),
                "regions.critic.objective", "objective = td-critic", "draws no actions"),
            Arguments.of("a td-critic with two readout units", CRITIC.replace("outputs = 1, objective = td-critic",
                "outputs = 2, objective = td-critic"), "regions.critic.outputs", "outputs = 2, objective = td-critic",
                "outputs = 1"),
            Arguments.of("an acting region with trials of its own", BANDIT.replace("outputs = 2,",
                "outputs = 2, trial_steps = 3,"), "regions.actor.trial_steps", "trial_steps = 3", "remove trial_steps"),
            Arguments.of("an acting task without an action link", BANDIT.replace(
                "  choice { from = actor, to = task, kind = action, delay_steps = 1 }\n", ""), "task", "task {",
                "the task takes actions"),
            Arguments.of("two reward links into one region", BANDIT.replace("  choice {",
                "  reward2 { from = task, to = actor, kind = reward, delay_steps = 1 }\n  choice {"),
                "links.reward2.to", "reward2 {", "takes one reward link"),
            Arguments.of("a target link into an acting region", BANDIT.replace("  choice {",
                "  taught { from = task, to = actor, kind = target, delay_steps = 1 }\n  choice {"),
                "links.taught.kind", "taught {", "takes no target link"),
            Arguments.of("a critic and an actor that hear the task at different delays", CRITIC.replace(
                "cue_actor { from = task, to = actor, kind = observation, delay_steps = 1",
                "cue_actor { from = task, to = actor, kind = observation, delay_steps = 2").replace(
                "reward_actor { from = task, to = actor, kind = reward, delay_steps = 1",
                "reward_actor { from = task, to = actor, kind = reward, delay_steps = 2"), "links.dopamine",
                "dopamine {", "at the same delay"),
            Arguments.of("two actors on a task that takes one", TWO_ACTORS.replace("actors = 2, ", ""),
                "links.choice_second", "choice_second {", "at most one action link"),
            Arguments.of("two action links from one actor", TWO_ACTORS.replace("choice_second { from = second",
                "choice_second { from = actor"), "links.choice_second.from", "choice_second {", "already sends the task"),
            Arguments.of("one action link to a task that takes two actors' actions", CRITIC.replace("arms = 2, p_best",
                "arms = 2, actors = 2, p_best"), "task.actors", "task {", "add one action link from each"),
            Arguments.of("objective = reward under a rule that follows gradients", MICONI.replace("rule = miconi,",
                "rule = bptt,"), "regions.ctx.rule", "rule = bptt", "miconi"),
            Arguments.of("objective = reward without an action link", MICONI.replace(
                "  answer { from = ctx, to = task, kind = action, delay_steps = 1 }\n", ""), "regions.ctx.objective",
                "objective = reward", "kind = action"),
            Arguments.of("readout = units reading more outputs than the region has units", BANDIT.replace(
                "actor { size = 32,", "actor { size = 1, readout = units,"), "regions.actor.readout",
                "readout = units", "readout width <= size"),
            Arguments.of("a reward link from a dnms task without reward = true", MICONI.replace("reward = true, ", ""),
                "links.rewards.kind", "rewards {", "gives no rewards"),
            Arguments.of("two actors with different response lags", TWO_ACTORS.replace(
                "choice { from = actor, to = task, kind = action, delay_steps = 1",
                "choice { from = actor, to = task, kind = action, delay_steps = 2"),
                "links.choice_second.delay_steps", "choice_second {", "must be the same"));
    }

    /**
     * Every problem reported names its file and line; the mistake's own is among them (one mistake may break more rules:
     * a critic given the action link also leaves the actor without one, and the task without an actor to act on it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aRewardMistakeIsReportedWithItsLine(final String name, final String text, final String key,
                                             final String marker, final String fragment) throws Exception
    {
        final ScenarioException ex = ScenarioProblems.assertReportedAt(dir, text, key, marker, fragment);
        assertTrue(ex.problems().size() <= 3, "one mistake, a few problems: " + ex.problems());
    }
}
