package org.brainsim.deploy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the code base (issue 10): no main source file over 450 lines, and no two classes that depend on each
 * other — every dependency between two top-level classes points one way (a sealed type naming its permitted
 * subtypes is the one exception: that is what {@code permits} means). Read from the compiled classes of every
 * module with {@code jdeps}.
 */
class ArchitectureTest
{
    /** The modules, beside this one (tests run in deploy/). */
    private static final List<String> MODULES = List.of("settings", "messaging", "objectives", "regions", "scenarios",
        "deploy", "bench");
    private static final int MAX_LINES = 450;

    /** @return every main source file of every module */
    private static List<Path> mainSources() throws IOException
    {
        final List<Path> sources = new ArrayList<>();
        for (final String module : MODULES)
        {
            final Path src = Path.of("..", module, "src", "main", "java");
            if (Files.isDirectory(src))
            {
                try (Stream<Path> files = Files.walk(src))
                {
                    sources.addAll(files.filter(p -> p.toString().endsWith(".java")).toList());
                }
            }
        }
        return sources;
    }

    @Test
    void noMainSourceFileIsOver450Lines() throws IOException
    {
        final List<String> long_ = new ArrayList<>();
        for (final Path f : mainSources())
        {
            final long lines = Files.readAllLines(f, StandardCharsets.UTF_8).size();
            if (lines > MAX_LINES)
            {
                long_.add(f + ": " + lines);
            }
        }
        assertEquals(List.of(), long_, "main source files over " + MAX_LINES + " lines");
    }

    /**
     * ND4J's own row- and column-vector broadcasts ({@code addiRowVector}, {@code mulColumnVector}, …) can crash the
     * JVM under a garbage collection (issue 11; {@code org.brainsim.regions.network.Broadcasts} says why): main code
     * broadcasts through {@code Broadcasts}, which keeps the op reachable.
     */
    @Test
    void mainCodeBroadcastsOnlyThroughBroadcasts() throws IOException
    {
        final java.util.regex.Pattern nd4jBroadcast = java.util.regex.Pattern.compile(
            "\\.(add|sub|mul|div|rsub|rdiv|put)i?(RowVector|ColumnVector)\\(|new Broadcast\\w*Op\\(");
        final List<String> found = new ArrayList<>();
        for (final Path f : mainSources())
        {
            if (f.endsWith("Broadcasts.java"))
            {
                continue;
            }
            final List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++)
            {
                final String line = lines.get(i);
                if (nd4jBroadcast.matcher(line).find() && !line.contains("Broadcasts.") && !line.trim().startsWith("*"))
                {
                    found.add(f + ":" + (i + 1) + ": " + line.trim());
                }
            }
        }
        assertEquals(List.of(), found, "ND4J row/column broadcasts outside Broadcasts");
    }

    @Test
    void noTwoClassesDependOnEachOther() throws Exception
    {
        final List<String> roots = new ArrayList<>();
        for (final String module : MODULES)
        {
            final Path classes = Path.of("..", module, "target", "classes");
            if (Files.isDirectory(classes.resolve("org")))
            {
                roots.add(classes.toString());
            }
        }
        assertTrue(roots.size() >= 6, "the modules' classes are built: " + roots);
        final ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        final List<String> args = new ArrayList<>(List.of("-filter:none", "-verbose:class", "-cp",
            String.join(java.io.File.pathSeparator, roots)));
        args.addAll(roots);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
            args.toArray(String[]::new));
        assertEquals(0, code, "jdeps failed");
        final Map<String, Set<String>> deps = new HashMap<>();
        for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
        {
            final String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && "->".equals(parts[1]) && parts[0].startsWith("org.brainsim.") &&
                parts[2].startsWith("org.brainsim."))
            {
                final String from = topLevel(parts[0]);
                final String to = topLevel(parts[2]);
                if (!from.equals(to))
                {
                    deps.computeIfAbsent(from, k -> new HashSet<>()).add(to);
                }
            }
        }
        assertTrue(deps.size() > 100, "jdeps saw the classes: " + deps.size());
        final Set<String> cycles = new TreeSet<>();
        for (final Map.Entry<String, Set<String>> e : deps.entrySet())
        {
            for (final String to : e.getValue())
            {
                if (deps.getOrDefault(to, Set.of()).contains(e.getKey()) && e.getKey().compareTo(to) < 0 &&
                    !sealedPair(e.getKey(), to))
                {
                    cycles.add(e.getKey() + " <-> " + to);
                }
            }
        }
        assertEquals(Set.of(), cycles, "classes that depend on each other");
    }

    private static String topLevel(final String name)
    {
        final int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    /** @return whether one of the two is a sealed type that permits the other (the only way round a sealed type). */
    private static boolean sealedPair(final String a, final String b)
    {
        return permits(a, b) || permits(b, a);
    }

    private static boolean permits(final String sealed, final String sub)
    {
        try
        {
            final Class<?>[] permitted = Class.forName(sealed, false, ArchitectureTest.class.getClassLoader())
                .getPermittedSubclasses();
            return permitted != null && Arrays.stream(permitted).anyMatch(c -> c.getName().equals(sub));
        }
        catch (final ClassNotFoundException ex)
        {
            return false;
        }
    }
}
