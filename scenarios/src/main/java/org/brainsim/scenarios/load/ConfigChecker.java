package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.brainsim.scenarios.ScenarioProblem;
import org.brainsim.settings.Names;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of HOCON objects and collects, rather than throws, every problem it meets,
 * each located by file, line and key. The scenario loader reads the whole file through one checker,
 * then reports all problems at once.
 *
 * <p>Every value it returns — given, or its default — is also written into the {@link #resolved()} tree, which the
 * run's manifest keeps: the scenario as it ran, with nothing left implicit.
 */
public final class ConfigChecker
{
    private static final java.util.regex.Pattern LINE_SUFFIX = java.util.regex.Pattern.compile("(.*)(?:: | @ line )\\d+$");

    private final String fileName;
    private final List<ScenarioProblem> problems = new ArrayList<>();
    private final ResolvedTree resolved = new ResolvedTree();

    public ConfigChecker(final String fileName)
    {
        this.fileName = fileName;
    }

    public List<ScenarioProblem> problems()
    {
        return problems;
    }

    /** @return the values read so far, as a tree of maps and lists by key path. */
    public ResolvedTree resolved()
    {
        return resolved;
    }

    /** Writes {@code value} (an enum is written by its scenario name) at {@code path.key} of the resolved tree. */
    public void record(final String path, final String key, final Object value)
    {
        resolved.put(path, key, value instanceof Enum<?> e ? Names.of(e) : value);
    }

    /** @return the constant of {@code type} at {@code key} (scenario names from {@link Names}), its fallback, or null. */
    public <E extends Enum<E>> E choice(
        final ConfigObject parent, final String path, final String key, final E fallback, final Class<E> type)
    {
        final String name = string(parent, path, key, fallback == null ? null : Names.of(fallback), Names.all(type));
        if (name == null)
        {
            return null;
        }
        final E e = Names.parse(type, name);
        record(path, key, e);
        return e;
    }

    /** @return the integer at {@code key} in [min, max], or {@code null} when absent (no default) or after a problem. */
    public Long optionalInteger(final ConfigObject parent, final String path, final String key, final long min,
                                final long max)
    {
        if (parent.get(key) == null)
        {
            return null;
        }
        return integer(parent, path, key, null, min, max);
    }

    public void problem(final ConfigOrigin origin, final String key, final String message)
    {
        problems.add(new ScenarioProblem(source(origin), origin == null ? -1 : origin.lineNumber(), key, message));
    }

    private String source(final ConfigOrigin origin)
    {
        if (origin == null || origin.lineNumber() < 0 && !origin.description().startsWith("--set "))
        {
            return fileName; // e.g. HOCON's "empty config" for a file of comments only
        }
        // Text is parsed with the file name (or "--set key=value") as its description; HOCON appends ": <line>".
        final String description = origin.description();
        final java.util.regex.Matcher m = LINE_SUFFIX.matcher(description);
        return m.matches() ? m.group(1) : description;
    }

    /** Reports every key of {@code object} not in {@code allowed}. */
    public void onlyKeys(final ConfigObject object, final String path, final Collection<String> allowed)
    {
        for (final String key : new TreeSet<>(object.keySet()))
        {
            if (!allowed.contains(key))
            {
                problem(object.get(key).origin(), join(path, key),
                    "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    public static String join(final String path, final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** @return the object at {@code key}, or {@code null} (and a problem when required or of the wrong type). */
    public ConfigObject object(final ConfigObject parent, final String path, final String key, final boolean required)
    {
        final ConfigValue value = parent.get(key);
        if (value == null)
        {
            if (required)
            {
                problem(parent.origin(), join(path, key), "missing (required: an object)");
            }
            return null;
        }
        if (value.valueType() != ConfigValueType.OBJECT)
        {
            problem(value.origin(), join(path, key), "expected an object { … }, got " + describe(value));
            return null;
        }
        return (ConfigObject)value;
    }

    /**
     * @return the integer at {@code key} in [min, max], {@code fallback} when absent and not required, or
     * {@code null} after recording a problem.
     */
    public Long integer(
        final ConfigObject parent, final String path, final String key, final Long fallback, final long min,
        final long max)
    {
        final Long value = readInteger(parent, path, key, fallback, min, max);
        if (value != null)
        {
            record(path, key, value);
        }
        return value;
    }

    private Long readInteger(
        final ConfigObject parent, final String path, final String key, final Long fallback, final long min,
        final long max)
    {
        final ConfigValue value = parent.get(key);
        final String full = join(path, key);
        if (value == null)
        {
            if (fallback == null)
            {
                problem(parent.origin(), full, "missing (required: an integer in " + range(min, max) + ")");
            }
            return fallback;
        }
        final Number number = numberOf(value);
        if (number == null || number.doubleValue() != Math.rint(number.doubleValue()) ||
            Math.abs(number.doubleValue()) > 9.0e15)
        {
            problem(value.origin(), full, "expected an integer in " + range(min, max) + ", got " + describe(value));
            return null;
        }
        final long n = number.longValue();
        if (n < min || n > max)
        {
            problem(value.origin(), full, "must be in " + range(min, max) + ", got " + n);
            return null;
        }
        return n;
    }

    /**
     * @return the number at {@code key} satisfying {@code min} (inclusive or not) and {@code max}, the
     * fallback when absent and not required, or {@code null} after recording a problem.
     */
    public Double number(
        final ConfigObject parent, final String path, final String key, final Double fallback, final double min,
        final boolean minInclusive, final double max)
    {
        final Double value = readNumber(parent, path, key, fallback, min, minInclusive, max);
        if (value != null)
        {
            record(path, key, value);
        }
        return value;
    }

    private Double readNumber(
        final ConfigObject parent, final String path, final String key, final Double fallback, final double min,
        final boolean minInclusive, final double max)
    {
        final ConfigValue value = parent.get(key);
        final String full = join(path, key);
        final String rule = (minInclusive ? ">= " : "> ") + fmt(min) +
            (max < Double.POSITIVE_INFINITY ? " and <= " + fmt(max) : "");
        if (value == null)
        {
            if (fallback == null)
            {
                problem(parent.origin(), full, "missing (required: a number " + rule + ")");
            }
            return fallback;
        }
        final Number number = numberOf(value);
        if (number == null || !Double.isFinite(number.doubleValue()))
        {
            problem(value.origin(), full, "expected a number " + rule + ", got " + describe(value));
            return null;
        }
        final double d = number.doubleValue();
        if ((minInclusive ? d < min : d <= min) || d > max)
        {
            problem(value.origin(), full, "must be " + rule + ", got " + fmt(d));
            return null;
        }
        return d;
    }

    /**
     * @return the string at {@code key}, one of {@code allowed} when non-empty; the fallback when absent and
     * not required; {@code null} after recording a problem.
     */
    public String string(
        final ConfigObject parent, final String path, final String key, final String fallback,
        final Collection<String> allowed)
    {
        final String value = readString(parent, path, key, fallback, allowed);
        if (value != null)
        {
            record(path, key, value);
        }
        return value;
    }

    private String readString(
        final ConfigObject parent, final String path, final String key, final String fallback,
        final Collection<String> allowed)
    {
        final ConfigValue value = parent.get(key);
        final String full = join(path, key);
        final String rule = allowed.isEmpty() ? "a string" : "one of " + String.join(", ", allowed);
        if (value == null)
        {
            if (fallback == null)
            {
                problem(parent.origin(), full, "missing (required: " + rule + ")");
            }
            return fallback;
        }
        if (value.valueType() != ConfigValueType.STRING)
        {
            problem(value.origin(), full, "expected " + rule + ", got " + describe(value));
            return null;
        }
        final String s = (String)value.unwrapped();
        if (!allowed.isEmpty() && !allowed.contains(s))
        {
            problem(value.origin(), full, "'" + s + "' is not allowed (allowed: " + String.join(", ", allowed) + ")");
            return null;
        }
        return s;
    }

    /** @return the list of strings at {@code key}, the fallback when absent, or {@code null} after a problem. */
    public List<String> strings(final ConfigObject parent, final String path, final String key,
                                final List<String> fallback)
    {
        final List<String> value = readStrings(parent, path, key, fallback);
        if (value != null)
        {
            record(path, key, value);
        }
        return value;
    }

    private List<String> readStrings(final ConfigObject parent, final String path, final String key,
                                     final List<String> fallback)
    {
        final ConfigValue value = parent.get(key);
        final String full = join(path, key);
        if (value == null)
        {
            return fallback;
        }
        if (value.valueType() != ConfigValueType.LIST)
        {
            problem(value.origin(), full, "expected a list of names [ … ], got " + describe(value));
            return null;
        }
        final List<String> out = new ArrayList<>();
        int i = 0;
        for (final ConfigValue item : (Iterable<ConfigValue>)((com.typesafe.config.ConfigList)value))
        {
            if (item.valueType() != ConfigValueType.STRING)
            {
                problem(item.origin(), full + "[" + i + "]", "expected a name, got " + describe(item));
                return null;
            }
            out.add((String)item.unwrapped());
            i++;
        }
        return out;
    }

    /** @return the list of objects at {@code key}, an empty list when absent, or {@code null} after a problem. */
    public List<ConfigObject> objects(final ConfigObject parent, final String path, final String key)
    {
        final ConfigValue value = parent.get(key);
        final String full = join(path, key);
        if (value == null)
        {
            return List.of();
        }
        if (value.valueType() != ConfigValueType.LIST)
        {
            problem(value.origin(), full, "expected a list of objects [ { … }, … ], got " + describe(value));
            return null;
        }
        final List<ConfigObject> out = new ArrayList<>();
        int i = 0;
        for (final ConfigValue item : (Iterable<ConfigValue>)((com.typesafe.config.ConfigList)value))
        {
            if (item.valueType() != ConfigValueType.OBJECT)
            {
                problem(item.origin(), full + "[" + i + "]", "expected an object { … }, got " + describe(item));
                return null;
            }
            out.add((ConfigObject)item);
            i++;
        }
        return out;
    }

    /** @return the boolean at {@code key}, the fallback when absent, or {@code null} after a problem. */
    public Boolean bool(final ConfigObject parent, final String path, final String key, final boolean fallback)
    {
        final Boolean value = readBool(parent, path, key, fallback);
        if (value != null)
        {
            record(path, key, value);
        }
        return value;
    }

    private Boolean readBool(final ConfigObject parent, final String path, final String key, final boolean fallback)
    {
        final ConfigValue value = parent.get(key);
        if (value == null)
        {
            return fallback;
        }
        if (value.valueType() != ConfigValueType.BOOLEAN)
        {
            problem(value.origin(), join(path, key), "expected true or false, got " + describe(value));
            return null;
        }
        return (Boolean)value.unwrapped();
    }

    /** Checks a node name. */
    public boolean name(final ConfigValue value, final String full, final String name, final Set<String> seen)
    {
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]*"))
        {
            problem(value.origin(), full, "name '" + name + "' is not allowed (use letters, digits, _ and -, " +
                "starting with a letter)");
            return false;
        }
        if (!seen.add(name))
        {
            problem(value.origin(), full, "name '" + name + "' is used twice (input and region names share one space)");
            return false;
        }
        return true;
    }

    private static Number numberOf(final ConfigValue value)
    {
        if (value.valueType() == ConfigValueType.NUMBER)
        {
            return (Number)value.unwrapped();
        }
        if (value.valueType() == ConfigValueType.STRING)
        {
            try
            {
                return Double.valueOf(((String)value.unwrapped()).trim());
            }
            catch (final NumberFormatException ex)
            {
                return null;
            }
        }
        return null;
    }

    public static String describe(final ConfigValue value)
    {
        return switch (value.valueType())
        {
            case STRING -> "string \"" + value.unwrapped() + "\"";
            case NUMBER -> "number " + value.unwrapped();
            case BOOLEAN -> "boolean " + value.unwrapped();
            case NULL -> "null";
            case LIST -> "a list";
            case OBJECT -> "an object";
        };
    }

    private static String range(final long min, final long max)
    {
        return "[" + min + ", " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "∞" : String.valueOf(max)) +
            "]";
    }

    private static String fmt(final double d)
    {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long)d) : String.valueOf(d);
    }
}
