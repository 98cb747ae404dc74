package org.brainsim.regions.network;

/** {@link Events#nonZero}'s scalar loop, shared by the scalar scan and {@link EventLanes}. */
final class EventScan
{
    private EventScan()
    {
    }

    /** Appends to {@code into} from {@code count} the offsets {@code first … last − 1} whose values are not zero. */
    static int nonZero(final float[] values, final int from, final int first, final int last, final int[] into,
        final int count)
    {
        int found = count;
        for (int i = first; i < last; i++)
        {
            if (values[from + i] != 0f)
            {
                into[found++] = i;
            }
        }
        return found;
    }
}
