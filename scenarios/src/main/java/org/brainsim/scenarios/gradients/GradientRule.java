package org.brainsim.scenarios.gradients;

import org.brainsim.regions.learning.FeedbackMode;
import org.brainsim.regions.learning.ModelKind;
import org.brainsim.regions.learning.RuleKind;
import org.brainsim.regions.learning.RuleSpec;

import java.util.List;

/**
 * A rule as named on the command line: {@code bptt}, {@code truncated-bptt:K}, {@code eprop-symmetric},
 * {@code eprop-random}, {@code eprop-adaptive}, {@code rflo-symmetric}, {@code rflo-random}, {@code rtrl},
 * {@code readout-only}, {@code node-perturbation}.
 *
 * @param name the name as given.
 * @param spec the rule.
 */
public record GradientRule(String name, RuleSpec spec)
{
    /** Names accepted (truncated-bptt takes a window: {@code truncated-bptt:50}). */
    public static final List<String> NAMES = List.of("bptt", "truncated-bptt:K", "eprop-symmetric", "eprop-random",
        "eprop-adaptive", "rflo-symmetric", "rflo-random", "rtrl", "readout-only", "node-perturbation");

    /**
     * @throws IllegalArgumentException naming the rule and what is allowed for the model.
     */
    public static GradientRule parse(final String name, final ModelKind model)
    {
        final RuleSpec spec;
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
            spec = RuleSpec.of(RuleKind.BPTT).withWindowSteps(window);
        }
        else
        {
            spec = switch (name)
            {
                case "bptt" -> RuleSpec.of(RuleKind.BPTT);
                case "eprop-symmetric" -> RuleSpec.of(RuleKind.EPROP).withFeedback(FeedbackMode.SYMMETRIC);
                case "eprop-random" -> RuleSpec.of(RuleKind.EPROP).withFeedback(FeedbackMode.RANDOM);
                case "eprop-adaptive" -> RuleSpec.of(RuleKind.EPROP).withFeedback(FeedbackMode.ADAPTIVE);
                case "rflo-symmetric" -> RuleSpec.of(RuleKind.RFLO).withFeedback(FeedbackMode.SYMMETRIC);
                case "rflo-random" -> RuleSpec.of(RuleKind.RFLO).withFeedback(FeedbackMode.RANDOM);
                case "rtrl" -> RuleSpec.of(RuleKind.RTRL);
                case "readout-only" -> RuleSpec.of(RuleKind.READOUT_ONLY);
                case "node-perturbation" -> RuleSpec.of(RuleKind.NODE_PERTURBATION);
                default -> throw new IllegalArgumentException("unknown rule '" + name + "' (allowed: " +
                    String.join(", ", NAMES) + ")");
            };
        }
        if (!spec.kind().appliesTo(model))
        {
            throw new IllegalArgumentException("rule " + name + " does not apply to model " +
                model.name().toLowerCase() + " (" + spec.kind() + " is for rate networks)");
        }
        return new GradientRule(name, spec);
    }
}
