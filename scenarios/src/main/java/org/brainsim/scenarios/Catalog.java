package org.brainsim.scenarios;

import org.brainsim.regions.learning.ModelKind;
import org.brainsim.regions.learning.RuleKind;
import org.brainsim.scenarios.tasks.TaskFactory;
import org.brainsim.scenarios.tasks.TaskParam;
import org.brainsim.scenarios.tasks.TaskRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a scenario can name — models, rules, objectives, tasks — one line each, for {@code brainsim list}.
 * Rules and tasks come from their enumerations and the task registry, so the list cannot drift from what
 * runs.
 */
public final class Catalog
{
    private Catalog()
    {
    }

    /** @return {name, description} per model. */
    public static List<String[]> models()
    {
        return List.of(
            new String[] {"rate", "leaky rate units, h <- (1 - a) h + a phi(W x + b); tanh, relu or softplus"},
            new String[] {"lif", "leaky integrate-and-fire, reset by subtraction, refractory (e-prop EligALIF form)"},
            new String[] {"alif", "LIF with an adaptive threshold (tau_a, beta) on a share of the units"});
    }

    /** @return {name, models, description} per rule. */
    public static List<String[]> rules()
    {
        final List<String[]> out = new ArrayList<>();
        for (final RuleKind kind : RuleKind.values())
        {
            final List<String> models = new ArrayList<>();
            for (final ModelKind m : ModelKind.values())
            {
                if (kind.appliesTo(m))
                {
                    models.add(m.name().toLowerCase(Locale.ROOT));
                }
            }
            out.add(new String[] {RuleNames.of(kind), String.join("/", models), describe(kind)});
        }
        return out;
    }

    private static String describe(final RuleKind kind)
    {
        return switch (kind)
        {
            case BPTT -> "backpropagation through time (truncation: window_steps)";
            case EPROP -> "eligibility propagation: eligibility traces x learning signal (feedback symmetric/random/adaptive)";
            case RFLO -> "random-feedback local online learning (Murray 2019)";
            case RTRL -> "real-time recurrent learning, exact online gradient (small networks only)";
            case READOUT_ONLY -> "only the readout learns; the recurrent network stays fixed";
            case NODE_PERTURBATION -> "perturb units, correlate with the change in loss (REINFORCE-like)";
            case MICONI -> "Miconi 2017 three-factor Hebbian rule with a reward baseline";
        };
    }

    /** @return {name, description} per objective. */
    public static List<String[]> objectives()
    {
        final List<String[]> out = new ArrayList<>();
        out.add(new String[] {"supervised",
            "MSE or cross-entropy of the readout over the task's evaluation windows; per-trial loss and accuracy"});
        return out;
    }

    /** @return {name, description, parameters} per task. */
    public static List<String[]> tasks()
    {
        final List<String[]> out = new ArrayList<>();
        for (final TaskFactory f : TaskRegistry.all())
        {
            final List<String> params = new ArrayList<>();
            for (final TaskParam p : f.params())
            {
                params.add(p.key() + "=" + (p.integer() ? String.valueOf((long)p.defaultValue()) :
                    String.valueOf(p.defaultValue())));
            }
            out.add(new String[] {f.name(), f.description(), String.join(", ", params)});
        }
        return out;
    }
}
