package org.brainsim.scenarios;

import org.brainsim.scenarios.testing.ScenarioProblems;
import org.brainsim.scenarios.spec.PhaseSpec;
import org.brainsim.regions.network.Lesion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task, phase, link-kind, objective and record sections: one test per class of mistake, each reported
 * with file:line, key and what is allowed.
 */
class TaskScenarioLoaderTest
{
    private static final String VALID = String.join("\n",
        "seed = 1",                                                                          // 1
        "dt_ms = 1",                                                                         // 2
        "batch = 4",                                                                         // 3
        "task { name = evidence-accumulation, delay_ms = 500 }",                             // 4
        "regions {",                                                                         // 5
        "  ctx { model = alif, size = 20, tau_ms = 20, outputs = 2, rule = eprop }",         // 6
        "}",                                                                                 // 7
        "links {",                                                                           // 8
        "  cues   { from = task, to = ctx, kind = observation, delay_steps = 1 }",           // 9
        "  labels { from = task, to = ctx, kind = target, delay_steps = 1 }",                // 10
        "  choice { from = ctx, to = task, kind = action, delay_steps = 1 }",                // 11
        "}",                                                                                 // 12
        "phases = [",                                                                        // 13
        "  { name = train, trials = 100, stop_when { error_below = 0.07, over_trials = 8 } }", // 14
        "  { name = test, trials = 10, plasticity = off }",                                  // 15
        "  { name = lesion, trials = 10, evaluate = true,",                                  // 16
        "    lesion = [ { region = ctx, units = alif, fraction = 0.5 } ] }",                 // 17
        "]",                                                                                 // 18
        "record { every_trials = 10, rows = 2, weights_every_trials = 5 }",                  // 19
        "");

    @TempDir
    Path dir;

    private Path write(final String text) throws Exception
    {
        final Path file = dir.resolve("task.conf");
        Files.writeString(file, text);
        return file;
    }

    private ScenarioProblem onlyProblem(final String text, final String... overrides)
    {
        return ScenarioProblems.only(dir, text, List.of(overrides));
    }

    @Test
    void shouldLoadTaskPhasesAndRecord() throws Exception
    {
        final Scenario s = ScenarioLoader.load(write(VALID), List.of());
        assertEquals("evidence-accumulation", s.task().name());
        assertEquals(500.0, s.task().params().asMap().get("delay_ms"));
        assertEquals(7, s.task().params().asMap().get("cues"), "defaults filled in, integers as integers");
        assertEquals(3, s.phases().size());
        assertEquals(0.07, s.phases().get(0).errorBelow());
        assertEquals(8, s.phases().get(0).overTrials());
        assertEquals(1.0, s.phases().get(0).plasticity().get("ctx"));
        assertEquals(0.0, s.phases().get(1).plasticity().get("ctx"));
        assertEquals(0.0, s.phases().get(2).plasticity().get("ctx"));
        assertEquals(Lesion.Target.ALIF_UNITS, s.phases().get(2).lesions().get(0).lesion().target());
        assertEquals(10, s.record().everyTrials());
        assertEquals(2, s.record().rows());
        assertEquals(Long.MAX_VALUE, s.steps(), "a task scenario needs no steps");
    }

    @Test
    void setReachesPhasesByNameOrIndexAndPhaseSetScalesTheLearningRate() throws Exception
    {
        final Scenario s = ScenarioLoader.load(write(VALID), List.of("phases.train.trials=7", "phases.1.plasticity=0.5",
            "regions.ctx.learning_rate=0.002"));
        assertEquals(7L, s.phases().get(0).trials());
        assertEquals(0.5, s.phases().get(1).plasticity().get("ctx"));
        final Scenario r = ScenarioLoader.load(write(VALID.replace("{ name = test, trials = 10, plasticity = off }",
            "{ name = test, trials = 10, set { regions.ctx.learning_rate = 0.0005 } }")), List.of());
        assertEquals(0.5, r.phases().get(1).plasticity().get("ctx"), 1e-12, "gate = new rate / region rate (0.001)");
    }

