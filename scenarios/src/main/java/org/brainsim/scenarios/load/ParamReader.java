package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.settings.Names;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;

/**
 * Reads the settings a model, rule, objective, optimiser or task declares ({@link Param}) out of a scenario object,
 * through a {@link ConfigChecker}: the same checks, messages and resolved record for every declared setting.
 */
public final class ParamReader
{
    private final ConfigChecker check;

    public ParamReader(final ConfigChecker check)
    {
        this.check = check;
    }

    /**
     * Reads one declared setting: its value, or its default given {@code before} (the settings read before it and
     * the scenario context). Problems name the key and {@link Param#rule()}.
     *
     * @return the value, or {@code null} after a problem.
     */
    @SuppressWarnings("unchecked")
    public <T> T param(final ConfigObject parent, final String path, final Param<T> p, final ParamValues before)
    {
        final T fallback = parent.get(p.key()) == null ? p.defaultValue(before) : null;
        final Object value = switch (p.type())
        {
            case INTEGER ->
            {
                final Long v = check.integer(parent, path, p.key(), fallback == null ? null : ((Integer)fallback).longValue(),
                    (long)p.min(), (long)p.max());
                yield v == null ? null : Integer.valueOf(v.intValue());
            }
            case NUMBER -> check.number(parent, path, p.key(), (Double)fallback, p.min(), p.minInclusive(), p.max());
            case BOOLEAN -> check.bool(parent, path, p.key(), fallback != null && (Boolean)fallback);
            case CHOICE ->
            {
                final String name = check.string(parent, path, p.key(), fallback == null ? null : Names.of((Enum<?>)fallback),
                    p.choices());
                yield name == null ? null : Names.parse((Class)p.javaType(), name);
            }
        };
        if (value != null)
        {
            check.record(path, p.key(), value);
        }
        return (T)value;
    }

    /**
     * Reads every setting of {@code params}, in order, each default seeing the ones before it and {@code context}.
     *
     * @return the values, or {@code null} after a problem.
     */
    public ParamValues params(
        final ConfigObject parent, final String path, final List<Param<?>> params, final ParamValues context)
    {
        final ParamValues.Builder values = ParamValues.builder();
        boolean ok = true;
        for (final Param<?> p : params)
        {
            final Object v = param(parent, path, p, ParamValues.builder().putAll(context).putAll(values.build()).build());
            if (v == null)
            {
                ok = false;
                continue;
            }
            set(values, p, v);
        }
        return ok ? values.build() : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(final ParamValues.Builder values, final Param<T> p, final Object v)
    {
        values.set(p, (T)v);
    }

}
