package org.brainsim.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolved values of a list of {@link Param}s: every one present, given or defaulted, and checked. Immutable.
 */
public final class ParamValues implements Param.Lookup
{
    /** No settings. */
    public static final ParamValues EMPTY = new ParamValues(Map.of());

    private final Map<String, Object> values;

    private ParamValues(final Map<String, Object> values)
    {
        this.values = values;
    }

    /** @return the value of {@code param}. */
    public <T> T get(final Param<T> param)
    {
        final Object v = values.get(param.key());
        if (v == null)
        {
            throw new IllegalArgumentException(param.key() + ": not set (settings: " + values.keySet() + ")");
        }
        return param.javaType().cast(v);
    }

    @Override
    public Object value(final String key)
    {
        return values.get(key);
    }

    /** @return whether {@code param} has a value here. */
    public boolean has(final Param<?> param)
    {
        return values.containsKey(param.key());
    }

    /** @return every value by key, in declaration order (enums as their constants). */
    public Map<String, Object> asMap()
    {
        return values;
    }

    /** @return a copy with {@code param} set to {@code value} (checked against its range). */
    public <T> ParamValues with(final Param<T> param, final T value)
    {
        return builder().putAll(this).set(param, value).build();
    }

    /**
     * Resolves {@code params} from {@code given} (scenario key → value of the param's Java type), filling in
     * defaults in declaration order.
     *
     * @throws IllegalArgumentException naming the key when a required one is missing or a value is out of range.
     */
    public static ParamValues resolve(final List<Param<?>> params, final Map<String, ?> given)
    {
        return resolve(params, given, EMPTY);
    }

    /**
     * Like {@link #resolve(List, Map)}, with {@code context} (e.g. the scenario's {@link Context#DT_MS}) visible to
     * derived defaults; the result holds only {@code params}.
     */
    public static ParamValues resolve(final List<Param<?>> params, final Map<String, ?> given, final ParamValues context)
    {
        final Builder b = builder();
        for (final Param<?> p : params)
        {
            final Object v = given.containsKey(p.key()) ? given.get(p.key()) :
                p.defaultValue(builder().putAll(context).putAll(b.build()).build());
            if (v == null)
            {
                throw new IllegalArgumentException(p.key() + ": missing (required: " + p.rule() + ")");
            }
            b.setUnchecked(p, v);
        }
        return b.build();
    }

    /** @return the defaults of {@code params} (every one must have a default). */
    public static ParamValues defaults(final List<Param<?>> params)
    {
        return resolve(params, Map.of());
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** Collects values, checking each against its param. */
    public static final class Builder
    {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Builder putAll(final ParamValues other)
        {
            values.putAll(other.values);
            return this;
        }

        /** Sets {@code param} to {@code value}, checked. */
        public <T> Builder set(final Param<T> param, final T value)
        {
            return setUnchecked(param, value);
        }

        private Builder setUnchecked(final Param<?> param, final Object value)
        {
            if (!param.javaType().isInstance(value))
            {
                throw new IllegalArgumentException(param.key() + ": " + value + " (expected: " + param.rule() + ")");
            }
            if (value instanceof Number n && !param.accepts(n.doubleValue()))
            {
                throw new IllegalArgumentException(param.key() + ": " + Param.render(value) + " (expected: " +
                    param.rule() + ")");
            }
            values.put(param.key(), value);
            return this;
        }

        public ParamValues build()
        {
            return new ParamValues(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ParamValues other && values.equals(other.values);
    }

    @Override
    public int hashCode()
    {
        return values.hashCode();
    }

    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder("{");
        values.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k).append(" = ").append(Param.render(v)));
        return s.append('}').toString();
    }
}