    @Test
    void unknownTask() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("evidence-accumulation,", "evidence,"));
        assertEquals("task.name", p.key());
        assertEquals(4, p.line());
        assertTrue(p.message().contains("evidence-accumulation") && p.message().contains("pattern-generation"), p.message());
    }

    @Test
    void unknownTaskParameterListsTheTasksParameters() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("delay_ms = 500", "delay = 500"));
        assertEquals("task.delay", p.key());
        assertEquals(4, p.line());
        assertTrue(p.message().contains("delay_ms") && p.message().contains("p_minority"), p.message());
    }

    @Test
    void taskParameterOutOfRange() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("delay_ms = 500", "p_minority = 0.8"));
        assertEquals("task.p_minority", p.key());
        assertTrue(p.message().contains("<= 0.5"), p.message());
    }

    @Test
    void taskTimingShorterThanAStep() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("delay_ms = 500", "recall_ms = 0.2"));
        assertEquals("task", p.key());
        assertEquals(4, p.line());
        assertTrue(p.message().contains("recall_ms"), p.message());
    }

    @Test
    void phasesWithoutATask() throws Exception
    {
        final ScenarioProblem p = onlyProblem(String.join("\n", "seed = 1", "dt_ms = 1", "steps = 10",
            "regions { a { size = 4, tau_ms = 5 } }", "phases = [ { name = x, trials = 3 } ]", ""));
        assertEquals("phases", p.key());
        assertEquals(5, p.line());
        assertTrue(p.message().contains("need a task"), p.message());
    }

    @Test
    void phaseWithoutALength() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("{ name = test, trials = 10, plasticity = off }",
            "{ name = test, plasticity = off }"));
        assertEquals("phases[1]", p.key());
        assertEquals(15, p.line());
        assertTrue(p.message().contains("trials = N or steps = N"), p.message());
    }

    @Test
    void unknownPhaseKey() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("plasticity = off }", "plastic = off }"));
        assertEquals("phases[1].plastic", p.key());
        assertEquals(15, p.line());
        assertTrue(p.message().contains("plasticity") && p.message().contains("lesion"), p.message());
    }

    @Test
    void duplicatePhaseName() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("name = test", "name = train"));
        assertEquals("phases[1].name", p.key());
        assertEquals(15, p.line());
    }

    @Test
    void badPlasticityValue() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("plasticity = off", "plasticity = frozen"));
        assertEquals("phases[1].plasticity", p.key());
        assertTrue(p.message().contains("on, off"), p.message());
    }

    @Test
    void lesionOfAnUnknownRegion() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("region = ctx, units", "region = pfc, units"));
        assertEquals("phases[2].lesion[0].region", p.key());
        assertEquals(17, p.line());
        assertTrue(p.message().contains("ctx"), p.message());
    }

    @Test
    void lesionNeedsUnitsOrSynapses() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("units = alif, fraction", "units = alif, synapses = recurrent, fraction"));
        assertEquals("phases[2].lesion[0]", p.key());
        assertTrue(p.message().contains("exactly one"), p.message());
    }

    @Test
    void lesionFractionAboveOne() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("fraction = 0.5", "fraction = 1.5"));
        assertEquals("phases[2].lesion[0].fraction", p.key());
        assertEquals(17, p.line());
    }

    @Test
    void phaseSetOfAnUnsettableKey() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("{ name = test, trials = 10, plasticity = off }",
            "{ name = test, trials = 10, set { regions.ctx.tau_ms = 5 } }"));
        assertEquals("phases[1].set.regions.ctx.tau_ms", p.key());
        assertEquals(15, p.line());
        assertTrue(p.message().contains("learning_rate") && p.message().contains("plasticity"), p.message());
    }

    @Test
    void stopCriterionWithoutAnActionLink() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace(
            "  choice { from = ctx, to = task, kind = action, delay_steps = 1 }", ""));
        assertEquals("phases", p.key());
        assertEquals(13, p.line());
        assertTrue(p.message().contains("kind = action"), p.message());
    }

    @Test
    void observationLinkNotFromTheTask() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("cues   { from = task, to = ctx, kind = observation",
            "cues   { from = ctx, to = ctx, kind = observation"));
        assertEquals("links.cues.from", p.key());
        assertEquals(9, p.line());
    }

    @Test
    void activityLinkFromTheTask() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("kind = observation", "kind = activity"));
        assertEquals("links.cues.kind", p.key());
        assertTrue(p.message().contains("observation"), p.message());
    }

    @Test
    void targetLinkIntoTheTask() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("choice { from = ctx, to = task, kind = action",
            "choice { from = ctx, to = task, kind = target").replace(
            "stop_when { error_below = 0.07, over_trials = 8 } ", ""));
        assertEquals("links.choice.to", p.key());
        assertEquals(11, p.line());
        assertTrue(p.message().contains("kind = action"), p.message());
    }

    @Test
    void aRewardLinkFromATaskWithoutRewards() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("kind = action, delay_steps = 1 }",
            "kind = action, delay_steps = 1 }\n  da { from = task, to = ctx, kind = reward, delay_steps = 1 }"));
        assertEquals("links.da.kind", p.key());
        assertEquals(12, p.line());
        assertTrue(p.message().contains("the task gives no rewards (tasks with rewards: bandit, evidence-reward, " +
            "two-step, random-walk, devaluation)"), p.message());
    }

    @Test
    void unknownLinkKindListsTheKinds() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("kind = action", "kind = readout").replace(
            "stop_when { error_below = 0.07, over_trials = 8 } ", ""));
        assertEquals("links.choice.kind", p.key());
        assertTrue(p.message().contains("observation") && p.message().contains("modulator"), p.message());
    }

    @Test
    void taskLinksWithDifferentDelays() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("kind = target, delay_steps = 1", "kind = target, delay_steps = 2"));
        assertEquals("links.labels.delay_steps", p.key());
        assertEquals(10, p.line());
        assertTrue(p.message().contains("same"), p.message());
    }

    @Test
    void outputsThatDoNotMatchTheTask() throws Exception
    {
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(write(VALID.replace("outputs = 2", "outputs = 3")), List.of()));
        assertTrue(ex.getMessage().contains("task.conf:11: links.choice.from") &&
            ex.getMessage().contains("expects 2"), ex.getMessage());
    }

    @Test
    void unknownLossListsTheLosses() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("rule = eprop", "rule = eprop, loss = hinge"));
        assertEquals("regions.ctx.loss", p.key());
        assertEquals(6, p.line());
        assertTrue(p.message().contains("cross-entropy") && p.message().contains("mse"), p.message());
    }

    @Test
    void unknownObjective() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("rule = eprop", "rule = eprop, objective = habit"));
        assertEquals("regions.ctx.objective", p.key());
        assertTrue(p.message().contains("supervised"), p.message());
    }

    @Test
    void recordRowsAboveTheBatch() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("rows = 2", "rows = 5"));
        assertEquals("record.rows", p.key());
        assertEquals(19, p.line());
    }

    @Test
    void trialCountsWithoutATask() throws Exception
    {
        final ScenarioProblem p = onlyProblem(String.join("\n", "seed = 1", "dt_ms = 1", "steps = 10",
            "regions { a { size = 4, tau_ms = 5 } }", "record { every_trials = 2 }", ""));
        assertEquals("record.every_trials", p.key());
        assertEquals(5, p.line());
    }

    @Test
    void setOfAnUnknownPhase() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID, "phases.warmup.trials=3");
        assertEquals("phases.warmup.trials", p.key());
        assertTrue(p.message().contains("no phase 'warmup'"), p.message());
    }

    @Test
    void theShippedEvidenceScenarioValidates() throws Exception
    {
        final Scenario s = ScenarioLoader.load(Path.of("evidence-accumulation.conf"), List.of());
        assertEquals(64, s.batch());
        assertEquals(List.of("train", "test", "lesion"), s.phases().stream().map(PhaseSpec::name).toList());
        for (final String variant : List.of("regions.ctx.rule=bptt", "regions.ctx.feedback=symmetric",
            "regions.ctx.alif_fraction=0"))
        {
            ScenarioLoader.load(Path.of("evidence-accumulation.conf"), List.of(variant));
        }
    }
}
