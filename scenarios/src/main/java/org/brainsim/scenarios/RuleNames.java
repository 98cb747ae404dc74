package org.brainsim.scenarios;

import org.brainsim.regions.learning.ModelKind;
import org.brainsim.regions.learning.RuleKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rule names as written in scenarios ({@code none}, {@code bptt}, {@code eprop}, {@code rflo}, {@code rtrl},
 * {@code readout-only}, {@code node-perturbation}, {@code miconi}) and which apply to which model.
 */
public final class RuleNames
{
    /** Every rule name. */
    public static final List<String> ALL = names(null);

    private RuleNames()
    {
    }

    /** @return {@code none} and the rules that apply to the model named {@code model}. */
    public static List<String> forModel(final String model)
    {
        return names(ModelKind.valueOf(model.toUpperCase(Locale.ROOT)));
    }

    /** @return the scenario name of a rule. */
    public static String of(final RuleKind kind)
    {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the rule with this scenario name, or {@code null} for {@code none}. */
    public static RuleKind kind(final String name)
    {
        return "none".equals(name) ? null : RuleKind.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static List<String> names(final ModelKind model)
    {
        final List<String> names = new ArrayList<>();
        names.add("none");
        for (final RuleKind kind : RuleKind.values())
        {
            if (model == null || kind.appliesTo(model))
            {
                names.add(of(kind));
            }
        }
        return List.copyOf(names);
    }
}
