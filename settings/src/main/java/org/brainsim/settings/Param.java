package org.brainsim.settings;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting that a model, rule, objective, optimiser or task declares: its scenario key, its type, its default
 * (defined here and nowhere else), the values it allows and what it means. The scenario loader reads scenario keys
 * through these, reports every mistake with the key and the rule, and records the resolved value (given or
 * default) in the run's manifest.
 *
 * <p>A default may depend on settings declared before it in the same list ({@link #derivedFrom}): the e-prop
 * adaptation strength β, for instance, follows from τ_m and τ_a unless given.
 *
 * @param <T> {@link Integer}, {@link Double}, {@link Boolean} or an enum.
 */
public final class Param<T>
{
    /** The types a setting may have. */
    /**
     * What a derived default reads: the values of the settings declared before it, and the scenario's context
     * ({@link Context}), by key ({@code null} when absent). {@link ParamValues} is one.
     */
    @FunctionalInterface
    public interface Lookup
    {
        Object value(String key);
    }

    public enum Type
    {
        INTEGER,
        NUMBER,
        BOOLEAN,
        CHOICE
    }

    private final String key;
    private final Type type;
    private final Class<T> javaType;
    private final T fallback;
    private final Function<Lookup, T> derived;
    private final String derivedHow;
    private final double min;
    private final boolean minInclusive;
    private final double max;
    private final String description;

    private Param(
        final String key, final Type type, final Class<T> javaType, final T fallback, final Function<Lookup, T> derived,
        final String derivedHow, final double min, final boolean minInclusive, final double max, final String description)
    {
        if (!key.matches("[a-z][a-z0-9_]*"))
        {
            throw new IllegalArgumentException("key: " + key + " (expected: lower_snake_case)");
        }
        this.key = key;
        this.type = type;
        this.javaType = javaType;
        this.fallback = fallback;
        this.derived = derived;
        this.derivedHow = derivedHow;
        this.min = min;
        this.minInclusive = minInclusive;
        this.max = max;
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * An integer in [min, max].
     *
     * @param fallback the default, or {@code null} when the key is required.
     */
    public static Param<Integer> integer(
        final String key, final Integer fallback, final int min, final int max, final String description)
    {
        return new Param<>(key, Type.INTEGER, Integer.class, fallback, null, null, min, true, max, description);
    }

    /**
     * A finite number above {@code min} (inclusive or not) and at most {@code max}.
     *
     * @param fallback the default, or {@code null} when the key is required.
     */
    public static Param<Double> number(
        final String key, final Double fallback, final double min, final boolean minInclusive, final double max,
        final String description)
    {
        return new Param<>(key, Type.NUMBER, Double.class, fallback, null, null, min, minInclusive, max, description);
    }

    /** {@code true} or {@code false}. */
    public static Param<Boolean> flag(final String key, final boolean fallback, final String description)
    {
        return new Param<>(key, Type.BOOLEAN, Boolean.class, fallback, null, null, 0, true, 0, description);
    }

    /**
     * One of the constants of {@code type}, written as {@link Names#of} spells them.
     *
     * @param fallback the default, or {@code null} when the key is required.
     */
    public static <E extends Enum<E>> Param<E> choice(
        final String key, final Class<E> type, final E fallback, final String description)
    {
        return new Param<>(key, Type.CHOICE, type, fallback, null, null, 0, true, 0, description);
    }

    /**
     * @param how      the default's rule, in words (for {@code brainsim list} and the docs).
     * @param function computes the default from the settings declared before this one.
     * @return this setting with a default computed from others.
     */
    public Param<T> derivedFrom(final String how, final Function<Lookup, T> function)
    {
        return new Param<>(key, type, javaType, null, function, how, min, minInclusive, max, description);
    }

    public String key()
    {
        return key;
    }

    public Type type()
    {
        return type;
    }

    public Class<T> javaType()
    {
        return javaType;
    }

    /** @return whether a scenario must give it (no default, given or derived). */
    public boolean required()
    {
        return fallback == null && derived == null;
    }

    /** @return the default given the settings resolved so far, or {@code null} when required. */
    public T defaultValue(final Lookup before)
    {
        return derived != null ? derived.apply(before) : fallback;
    }

    /** @return the value of {@code this} in {@code values}, or {@code fallback} when absent. */
    public T in(final Lookup values, final T fallback)
    {
        final Object v = values.value(key);
        return v == null ? fallback : javaType.cast(v);
    }

    /** @return the default in words: its value, its rule, or "required". */
    public String defaultText()
    {
        if (derived != null)
        {
            return derivedHow;
        }
        if (fallback == null)
        {
            return "required";
        }
        return render(fallback);
    }

    public double min()
    {
        return min;
    }

    public boolean minInclusive()
    {
        return minInclusive;
    }

    public double max()
    {
        return max;
    }

    public String description()
    {
        return description;
    }

    /** @return the allowed names of a choice; empty for other types. */
    public List<String> choices()
    {
        if (type != Type.CHOICE)
        {
            return List.of();
        }
        return allNames(javaType);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> allNames(final Class<?> type)
    {
        return Names.all((Class)type);
    }

    /** @return the rule a value must satisfy, in words ("an integer in [1, 65536]", "one of sum, mean"). */
    public String rule()
    {
        return switch (type)
        {
            case INTEGER -> "an integer in [" + format(min) + ", " + (max >= Integer.MAX_VALUE ? "∞" : format(max)) + "]";
            case NUMBER -> "a number " + (minInclusive ? ">= " : "> ") + format(min) +
                (max < Double.POSITIVE_INFINITY ? " and <= " + format(max) : "");
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices());
        };
    }

    /** @return whether {@code value} satisfies this setting's range (numbers) — choices and flags always do. */
    public boolean accepts(final double value)
    {
        return switch (type)
        {
            case INTEGER -> value >= min && value <= max && value == Math.rint(value);
            case NUMBER -> Double.isFinite(value) && (minInclusive ? value >= min : value > min) && value <= max;
            default -> true;
        };
    }

    /** @return how a value of this setting is written in a scenario. */
    public static String render(final Object value)
    {
        if (value instanceof Enum<?> e)
        {
            return Names.of(e);
        }
        if (value instanceof Double d)
        {
            return format(d);
        }
        return String.valueOf(value);
    }

    private static String format(final double d)
    {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long)d) : String.valueOf(d);
    }

    @Override
    public String toString()
    {
        return key + " (" + rule() + "; default " + defaultText() + ")";
    }
}
