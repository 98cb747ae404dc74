package org.brainsim.settings;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a scenario can name of one kind (models, rules, objectives, tasks): a fixed, ordered list and the
 * name each goes by. The order is the one listed in help and in "allowed: …" messages.
 *
 * @param <T> the kind of thing registered
 */
public final class Registry<T>
{
    private final List<T> all;
    private final Function<T, String> nameOf;

    private Registry(final Function<T, String> nameOf, final List<T> all)
    {
        this.nameOf = nameOf;
        this.all = all;
        if (names().stream().distinct().count() != all.size())
        {
            throw new IllegalArgumentException("two registered entries share a name: " + names());
        }
    }

    @SafeVarargs
    public static <T> Registry<T> of(final Function<T, String> nameOf, final T... entries)
    {
        return new Registry<>(nameOf, List.of(entries));
    }

    /** @return every entry, in the registered order. */
    public List<T> all()
    {
        return all;
    }

    /** @return their scenario names, in the same order. */
    public List<String> names()
    {
        return all.stream().map(nameOf).toList();
    }

    /** @return the entry a scenario names, if there is one. */
    public Optional<T> find(final String name)
    {
        return all.stream().filter(t -> nameOf.apply(t).equals(name)).findFirst();
    }
}
