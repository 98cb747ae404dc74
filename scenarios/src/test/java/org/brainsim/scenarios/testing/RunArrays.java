package org.brainsim.scenarios.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The arrays of a run directory: listed, hashed and compared byte for byte (shared by every test that checks a
 * run against another run or against stored sums).
 */
public final class RunArrays
{
    private RunArrays()
    {
    }

    /** @return every {@code .npy} file under {@code dir}, relative with '/' separators, sorted. */
    public static List<String> list(final Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return List.copyOf(new TreeSet<>(files.filter(f -> f.toString().endsWith(".npy"))
                .map(f -> dir.relativize(f).toString().replace('\\', '/')).toList()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return SHA-256 (hex) of every array under {@code dir}, by relative path. */
    public static Map<String, String> sha256Sums(final Path dir)
    {
        final Map<String, String> sums = new TreeMap<>();
        for (final String file : list(dir))
        {
            sums.put(file, sha256(dir.resolve(file)));
        }
        return sums;
    }

    /** @return SHA-256 (hex) of one file. */
    public static String sha256(final Path file)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Asserts that both runs wrote the same arrays, with the same bytes. */
    public static void assertSame(final Path expected, final Path actual)
    {
        final List<String> files = list(expected);
        assertFalse(files.isEmpty(), "no arrays in " + expected);
        assertEquals(files, list(actual), "the runs wrote different arrays");
        for (final String f : files)
        {
            try
            {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)),
                    f + " differs between " + expected + " and " + actual);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
