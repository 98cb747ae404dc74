package org.brainsim.regions.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The events of a row: on vector lanes and in the scalar loop, the offsets of exactly the values a {@code != 0f} test
 * keeps (negative zeros dropped, NaN and subnormal values kept), in increasing order, for lengths that are and are not
 * whole vectors and rows that start anywhere in the array.
 */
class EventsTest
{
    @ParameterizedTest(name = "length {0}, from {1}, density {2}")
    @CsvSource({"100, 0, 0.02", "100, 300, 0.02", "40, 7, 0.3", "16, 1, 1", "5, 0, 0.5", "128, 64, 0", "33, 2, 0.9"})
    void lanesAndScalarFindTheNonZeroValuesInOrder(final int length, final int from, final double density)
    {
        final NodeRandom random = NodeRandom.forNode(5, "events-" + length);
        final float[] values = new float[from + length + 5];
        final float[] odd = {-0f, Float.NaN, Float.MIN_VALUE, -1f, 1f, 0.5f};
        for (int i = 0; i < values.length; i++)
        {
            values[i] = random.nextDouble() < density ? odd[(int)(random.nextDouble() * odd.length)] : 0f;
        }
        final int[] expected = new int[length];
        int count = 0;
        for (int i = 0; i < length; i++)
        {
            if (values[from + i] != 0f)
            {
                expected[count++] = i;
            }
        }
        for (final boolean lanes : new boolean[] {false, true})
        {
            final int[] found = new int[length];
            assertEquals(count, Events.nonZero(values, from, length, found, lanes), "count, lanes " + lanes);
            assertArrayEquals(Arrays.copyOf(expected, count), Arrays.copyOf(found, count), "offsets, lanes " + lanes);
        }
    }
}
