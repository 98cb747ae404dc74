package org.brainsim.scenarios;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every scenario shipped in {@code scenarios/} loads without a problem (what {@code brainsim validate} checks), so
 * that the commands in the docs and the README start.
 */
class ShippedScenariosTest
{
    @TestFactory
    Stream<DynamicTest> everyShippedScenarioValidates() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("."), "*.conf"))
        {
            dir.forEach(files::add);
        }
        assertTrue(files.size() >= 9, "the shipped scenarios are found: " + files);
        return files.stream().sorted().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
            () -> assertDoesNotThrow(() -> ScenarioLoader.load(f, List.of()))));
    }
}
