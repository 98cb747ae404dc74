package org.brainsim.scenarios;

import org.brainsim.regions.lockstep.ThreadMode;
import org.brainsim.regions.network.RateModel;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.testing.ScenarioProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The top level, inputs, regions, links and placement of a scenario: what a valid one loads as, and one case per
 * class of mistake, each reported once with file:line, key and what is allowed.
 */
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

    private Path write(final String text)
    {
        return ScenarioProblems.write(dir, text);
    }

    /**
     * One mistake: the scenario text, the overrides, and what the one problem says.
     *
     * @param name      what is wrong.
     * @param text      the scenario.
     * @param overrides {@code --set} overrides.
     * @param key       the key the problem names.
     * @param line      its line (−1: not checked).
     * @param message   fragments its message contains.
     */
    record Case(String name, String text, List<String> overrides, String key, int line, List<String> message)
    {
        static Case of(final String name, final String text, final String key, final int line, final String... message)
        {
            return new Case(name, text, List.of(), key, line, List.of(message));
        }

        Case set(final String... more)
        {
            return new Case(name, text, List.of(more), key, line, message);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    static Stream<Case> problems()
    {
        return Stream.of(
            Case.of("an override that breaks a rule names the override", VALID, "regions.a.size", -1, "got -4")
                .set("regions.a.size=-4"),
            Case.of("unknown key: its line and the allowed keys", VALID.replace("tau_ms = 10", "tua_ms = 10, tau_ms = 10"),
                "regions.a.tua_ms", 9, "unknown key", "tau_ms", "recurrent_gain"),
            Case.of("placing an input", VALID + "placement { stim = node-1 }\n", "placement.stim", 17, "regions: a, b",
                "only regions are placed"),
            Case.of("placing on a list", VALID + "placement { a = [1, 2] }\n", "placement.a", -1, "expected a node name"),
            Case.of("unknown top-level key", VALID + "stepz = 3\n", "stepz", 17, "unknown key"),
            Case.of("wrong type", VALID.replace("size = 16", "size = lots"), "regions.a.size", 9, "expected an integer",
                "\"lots\""),
            Case.of("a fraction where an integer is needed", VALID.replace("steps = 100", "steps = 10.5"), "steps", 3,
                "expected an integer"),
            Case.of("a link to a missing region", VALID.replace("to = b, delay_steps = 3", "to = c, delay_steps = 3"),
                "links.a_b.to", 14, "'c'", "a, b"),
            Case.of("a link from a missing node", VALID.replace("from = stim", "from = retina"), "links.s_a.from", 13,
                "retina"),
            Case.of("a link into an input", VALID.replace("from = b, to = a", "from = b, to = stim"), "links.b_a.to", 15,
                "is an input"),
            Case.of("a delay below one", VALID.replace("delay_steps = 3", "delay_steps = 0"), "links.a_b.delay_steps",
                14, "got 0"),
            Case.of("a size below one", VALID.replace("size = 8", "size = 0"), "regions.b.size", 10, "got 0"),
            Case.of("a time constant shorter than the step", VALID.replace("tau_ms = 10", "tau_ms = 0.5"),
                "regions.a.tau_ms", 9, ">= 1"),
            Case.of("a missing required key, at its object", VALID.replace("a { size = 16, tau_ms = 10 }",
                "a { size = 16 }"), "regions.a.tau_ms", 9, "missing"),
            Case.of("an unknown input kind lists the kinds", VALID.replace("kind = poisson", "kind = gaussian"),
                "inputs.stim.kind", 6, "poisson, noisy-sine"),
            Case.of("an unknown model lists the registered ones", VALID.replace("a { size = 16", "a { model = izh, size = 16"),
                "regions.a.model", 9, "rate, lif, alif"),
            Case.of("a rule that does not fit the model lists the ones that do", VALID.replace("a { size = 16",
                "a { rule = miconi, model = lif, size = 16"), "regions.a.rule", 9, "none, bptt, eprop, readout-only"),
            Case.of("a syntax error has its line", VALID.replace("a { size = 16, tau_ms = 10 }",
                "a { size = 16, tau_ms = 10"), "(syntax)", -1),
            Case.of("a name used twice", VALID.replace("  a { size = 16, tau_ms = 10 }",
                "  a { size = 16, tau_ms = 10 }\n  stim { size = 3, tau_ms = 10 }")
                .replace("s_a { from = stim", "s_a { from = a"), "regions.stim", -1, "used twice"),
            Case.of("a malformed override", VALID, "regions.a.size", -1, "key=value").set("regions.a.size"),
            // Also fix (issue 10): a --set that HOCON cannot resolve is located at the --set, not at the file's line 1
            Case.of("an unresolvable override names the override", VALID, "regions.a.size", -1,
                "Could not resolve substitution").set("regions.a.size=${nothere}"),
            // Also fix: memory is estimated before anything runs, against this JVM's limits
            Case.of("a region too large for a Java array", VALID, "regions.a.size", -1, "size = 65536", "needs about",
                "above the limit of 2147483639 values", "off the heap").set("regions.a.size=65536"),
            Case.of("a region too large for this JVM", VALID, "regions.a.size", -1, "needs about",
                "but this JVM allows", "BRAINSIM_JAVA_OPTS").set("regions.a.size=46000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void shouldReportOneProblemPerMistake(final Case c)
    {
        final ScenarioProblem p = ScenarioProblems.only(dir, c.text(), c.overrides());

        assertEquals(c.key(), p.key(), p.toString());
        if (c.line() > 0)
        {
            assertEquals(c.line(), p.line(), p.toString());
        }
        for (final String fragment : c.message())
        {
            assertTrue(p.message().contains(fragment), "'" + fragment + "' in " + p);
        }
        if (!c.overrides().isEmpty() && c.line() < 0)
        {
            assertEquals("--set " + c.overrides().get(0), p.source(), "the problem is located at the override");
        }
    }

    /** Also fix (issue 10): a file of comments only is reported with its name, not as "empty config". */
    @Test
    void shouldNameTheFileWhenItHoldsOnlyComments()
    {
        final Path file = write("# nothing here\n# at all\n");

        final ScenarioException ex = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));

        assertEquals(List.of("seed", "dt_ms", "steps", "regions"),
            ex.problems().stream().map(ScenarioProblem::key).toList());
        for (final ScenarioProblem p : ex.problems())
        {
            assertEquals(file.toString(), p.source(), p.toString());
            assertTrue(p.toString().startsWith(file + ": " + p.key() + ": missing"), p.toString());
        }
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
        assertEquals(0.9, s.regions().get(0).modelParams().get(RateModel.RECURRENT_GAIN));
        assertEquals(1.5, s.regions().get(1).modelParams().get(RateModel.RECURRENT_GAIN));
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
    void shouldReadAPlacementOfRegionsOnClusterNodes() throws Exception
    {
        final Scenario s = ScenarioLoader.load(write(VALID + "placement { a = node-1, b = \"gpu-2\" }\n"), List.of());
        assertEquals(java.util.Map.of("a", "node-1", "b", "gpu-2"), s.placement());
        assertEquals(java.util.Map.of("a", "node-3"), ScenarioLoader.load(write(VALID), List.of("placement.a=node-3"))
            .placement());
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

    /** Every default is written into the resolved configuration the manifest keeps (issue 10). */
    @Test
    @SuppressWarnings("unchecked")
    void shouldResolveEveryDefaultIntoTheConfiguration() throws Exception
    {
        final Scenario sine = ScenarioLoader.load(Path.of("learn-sine.conf"), List.of());
        final java.util.Map<String, Object> ctx = (java.util.Map<String, Object>)((java.util.Map<String, Object>)
            sine.resolved().get("regions")).get("ctx");
        for (final String key : List.of("model", "size", "rule", "feedback", "feedback_std", "optimizer",
            "learning_rate", "adam_beta1", "adam_beta2", "adam_epsilon", "l2", "clip_norm", "tau_a_ms", "beta", "v_th",
            "alif_fraction", "objectives"))
        {
            assertTrue(ctx.containsKey(key), key + " in " + ctx);
        }
        assertEquals("random", ctx.get("feedback"));
        assertEquals("adam", ctx.get("optimizer"));
        assertEquals(List.of(java.util.Map.of("kind", "supervised", "weight", 1.0, "loss", "task", "loss_reduction",
            "sum")), ctx.get("objectives"));
        final java.util.Map<String, Object> v1 = (java.util.Map<String, Object>)((java.util.Map<String, Object>)
            ScenarioLoader.load(Path.of("hello.conf"), List.of()).resolved().get("regions")).get("v1");
        assertEquals(0.1, v1.get("bias_std"));
        assertEquals("tanh", v1.get("activation"));
        assertEquals("none", v1.get("rule"));
    }
}
