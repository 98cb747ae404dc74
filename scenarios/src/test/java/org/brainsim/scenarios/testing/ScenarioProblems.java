package org.brainsim.scenarios.testing;

import org.brainsim.scenarios.ScenarioException;
import org.brainsim.scenarios.ScenarioLoader;
import org.brainsim.scenarios.ScenarioProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads scenario text that has a mistake and returns the problem the loader reports, as users see it. */
public final class ScenarioProblems
{
    /** A scenario around one region {@code ctx}: a Poisson input and a sine target, both linked to it. */
    public static final String AROUND_CTX = String.join("\n",
        "seed = 1",
        "dt_ms = 1",
        "steps = 100",
        "inputs {",
        "  stim { kind = poisson, size = 5 }",
        "  goal { kind = noisy-sine, size = 1 }",
        "}",
        "regions {",
        "  %s",
        "}",
        "links {",
        "  s { from = stim, to = ctx, delay_steps = 1 }",
        "  g { from = goal, to = ctx, delay_steps = 1, kind = target }",
        "}",
        "");

    private ScenarioProblems()
    {
    }

    /** @return the scenario file written into {@code dir}. */
    public static Path write(final Path dir, final String text)
    {
        try
        {
            final Path file = dir.resolve("test.conf");
            Files.writeString(file, text);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Asserts that {@code text} (a whole scenario, or a region's line for {@link #AROUND_CTX} when it does not start
     * with {@code seed}) with {@code overrides} has exactly one problem, printed as {@code file:line: key: message}
     * when it has a line.
     *
     * @return that problem.
     */
    public static ScenarioProblem only(final Path dir, final String text, final List<String> overrides)
    {
        final Path file = write(dir, text.startsWith("seed") ? text : String.format(AROUND_CTX, text));
        final ScenarioException ex = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, overrides));
        assertEquals(1, ex.problems().size(), ex.getMessage());
        final ScenarioProblem p = ex.problems().get(0);
        if (p.line() > 0 && p.source().equals(file.toString()))
        {
            assertTrue(p.toString().startsWith(file + ":" + p.line() + ": " + p.key() + ": "), p.toString());
        }
        return p;
    }

    /**
     * Asserts that loading {@code text} is refused with a problem at {@code key}, on the line of {@code text} that holds
     * {@code marker}, whose message contains {@code fragment}.
     *
     * @return the refusal, with every problem it names.
     */
    public static ScenarioException assertReportedAt(final Path dir, final String text, final String key,
                                                     final String marker, final String fragment)
    {
        final Path file = write(dir, text);
        final ScenarioException ex = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));
        final List<String> lines = text.lines().toList();
        final int line = 1 + java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(marker))
            .findFirst().orElseThrow();
        assertTrue(ex.problems().stream().anyMatch(p -> key.equals(p.key()) && p.line() == line &&
            p.message().contains(fragment)), "'" + key + "' at line " + line + " with '" + fragment + "' in " +
            ex.problems());
        return ex;
    }
}
