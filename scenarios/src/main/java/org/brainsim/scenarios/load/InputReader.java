package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import org.brainsim.scenarios.spec.InputKind;
import org.brainsim.scenarios.spec.InputSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads a scenario's {@code inputs} section: the built-in input sources, sorted by name. */
public final class InputReader
{
    /** The keys of an input. */
    static final List<String> KEYS = List.of("kind", "size", "rate_hz", "frequency_hz", "amplitude", "noise_std",
        "frozen_steps", "phase");

    /** How a noisy sine starts: a random phase per unit and row, or phase 0. */
    enum Phase
    {
        RANDOM,
        ZERO
    }

    private InputReader()
    {
    }

    /**
     * @param dtMs  the step (bounds the rates), or {@code null} when it has a problem of its own.
     * @param names node names seen so far (inputs add theirs).
     */
    public static List<InputSpec> read(
        final ConfigChecker check, final ConfigObject root, final Double dtMs, final Set<String> names)
    {
        final List<InputSpec> inputs = new ArrayList<>();
        final ConfigObject all = check.object(root, "", "inputs", false);
        if (all == null)
        {
            return inputs;
        }
        for (final String name : new TreeSet<>(all.keySet()))
        {
            final String path = "inputs." + name;
            final ConfigValue value = all.get(name);
            final boolean nameOk = check.name(value, path, name, names);
            final ConfigObject o = check.object(all, "inputs", name, true);
            if (o == null)
            {
                continue;
            }
            check.onlyKeys(o, path, KEYS);
            final InputKind kind = check.choice(o, path, "kind", null, InputKind.class);
            final Long size = check.integer(o, path, "size", null, 1, 1 << 20);
            final double maxRate = dtMs == null ? Double.POSITIVE_INFINITY : 1000.0 / dtMs;
            final Double rate = check.number(o, path, "rate_hz", 10.0, 0, true, maxRate);
            final Double frequency = check.number(o, path, "frequency_hz", 1.0, 0, true,
                dtMs == null ? Double.POSITIVE_INFINITY : 500.0 / dtMs);
            final Double amplitude = check.number(o, path, "amplitude", 1.0, 0, true, Double.POSITIVE_INFINITY);
            final Double noise = check.number(o, path, "noise_std", 0.1, 0, true, Double.POSITIVE_INFINITY);
            final Long frozen = check.integer(o, path, "frozen_steps", 0L, 0, 1 << 20);
            final Phase phase = check.choice(o, path, "phase", Phase.RANDOM, Phase.class);
            if (nameOk && kind != null && size != null && rate != null && frequency != null && amplitude != null &&
                noise != null && frozen != null && phase != null)
            {
                inputs.add(new InputSpec(name, kind, size.intValue(), rate, frequency, amplitude, noise,
                    frozen.intValue(), phase == Phase.RANDOM));
            }
        }
        return inputs;
    }
}
