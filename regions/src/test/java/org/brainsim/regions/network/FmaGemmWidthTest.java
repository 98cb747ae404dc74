package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FmaGemm} gives the same bits whatever vector width the CPU offers: the product of a rate step's shape, hashed
 * in this JVM, equals the hash a JVM computes with its vectors held to 256 bits (an AVX2 machine's), to 128 bits (an
 * ARM machine's NEON) or without the Vector API at all. C2 takes {@code -XX:MaxVectorSize} as the widest vector the
 * CPU has, so the Vector API's preferred species, the panel width and the row blocking all change with it.
 */
class FmaGemmWidthTest
{
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-XX:MaxVectorSize=32", "-XX:MaxVectorSize=16", "-Dbrainsim.simd=false"})
    void anotherVectorWidthGivesTheSameBits(final String option) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
            option, "-cp", System.getProperty("java.class.path"), FmaGemmWidthTest.class.getName()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), err);
        final String[] parts = out.split(" ");
        assertEquals(hash(), parts[1], "lanes " + parts[0] + " there, " + Lanes.floats() + " here");
    }

    /** Prints the lane count and the product's hash. */
    public static void main(final String[] args) throws Exception
    {
        System.out.println(Lanes.floats() + " " + hash());
    }

    private static String hash() throws NoSuchAlgorithmException, IOException
    {
        final int m = 61;
        final int depth = 192;
        final int columns = 131; // neither a multiple of 8 nor of 32 lanes; 61 rows leave partial blocks
        final float[] a = new float[m * depth];
        final float[] b = new float[depth * columns];
        NodeRandom.forNode(11, "a").fillGaussian(a, 1.0);
        NodeRandom.forNode(11, "b").fillGaussian(b, 0.1);
        final FmaPanels packed = FmaGemm.panels(depth, columns);
        packed.rows(0, depth, FloatBuffer.wrap(b), 0);
        final float[] c = new float[m * columns];
        FmaGemm.multiply(a, depth, m, packed, c, columns);
        final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * c.length);
        bytes.asFloatBuffer().put(c);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
