package org.brainsim.scenarios;

import org.brainsim.regions.lockstep.ThreadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioLoaderTest
{
    private static final String VALID = String.join("\n",
        "seed = 7",                                                         // 1
        "dt_ms = 1.0",                                                      // 2
        "steps = 100",                                                      // 3
        "batch = 2",                                                        // 4
        "inputs {",                                                         // 5
        "  stim { kind = poisson, size = 10, rate_hz = 50 }",               // 6
        "}",                                                                // 7
        "regions {",                                                        // 8
        "  a { size = 16, tau_ms = 10 }",                                   // 9
        "  b { size = 8, tau_ms = 20, recurrent_gain = 1.5 }",              // 10
        "}",                                                                // 11
        "links {",                                                          // 12
        "  s_a { from = stim, to = a, delay_steps = 1, weight_scale = 2 }", // 13
        "  a_b { from = a, to = b, delay_steps = 3 }",                      // 14
        "  b_a { from = b, to = a, delay_steps = 2 }",                      // 15
        "}",                                                                // 16
        "");

    @TempDir
    Path dir;

    private Path write(final String text) throws Exception
    {
        final Path file = dir.resolve("test.conf");
        Files.writeString(file, text);
        return file;
    }

    private ScenarioProblem onlyProblem(final String text, final String... overrides) throws Exception
    {
        final Path file = write(text);
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(file, List.of(overrides)));
        assertEquals(1, ex.problems().size(), ex.getMessage());
        return ex.problems().get(0);
    }

    @Test
    void shouldLoadAValidScenarioWithDefaultsAndLinksInNameOrder() throws Exception
    {
        final Scenario s = ScenarioLoader.load(write(VALID), List.of());

        assertEquals("test", s.name());
        assertEquals(7, s.seed());
        assertEquals(2, s.batch());
        assertEquals(ThreadMode.PER_NODE, s.threads());
        assertEquals(List.of("a", "b"), s.regions().stream().map(RegionSpec::name).toList());
        assertEquals(0.9, s.regions().get(0).recurrentGain());
        assertEquals(1.5, s.regions().get(1).recurrentGain());
        // Ids follow the sorted link names: a_b, b_a, s_a.
        assertEquals(List.of("a_b", "b_a", "s_a"), s.links().stream().map(LinkSpec::name).toList());
        assertEquals(List.of(0, 1, 2), s.links().stream().map(LinkSpec::id).toList());
        assertEquals(List.of("stim", "a", "b"), s.record().nodes());
    }

    @Test
    void shouldApplySetOverridesInOrder() throws Exception
    {
        final Scenario s = ScenarioLoader.load(write(VALID),
            List.of("regions.a.size=32", "steps=5", "steps=6", "links.a_b.delay_steps=4", "threads=single"));

        assertEquals(32, s.regions().get(0).size());
        assertEquals(6, s.steps());
        assertEquals(4, s.links().get(0).delaySteps());
        assertEquals(ThreadMode.SINGLE, s.threads());
        assertEquals(List.of("regions.a.size=32", "steps=5", "steps=6", "links.a_b.delay_steps=4", "threads=single"),
            s.overrides());
    }

    @Test
    void shouldNameTheOverrideWhenAnOverrideIsWrong() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID, "regions.a.size=-4");

        assertEquals("--set regions.a.size=-4", p.source());
        assertEquals("regions.a.size", p.key());
        assertTrue(p.message().contains("got -4"), p.message());
    }

    @Test
    void shouldReportAnUnknownKeyWithItsLineAndTheAllowedKeys() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("tau_ms = 10", "tua_ms = 10, tau_ms = 10"));

        assertEquals("regions.a.tua_ms", p.key());
        assertEquals(9, p.line());
        assertTrue(p.toString().startsWith(dir.resolve("test.conf") + ":9: regions.a.tua_ms: unknown key"), p.toString());
        assertTrue(p.message().contains("tau_ms"), p.message());
    }

    @Test
    void shouldReadAPlacementOfRegionsOnClusterNodes() throws Exception
    {
        final Scenario s = ScenarioLoader.load(write(VALID + "placement { a = node-1, b = \"gpu-2\" }\n"), List.of());
        assertEquals(java.util.Map.of("a", "node-1", "b", "gpu-2"), s.placement());
        assertEquals(java.util.Map.of("a", "node-3"), ScenarioLoader.load(write(VALID), List.of("placement.a=node-3"))
            .placement());
    }

    @Test
    void shouldRefuseToPlaceAnInputOrAnUnknownRegion() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID + "placement { stim = node-1 }\n");
        assertEquals("placement.stim", p.key());
        assertEquals(17, p.line());
        assertTrue(p.message().contains("regions: a, b") && p.message().contains("only regions are placed"),
            p.message());
        final ScenarioProblem q = onlyProblem(VALID + "placement { a = [1, 2] }\n");
        assertEquals("placement.a", q.key());
        assertTrue(q.message().contains("expected a node name"), q.message());
    }

    @Test
    void shouldReportAnUnknownTopLevelKey() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID + "stepz = 3\n");

        assertEquals("stepz", p.key());
        assertEquals(17, p.line());
    }

    @Test
    void shouldReportAWrongType() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("size = 16", "size = lots"));

        assertEquals("regions.a.size", p.key());
        assertEquals(9, p.line());
        assertTrue(p.message().contains("expected an integer") && p.message().contains("\"lots\""), p.message());
    }

    @Test
    void shouldReportAFractionWhereAnIntegerIsNeeded() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("steps = 100", "steps = 10.5"));

        assertEquals("steps", p.key());
        assertEquals(3, p.line());
    }

    @Test
    void shouldReportALinkToAMissingRegionListingTheKnownOnes() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("to = b, delay_steps = 3", "to = c, delay_steps = 3"));

        assertEquals("links.a_b.to", p.key());
        assertEquals(14, p.line());
        assertTrue(p.message().contains("'c'") && p.message().contains("a, b"), p.message());
    }

    @Test
    void shouldReportALinkFromAMissingNode() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("from = stim", "from = retina"));

        assertEquals("links.s_a.from", p.key());
        assertEquals(13, p.line());
    }

    @Test
    void shouldReportALinkIntoAnInput() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("from = b, to = a", "from = b, to = stim"));

        assertEquals("links.b_a.to", p.key());
        assertTrue(p.message().contains("is an input"), p.message());
    }

    @Test
    void shouldReportADelayBelowOne() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("delay_steps = 3", "delay_steps = 0"));

        assertEquals("links.a_b.delay_steps", p.key());
        assertEquals(14, p.line());
        assertTrue(p.message().contains("got 0"), p.message());
    }

    @Test
    void shouldReportANonPositiveSize() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("size = 8", "size = 0"));

        assertEquals("regions.b.size", p.key());
        assertEquals(10, p.line());
    }

    @Test
    void shouldReportATauShorterThanTheStep() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("tau_ms = 10", "tau_ms = 0.5"));

        assertEquals("regions.a.tau_ms", p.key());
        assertTrue(p.message().contains("> 1") || p.message().contains(">= 1"), p.message());
    }

    @Test
    void shouldReportAMissingRequiredKeyAtItsObject() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("a { size = 16, tau_ms = 10 }", "a { size = 16 }"));

        assertEquals("regions.a.tau_ms", p.key());
        assertEquals(9, p.line());
        assertTrue(p.message().startsWith("missing"), p.message());
    }

    @Test
    void shouldReportAnUnknownInputKindWithTheAllowedKinds() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("kind = poisson", "kind = gaussian"));

        assertEquals("inputs.stim.kind", p.key());
        assertTrue(p.message().contains("poisson, noisy-sine"), p.message());
    }

    @Test
    void shouldReportEveryProblemAtOnce() throws Exception
    {
        final Path file = write(VALID.replace("size = 16", "size = -1").replace("delay_steps = 3", "delay_steps = 0")
            .replace("seed = 7", "seed = seven"));

        final ScenarioException ex = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));
        assertEquals(List.of("seed", "regions.a.size", "links.a_b.delay_steps"),
            ex.problems().stream().map(ScenarioProblem::key).toList());
    }

    @Test
    void shouldReportASyntaxErrorWithItsLine() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("a { size = 16, tau_ms = 10 }", "a { size = 16, tau_ms = 10"));

        assertEquals("(syntax)", p.key());
        assertTrue(p.line() > 0, p.toString());
    }

    @Test
    void shouldReportADuplicateName() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID.replace("  a { size = 16, tau_ms = 10 }",
            "  a { size = 16, tau_ms = 10 }\n  stim { size = 3, tau_ms = 10 }").replace("s_a { from = stim", "s_a { from = a"));

        assertTrue(p.key().endsWith("stim"), p.toString());
        assertTrue(p.message().contains("used twice"), p.message());
    }

    @Test
    void shouldReportAMalformedOverride() throws Exception
    {
        final ScenarioProblem p = onlyProblem(VALID, "regions.a.size");

        assertTrue(p.message().contains("key=value"), p.message());
    }

    @Test
    void shouldReportAnUnreadableFile()
    {
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> ScenarioLoader.load(dir.resolve("missing.conf"), List.of()));
        assertTrue(ex.getMessage().contains("cannot read"), ex.getMessage());
    }

    @Test
    void shouldLoadTheShippedHelloScenario() throws Exception
    {
        // Tests run in the module folder, which is where scenario scripts live (DESIGN.md §2).
        final Scenario s = ScenarioLoader.load(Path.of("hello.conf"), List.of());

        assertEquals(3, s.regions().size());
        assertEquals(1, s.inputs().size());
        assertEquals(4, s.links().size());
    }
}
