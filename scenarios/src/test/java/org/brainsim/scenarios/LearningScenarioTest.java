package org.brainsim.scenarios;

import org.brainsim.regions.network.Models;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.regions.rules.Rules;
import org.brainsim.scenarios.record.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any (model, rule) pair given to a scenario region learns in lockstep: learn-sine.conf, shortened, with
 * the pair set by overrides; the per-trial loss it records goes down.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LearningScenarioTest
{
    @TempDir
    Path dir;

    static Stream<Arguments> pairs()
    {
        final List<Arguments> pairs = new ArrayList<>();
        for (final RegionModel model : Models.REGISTRY.all())
        {
            for (final RuleType rule : Rules.REGISTRY.all())
            {
                if (rule.appliesTo(model))
                {
                    pairs.add(Arguments.of(model.name(), rule.name()));
                }
            }
        }
        return pairs.stream();
    }

    private static Scenario shortened(final String model, final String rule, final String... more) throws Exception
    {
        final List<String> overrides = new ArrayList<>(List.of("regions.ctx.model=" + model, "regions.ctx.rule=" + rule,
            "regions.ctx.size=30", "regions.ctx.trial_steps=100", "inputs.stim.frozen_steps=100",
            "inputs.goal.frequency_hz=10", "steps=1500", "regions.ctx.learning_rate=0.02"));
        if (model.equals("lif"))
        {
            overrides.add("regions.ctx.alif_fraction=0");
        }
        if (rule.equals("readout-only"))
        {
            // The readout learns by its delta rule alone: it can take larger steps.
            overrides.add("regions.ctx.learning_rate=0.1");
        }
        if (rule.equals("miconi"))
        {
            // The readout's delta rule beside a slow, noisy reward-driven rule: larger steps than the gradient rules,
            // but at 0.1 the units' biases (bias_std 0.1) make the seeded run oscillate (seeds 7 and 9 did).
            overrides.add("regions.ctx.learning_rate=0.05");
        }
        overrides.addAll(List.of(more));
        return ScenarioLoader.load(Path.of("learn-sine.conf"), overrides);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pairs")
    void everyModelAndRuleLearnsInLockstep(final String model, final String rule) throws Exception
    {
        final Path out = dir.resolve(model + "-" + rule);
        final RunOutcome outcome = ScenarioRun.prepare(shortened(model, rule), out).execute(RunListener.NONE);

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        final double[] loss = NpyReader.read(out.resolve("loss/ctx.npy")).doubles();
        assertEquals(15, loss.length);
        final double first = (loss[0] + loss[1] + loss[2]) / 3;
        final double last = (loss[12] + loss[13] + loss[14]) / 3;
        assertTrue(last < 0.8 * first, model + " " + rule + ": loss " + first + " -> " + last);
        assertArrayEquals(new long[] {2, 1500, 1}, NpyReader.read(out.resolve("readout/ctx.npy")).header().shape());
    }

    @Test
    void learningRunsAreBitIdenticalWhateverTheThreads() throws Exception
    {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        ScenarioRun.prepare(shortened("alif", "eprop", "threads=per-node", "steps=400"), a).execute(RunListener.NONE);
        ScenarioRun.prepare(shortened("alif", "eprop", "threads=single", "steps=400"), b).execute(RunListener.NONE);

        assertArrayEquals(NpyReader.read(a.resolve("loss/ctx.npy")).doubles(),
            NpyReader.read(b.resolve("loss/ctx.npy")).doubles(), 0.0);
        assertArrayEquals(NpyReader.read(a.resolve("activity/ctx.npy")).uint8(),
            NpyReader.read(b.resolve("activity/ctx.npy")).uint8());
    }

    @Test
    void aRegionSharingItsBatchAmongThreadsGivesTheSameBits() throws Exception
    {
        // 40 rows: chunks of 16, 16 and 8, on one thread or three
        final Path a = dir.resolve("one");
        final Path b = dir.resolve("three");
        ScenarioRun.prepare(shortened("alif", "eprop", "batch=40", "steps=400", "regions.ctx.batch_threads=1"), a)
            .execute(RunListener.NONE);
        ScenarioRun.prepare(shortened("alif", "eprop", "batch=40", "steps=400", "regions.ctx.batch_threads=3"), b)
            .execute(RunListener.NONE);

        final double[] loss = NpyReader.read(a.resolve("loss/ctx.npy")).doubles();
        assertEquals(4, loss.length);
        assertTrue(loss[0] != loss[3], "it learned");
        assertArrayEquals(loss, NpyReader.read(b.resolve("loss/ctx.npy")).doubles(), 0.0);
        assertArrayEquals(NpyReader.read(a.resolve("activity/ctx.npy")).uint8(),
            NpyReader.read(b.resolve("activity/ctx.npy")).uint8());
        assertEquals(NpyReader.read(a.resolve("readout/ctx.npy")).data(),
            NpyReader.read(b.resolve("readout/ctx.npy")).data(), "the readout, byte for byte");
    }

    @Test
    void anOperatorCanFreezePlasticityLiveOverJmx() throws Exception
    {
        final javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        final javax.management.ObjectName name = new javax.management.ObjectName("org.brainsim:type=Region,name=ctx");
        final Path out = dir.resolve("frozen");
        final int trialSteps = 100;
        final double[] seen = {Double.NaN};
        final long[] frozenAtStep = {-1};
        final long[] trialSeen = {-1};
        final double[] lossSeen = {Double.NaN, Double.NaN};
        // Long enough that the freeze, set from the first progress report past step 300 (reports come every
        // ~200 ms, however fast the run steps), leaves many trials after it.
        final RunOutcome outcome = ScenarioRun.prepare(shortened("alif", "eprop", "steps=30000"), out)
            .execute(new RunListener()
            {
                @Override
                public void progress(final long stepsDone)
                {
                    try
                    {
                        if (stepsDone >= 3 * trialSteps && trialSeen[0] < 0)
                        {
                            // the trial count read on both sides of the loss: the same trial's figures
                            final long before = (long)server.getAttribute(name, "Trial");
                            final double last = (double)server.getAttribute(name, "Loss");
                            final double mean = (double)server.getAttribute(name, "LossMean");
                            if (before > 0 && before == (long)server.getAttribute(name, "Trial"))
                            {
                                trialSeen[0] = before;
                                lossSeen[0] = last;
                                lossSeen[1] = mean;
                            }
                        }
                        if (stepsDone >= 3 * trialSteps && frozenAtStep[0] < 0)
                        {
                            server.setAttribute(name, new javax.management.Attribute("Plasticity", 0.0));
                            frozenAtStep[0] = stepsDone;
                        }
                        else if (frozenAtStep[0] >= 0 && stepsDone > frozenAtStep[0] + 50 && Double.isNaN(seen[0]))
                        {
                            seen[0] = (double)server.getAttribute(name, "Plasticity"); // applied by now
                        }
                    }
                    catch (final javax.management.JMException ex)
                    {
                        throw new AssertionError(ex);
                    }
                }
            });

        assertTrue(outcome.completed(), String.valueOf(outcome.error()));
        assertEquals(0.0, seen[0], "the gate reads back as set, once applied");
        final double[] loss = NpyReader.read(out.resolve("loss/ctx.npy")).doubles();
        assertEquals(300, loss.length);
        // The change is applied at the start of ctx's next step and logged with that step: the trial it falls in ends
        // without an update, so that trial and every later one run on the same weights.
        final List<String> events = java.nio.file.Files.readAllLines(out.resolve("events.jsonl"));
        assertEquals(1, events.size(), String.valueOf(events));
        final com.fasterxml.jackson.databind.JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(events.get(0));
        assertEquals("ctx", event.get("target").asText());
        assertEquals("plasticity", event.get("what").asText());
        assertEquals(1.0, event.get("old").asDouble());
        assertEquals(0.0, event.get("new").asDouble());
        final long appliedAt = event.get("step").asLong();
        assertTrue(appliedAt >= frozenAtStep[0], "applied at step " + appliedAt + ", asked for at " + frozenAtStep[0]);
        final int firstFrozen = (int)(appliedAt / trialSteps);
        assertTrue(loss.length - firstFrozen >= 3,
            "the run ended too soon after the freeze (step " + frozenAtStep[0] + ") to compare trials");
        // Frozen weights, frozen input, deterministic dynamics: every trial after the freeze has the same loss.
        for (int trial = firstFrozen + 1; trial < loss.length; trial++)
        {
            assertEquals(loss[firstFrozen], loss[trial], 0.0, "trial " + trial + " after the freeze at step " +
                frozenAtStep[0]);
        }
        assertTrue(loss[0] != loss[1], "it was learning before the freeze");
        // the MBean's Loss is the recorded loss of the trial it had completed; LossMean the running mean up to it
        assertTrue(trialSeen[0] > 0, "the trials were seen over JMX");
        assertEquals(loss[(int)trialSeen[0] - 1], lossSeen[0], 0.0, "Loss after trial " + trialSeen[0]);
        double mean = loss[0];
        for (int t = 1; t < trialSeen[0]; t++)
        {
            mean += 0.1 * (loss[t] - mean);
        }
        assertEquals(mean, lossSeen[1], 1e-12, "LossMean after trial " + trialSeen[0]);
    }

    @Test
    void aRegionLearnsFromAnotherRegionsErrorFramesAtTheEndOfEachTrial() throws Exception
    {
        final Path learning = dir.resolve("learning");
        final Path frozen = dir.resolve("frozen");
        final List<String> shorter = List.of("steps=600", "regions.ctx.size=20", "regions.out.size=10");
        ScenarioRun.prepare(ScenarioLoader.load(Path.of("learn-from-error.conf"), shorter), learning)
            .execute(RunListener.NONE);
        final List<String> noLearning = new ArrayList<>(shorter);
        noLearning.add("regions.ctx.learning_rate=0");
        ScenarioRun.prepare(ScenarioLoader.load(Path.of("learn-from-error.conf"), noLearning), frozen)
            .execute(RunListener.NONE);

        final NpyReader.Array a = NpyReader.read(learning.resolve("activity/ctx.npy"));
        final NpyReader.Array b = NpyReader.read(frozen.resolve("activity/ctx.npy"));
        final int[] x = a.uint8();
        final int[] y = b.uint8();
        final int units = 20;
        int differBefore = 0;
        int differAfter = 0;
        for (int row = 0; row < 2; row++)
        {
            for (int t = 0; t < 600; t++)
            {
                for (int n = 0; n < units; n++)
                {
                    final int i = (row * 600 + t) * units + n;
                    if (x[i] != y[i])
                    {
                        if (t < 200)
                        {
                            differBefore++;
                        }
                        else
                        {
                            differAfter++;
                        }
                    }
                }
            }
        }
        assertEquals(0, differBefore, "weights change only at the end of a trial");
        assertTrue(differAfter > 0, "out's error frames changed ctx's weights");
        assertEquals(3, NpyReader.read(learning.resolve("loss/out.npy")).doubles().length);
    }

    @Test
    void anErrorLinkMustStartAtARegionWithATargetAndEndAtASpikingEpropRegion()
    {
        final ScenarioException fromNoTarget = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(Path.of("learn-from-error.conf"), List.of("links.out_to_ctx.from=stim")));
        assertTrue(fromNoTarget.getMessage().contains("emits no error"), fromNoTarget.getMessage());
        final ScenarioException intoBptt = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(Path.of("learn-from-error.conf"), List.of("regions.ctx.rule=bptt")));
        assertTrue(intoBptt.getMessage().contains("cannot learn from an error link"), intoBptt.getMessage());
    }

    @Test
    void aRuleThatDoesNotFitTheModelIsAScenarioErrorListingTheAllowedOnes()
    {
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(Path.of("learn-sine.conf"), List.of("regions.ctx.rule=rtrl")));
        assertTrue(ex.getMessage().contains("regions.ctx.rule") && ex.getMessage().contains("none, bptt, eprop, readout-only"),
            ex.getMessage());
    }

    @Test
    void aLearningRegionWithoutATargetIsAScenarioError()
    {
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(Path.of("learn-sine.conf"), List.of("links.goal_to_ctx.kind=activity")));
        assertTrue(ex.getMessage().contains("exactly one link with kind = target"), ex.getMessage());
    }
}
