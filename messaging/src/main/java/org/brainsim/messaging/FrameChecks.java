package org.brainsim.messaging;

/**
 * Argument checks shared by the frame records' constructors. A failed check throws
 * {@link IllegalArgumentException} with a message of the form {@code name: value (expected: rule)};
 * the codec turns it into a {@link MalformedFrameException} when the frame came off the wire.
 */
final class FrameChecks
{
    private FrameChecks()
    {
    }

    static void header(final int linkId, final long step)
    {
        if (linkId < 0)
        {
            throw new IllegalArgumentException("linkId: " + linkId + " (expected: >= 0)");
        }
        if (step < 0)
        {
            throw new IllegalArgumentException("step: " + step + " (expected: >= 0)");
        }
    }

    static void batch(final int batchSize, final int width)
    {
        if (batchSize < 1)
        {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: >= 1)");
        }
        if (width < 0)
        {
            throw new IllegalArgumentException("width: " + width + " (expected: >= 0)");
        }
    }

    static void length(final String name, final int actual, final long expected)
    {
        if (actual != expected)
        {
            throw new IllegalArgumentException(name + ".length: " + actual + " (expected: " + expected + ")");
        }
    }

    static <T> T notNull(final String name, final T value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + ": null (expected: an array)");
        }
        return value;
    }
}
