package org.brainsim.deploy.cluster;

import org.brainsim.deploy.BrainsimCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the cluster tests share: running the CLI in this JVM and comparing run directories byte for byte. */
final class ClusterTesting
{
    /** Tests run in deploy/; scenario scripts live in scenarios/. */
    static final Path SCENARIOS = Path.of("..", "scenarios");

    private ClusterTesting()
    {
    }

    record Result(int exitCode, String out, String err)
    {
    }

    static Result brainsim(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = BrainsimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static String scenario(final String name)
    {
        return SCENARIOS.resolve(name).toString();
    }

    /** @return every {@code .npy} file under {@code dir}, relative, sorted. */
    static List<String> arrays(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return List.copyOf(new TreeSet<>(files.filter(f -> f.toString().endsWith(".npy"))
                .map(f -> dir.relativize(f).toString()).toList()));
        }
    }

    /** Asserts that both runs wrote the same arrays, with the same bytes. */
    static void assertSameArrays(final Path expected, final Path actual) throws IOException
    {
        final List<String> files = arrays(expected);
        assertFalse(files.isEmpty(), "no arrays in " + expected);
        assertEquals(files, arrays(actual), "the runs wrote different arrays");
        for (final String f : files)
        {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)),
                f + " differs between " + expected + " and " + actual);
        }
    }
}
