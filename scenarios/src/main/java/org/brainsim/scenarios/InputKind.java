package org.brainsim.scenarios;

import java.util.Arrays;
import java.util.List;

/**
 * Built-in input sources, so that a scenario runs without a task.
 */
public enum InputKind
{
    /** Independent Poisson spike trains at {@code rate_hz}, per unit and batch row. */
    POISSON("poisson"),
    /** {@code amplitude · sin(2π f t + φ) + noise}, a random phase φ per unit and batch row. */
    NOISY_SINE("noisy-sine");

    private final String key;

    InputKind(final String key)
    {
        this.key = key;
    }

    /** @return the name used in scenario files. */
    public String key()
    {
        return key;
    }

    /** @return the names allowed in scenario files. */
    public static List<String> keys()
    {
        return Arrays.stream(values()).map(InputKind::key).toList();
    }

    /** @return the kind named {@code key}, or {@code null}. */
    public static InputKind of(final String key)
    {
        for (final InputKind kind : values())
        {
            if (kind.key.equals(key))
            {
                return kind;
            }
        }
        return null;
    }
}
