package org.brainsim.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How scenarios spell enum constants: lower case, {@code _} as {@code -} ({@code CROSS_ENTROPY} is
 * {@code cross-entropy}). Every "allowed: …" list of a choice is made here from the enum, never typed out.
 */
public final class Names
{
    private Names()
    {
    }

    /** @return the scenario name of {@code value}. */
    public static String of(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the scenario names of every constant of {@code type}, in declaration order. */
    public static <E extends Enum<E>> List<String> all(final Class<E> type)
    {
        final List<String> names = new ArrayList<>();
        for (final E e : type.getEnumConstants())
        {
            names.add(of(e));
        }
        return List.copyOf(names);
    }

    /** @return the constant of {@code type} named {@code name}, or {@code null} when there is none. */
    public static <E extends Enum<E>> E parse(final Class<E> type, final String name)
    {
        for (final E e : type.getEnumConstants())
        {
            if (of(e).equals(name))
            {
                return e;
            }
        }
        return null;
    }
}
