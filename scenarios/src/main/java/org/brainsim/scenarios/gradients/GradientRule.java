package org.brainsim.scenarios.gradients;

import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.rules.BpttRule;
import org.brainsim.regions.rules.EpropRule;
import org.brainsim.regions.rules.FeedbackMode;
import org.brainsim.regions.rules.NodePerturbationRule;
import org.brainsim.regions.rules.ReadoutOnlyRule;
import org.brainsim.regions.rules.RfloRule;
import org.brainsim.regions.rules.RtrlRule;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.regions.network.Models;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;

/**
 * A rule as named on the command line: {@code bptt}, {@code truncated-bptt:K}, {@code eprop-symmetric},
 * {@code eprop-random}, {@code eprop-adaptive}, {@code rflo-symmetric}, {@code rflo-random}, {@code rtrl},
 * {@code readout-only}, {@code node-perturbation}.
 *
 * @param name   the name as given.
 * @param type   the rule.
 * @param values its settings.
 */
public record GradientRule(String name, RuleType type, ParamValues values)
{
    /** Names accepted (truncated-bptt takes a window: {@code truncated-bptt:50}). */
    public static final List<String> NAMES = List.of("bptt", "truncated-bptt:K", "eprop-symmetric", "eprop-random",
        "eprop-adaptive", "rflo-symmetric", "rflo-random", "rtrl", "readout-only", "node-perturbation");

    /**
     * @throws IllegalArgumentException naming the rule and what is allowed for the model.
     */
    public static GradientRule parse(final String name, final RegionModel model)
    {
        final GradientRule rule;
        if (name.startsWith("truncated-bptt:"))
        {
            final int window;
            try
            {
                window = Integer.parseInt(name.substring("truncated-bptt:".length()));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("rule " + name + ": window must be an integer >= 1, e.g. truncated-bptt:50");
            }
            if (window < 1)
            {
                throw new IllegalArgumentException("rule " + name + ": window must be >= 1");
            }
            rule = of(name, BpttRule.TYPE, BpttRule.WINDOW_STEPS, window);
        }
        else
        {
            rule = switch (name)
            {
                case "bptt" -> of(name, BpttRule.TYPE, null, null);
                case "eprop-symmetric" -> feedback(name, EpropRule.TYPE, FeedbackMode.SYMMETRIC);
                case "eprop-random" -> feedback(name, EpropRule.TYPE, FeedbackMode.RANDOM);
                case "eprop-adaptive" -> feedback(name, EpropRule.TYPE, FeedbackMode.ADAPTIVE);
                case "rflo-symmetric" -> feedback(name, RfloRule.TYPE, FeedbackMode.SYMMETRIC);
                case "rflo-random" -> feedback(name, RfloRule.TYPE, FeedbackMode.RANDOM);
                case "rtrl" -> of(name, RtrlRule.TYPE, null, null);
                case "readout-only" -> of(name, ReadoutOnlyRule.TYPE, null, null);
                case "node-perturbation" -> of(name, NodePerturbationRule.TYPE, null, null);
                default -> throw new IllegalArgumentException("unknown rule '" + name + "' (allowed: " +
                    String.join(", ", NAMES) + ")");
            };
        }
        if (!rule.type().appliesTo(model))
        {
            throw new IllegalArgumentException("rule " + name + " does not apply to model " + model.name() + " (" +
                rule.type().name() + " is for models " + String.join(", ", Models.REGISTRY.all().stream()
                .filter(rule.type()::appliesTo).map(RegionModel::name).toList()) + ")");
        }
        return rule;
    }

    private static <T> GradientRule of(final String name, final RuleType type, final Param<T> param, final T value)
    {
        final ParamValues defaults = ParamValues.defaults(type.params());
        return new GradientRule(name, type, param == null ? defaults : defaults.with(param, value));
    }

    private static GradientRule feedback(final String name, final RuleType type, final FeedbackMode mode)
    {
        final Param<?> p = type.params().stream().filter(q -> q.key().equals("feedback")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        final Param<FeedbackMode> feedback = (Param<FeedbackMode>)p;
        return of(name, type, feedback, mode);
    }
}
