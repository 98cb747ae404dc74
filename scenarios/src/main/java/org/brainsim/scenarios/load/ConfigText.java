package org.brainsim.scenarios.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import org.brainsim.scenarios.ScenarioException;
import org.brainsim.scenarios.ScenarioProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's text as HOCON, with the command line's {@code --set key=value} overrides applied on top, in order;
 * {@code phases.<index or name>.<key>} overrides reach into the phases list. Problems of HOCON's own (syntax,
 * unresolved substitutions) are located in the file or in the {@code --set} they came from.
 */
public final class ConfigText
{
    private ConfigText()
    {
    }

    public static Config parse(final String text, final String fileName, final List<String> overrides)
        throws ScenarioException
    {
        final List<ScenarioProblem> problems = new ArrayList<>();
        Config config = ConfigFactory.empty();
        final List<String> phaseOverrides = new ArrayList<>();
        for (final String override : overrides)
        {
            if (override.startsWith("phases.") && override.indexOf('=') > 0)
            {
                phaseOverrides.add(override); // phases is a list: applied to its element below
                continue;
            }
            final int eq = override.indexOf('=');
            if (eq <= 0)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, override,
                    "expected key=value (e.g. --set regions.v1.size=128)"));
                continue;
            }
            try
            {
                final Config one = ConfigFactory.parseString(override,
                    ConfigParseOptions.defaults().setOriginDescription("--set " + override)
                        .setSyntax(ConfigSyntax.CONF));
                config = one.withFallback(config);
            }
            catch (final ConfigException ex)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, override.substring(0, eq).trim(),
                    "not a valid HOCON key=value: " + ex.getMessage()));
            }
        }
        try
        {
            final Config file = ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription(fileName).setSyntax(ConfigSyntax.CONF));
            config = config.withFallback(file).resolve(ConfigResolveOptions.noSystem());
            config = overridePhases(config, phaseOverrides, problems);
        }
        catch (final ConfigException ex)
        {
            problems.add(located(ex, fileName, overrides));
        }
        if (!problems.isEmpty())
        {
            throw new ScenarioException(problems);
        }
        return config;
    }

    /**
     * Applies {@code phases.<index or name>.<key> = value} overrides to one element of the phases list (HOCON
     * paths cannot index lists).
     */
    private static Config overridePhases(final Config config, final List<String> overrides,
                                         final List<ScenarioProblem> problems)
    {
        if (overrides.isEmpty())
        {
            return config;
        }
        if (!config.hasPath("phases") || config.getValue("phases").valueType() != com.typesafe.config.ConfigValueType.LIST)
        {
            overrides.forEach(o -> problems.add(new ScenarioProblem("--set " + o, -1, o.substring(0, o.indexOf('=')).trim(),
                "the scenario has no phases list to override")));
            return config;
        }
        final List<ConfigValue> phases = new ArrayList<>(config.getList("phases"));
        for (final String override : overrides)
        {
            final int eq = override.indexOf('=');
            final String key = override.substring(0, eq).trim();
            final String[] parts = key.split("\\.", 3);
            if (parts.length < 3)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, key,
                    "expected phases.<index or name>.<key>=value (e.g. --set phases.train.trials=100)"));
                continue;
            }
            int index = -1;
            for (int i = 0; i < phases.size(); i++)
            {
                final Object name = phases.get(i) instanceof ConfigObject o && o.get("name") != null ?
                    o.get("name").unwrapped() : null;
                if (parts[1].equals(String.valueOf(i)) || parts[1].equals(name))
                {
                    index = i;
                }
            }
            if (index < 0 || !(phases.get(index) instanceof ConfigObject element))
            {
                problems.add(new ScenarioProblem("--set " + override, -1, key, "no phase '" + parts[1] +
                    "' (phases are named by index 0 … " + (phases.size() - 1) + " or by name)"));
                continue;
            }
            try
            {
                final Config one = ConfigFactory.parseString(parts[2] + override.substring(eq),
                    ConfigParseOptions.defaults().setOriginDescription("--set " + override).setSyntax(ConfigSyntax.CONF));
                phases.set(index, one.withFallback(element.toConfig()).root());
            }
            catch (final ConfigException ex)
            {
                problems.add(new ScenarioProblem("--set " + override, -1, key, "not a valid HOCON key=value: " +
                    ex.getMessage()));
            }
        }
        return config.withValue("phases", com.typesafe.config.ConfigValueFactory.fromIterable(phases));
    }

    /**
     * A problem of HOCON's own (syntax, substitution) where it arose: in the file at its line, or in the
     * {@code --set} whose text it came from.
     */
    private static ScenarioProblem located(final ConfigException ex, final String fileName, final List<String> overrides)
    {
        final String message = stripOrigin(ex.getMessage());
        final String description = ex.origin() == null ? null : ex.origin().description();
        if (description != null)
        {
            for (final String override : overrides)
            {
                if (description.startsWith("--set " + override))
                {
                    final int eq = override.indexOf('=');
                    return new ScenarioProblem("--set " + override, -1, eq > 0 ? override.substring(0, eq).trim() :
                        override, message);
                }
            }
        }
        final int line = ex.origin() == null ? -1 : ex.origin().lineNumber();
        return new ScenarioProblem(fileName, line, "(syntax)", message);
    }

    private static String stripOrigin(final String message)
    {
        // HOCON prefixes "<description>: <line>: "; the problem already says where.
        final String[] parts = message.split(": ", 3);
        return parts.length == 3 && parts[1].matches("\\d+") ? parts[2] : message;
    }
}
