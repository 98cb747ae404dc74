package org.brainsim.deploy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compares the arrays two runs recorded. */
public final class RunArrays
{
    private RunArrays()
    {
    }

    /** Both run directories hold the same {@code .npy} files (at least five), byte for byte. */
    public static void assertSameArrays(final Path a, final Path b) throws IOException
    {
        final List<Path> files = arrays(a);
        assertEquals(files, arrays(b), "the same arrays");
        assertTrue(files.size() >= 5, "arrays: " + files);
        for (final Path f : files)
        {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
        }
    }

    private static List<Path> arrays(final Path run) throws IOException
    {
        try (Stream<Path> walk = Files.walk(run))
        {
            return walk.filter(p -> p.toString().endsWith(".npy")).map(run::relativize)
                .sorted(Comparator.naturalOrder()).toList();
        }
    }
}
