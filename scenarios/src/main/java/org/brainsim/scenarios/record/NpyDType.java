package org.brainsim.scenarios.record;

/**
 * The NumPy element types brainsim writes. All little-endian.
 */
public enum NpyDType
{
    /** 32-bit float. */
    FLOAT32("<f4", 4),
    /** 64-bit float. */
    FLOAT64("<f8", 8),
    /** unsigned byte (spikes as 0/1). */
    UINT8("|u1", 1),
    /** 64-bit signed integer. */
    INT64("<i8", 8);

    private final String descr;
    private final int bytes;

    NpyDType(final String descr, final int bytes)
    {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** @return NumPy's {@code descr} string. */
    public String descr()
    {
        return descr;
    }

    /** @return bytes per element. */
    public int bytes()
    {
        return bytes;
    }

    /** @return the type with this {@code descr}, or {@code null}. */
    public static NpyDType of(final String descr)
    {
        for (final NpyDType t : values())
        {
            if (t.descr.equals(descr))
            {
                return t;
            }
        }
        return null;
    }
}
