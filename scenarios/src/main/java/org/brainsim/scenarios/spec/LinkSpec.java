package org.brainsim.scenarios.spec;

import org.brainsim.regions.LinkWeights;
import org.brainsim.settings.Names;

import java.util.Arrays;
import java.util.List;

/**
 * A link of a scenario. Link ids follow the links' names in sorted order, so "link order" (the order in which a
 * region adds its inputs) does not depend on how HOCON orders keys.
 *
 * @param id         link id.
 * @param name       the link's key in {@code links} (internal links start with {@code ~}).
 * @param from       producing node.
 * @param to         consuming node.
 * @param delaySteps steps between emission and use, ≥ 1.
 * @param kind       what it carries.
 * @param weights    its projection's initial distribution, scale, sparsity and plasticity (links that feed units).
 * @param signal     what of its producer an activity link carries (its activity, or a learning region's error or
 *                   prediction).
 */
public record LinkSpec(
    int id, String name, String from, String to, int delaySteps, Kind kind, LinkWeights weights, Signal signal)
{
    /** What of its producer an activity link carries into the consumer's units. */
    public enum Signal
    {
        /** Its activity (spikes or rates). */
        ACTIVITY,
        /** A learning region's per-step error: its prediction errors and y − y* side by side (bottom-up surprise). */
        ERROR,
        /** A learning region's predictions: the readout units of its predictive terms (top-down). */
        PREDICTION
    }

    /** A link that carries its producer's activity (every kind but a signal link). */
    public LinkSpec(final int id, final String name, final String from, final String to, final int delaySteps,
                    final Kind kind, final LinkWeights weights)
    {
        this(id, name, from, to, delaySteps, kind, weights, Signal.ACTIVITY);
    }

    /**
     * @return the key of what it carries in a map of output widths ({@link #widthKey(String, Signal)}): the producer's
     * name, or that name and its signal.
     */
    public String source()
    {
        return widthKey(from, signal);
    }

    /** @return the key of a node's output of one signal in a map of widths. */
    public static String widthKey(final String node, final Signal signal)
    {
        return signal == Signal.ACTIVITY ? node : node + "#" + Names.of(signal);
    }

    /** What a link carries. */
    public enum Kind
    {
        /** An input to the consumer's units: another node's activity. */
        ACTIVITY(true, true),
        /** The task's observations, an input like activity. */
        OBSERVATION(true, true),
        /** What the consumer's readout should output (an input's values or the task's supervision). */
        TARGET(true, true),
        /** A learning region's per-step error, as the learning signal of a region that learns online. */
        ERROR(true, true),
        /** A region's readout (or, from a region that acts, its chosen action), to the task. */
        ACTION(true, true),
        /**
         * Exact cross-region BPTT: from a downstream region back to the region that feeds it, the gradient of the
         * downstream region's loss with respect to that activity, after each trial.
         */
        GRADIENT(true, true),
        /** A neuromodulator broadcast: a critic's TD error, to regions whose objective learns from it. */
        MODULATOR(true, true),
        /** An acting task's rewards, answering a region's actions, to a region whose objective learns from them. */
        REWARD(true, true),
        /** A controller's action values and their variances (model-free, model-based), to an arbiter region. */
        VALUES(true, true),
        /** The task's phase, to every region (added by the run, never written in a scenario). */
        CONTROL(false, true);

        private final boolean declarable;
        private final boolean consumed;

        Kind(final boolean declarable, final boolean consumed)
        {
            this.declarable = declarable;
            this.consumed = consumed;
        }

        /** @return the kinds a scenario may declare, as it names them. */
        public static List<String> declarableNames()
        {
            return Arrays.stream(values()).filter(k -> k.declarable).map(Names::of).toList();
        }

        /** @return the kinds a scenario may declare and some node consumes, as it names them. */
        public static List<String> usableNames()
        {
            return Arrays.stream(values()).filter(k -> k.declarable && k.consumed).map(Names::of).toList();
        }

        /** @return whether some node consumes links of this kind (else the language accepts it, the loader refuses). */
        public boolean consumed()
        {
            return consumed;
        }

        /** @return whether it feeds the consumer's units. */
        public boolean isInput()
        {
            return this == ACTIVITY || this == OBSERVATION;
        }
    }

    /**
     * @param links a scenario's links.
     * @return steps from the task emitting a step to receiving the action link's value of it: the delay of what the
     *         task sends the acting region plus the action link's (0 without an action link).
     */
    public static int responseLag(final List<LinkSpec> links)
    {
        for (final LinkSpec action : links)
        {
            if (action.kind() == Kind.ACTION && TaskSpec.NODE.equals(action.to()))
            {
                return decisionDelay(links, action.from()) + action.delaySteps();
            }
        }
        return 0;
    }

    /**
     * @return steps from the task emitting a step to {@code region} deciding on it: the delay of what the task sends it,
     *     or for an arbiter, which decides on its controllers' values, their task delay plus their values link's.
     */
    public static int decisionDelay(final List<LinkSpec> links, final String region)
    {
        for (final LinkSpec values : links)
        {
            if (values.kind() == Kind.VALUES && values.to().equals(region))
            {
                return taskDelay(links, values.from()) + values.delaySteps();
            }
        }
        return taskDelay(links, region);
    }

    /** @return the delay of the first link from the task to {@code node} (0: none). */
    private static int taskDelay(final List<LinkSpec> links, final String node)
    {
        return links.stream().filter(l -> TaskSpec.NODE.equals(l.from()) && l.to().equals(node))
            .mapToInt(LinkSpec::delaySteps).findFirst().orElse(0);
    }

    /** @return the steps a neuromodulator takes from a critic to the actors: the longest modulator link (0: none). */
    public static int settle(final List<LinkSpec> links)
    {
        return links.stream().filter(l -> l.kind() == Kind.MODULATOR).mapToInt(LinkSpec::delaySteps).max().orElse(0);
    }

    /** A dense, Gaussian, plastic link. */
    public LinkSpec(final int id, final String name, final String from, final String to, final int delaySteps,
                    final double weightScale, final Kind kind)
    {
        this(id, name, from, to, delaySteps, kind, LinkWeights.normal(weightScale));
    }

    /** @return the weight scale of its projection. */
    public double weightScale()
    {
        return weights.scale();
    }

    /** @return whether the link is an input to the consumer's units (activity or observation). */
    public boolean isInput()
    {
        return kind.isInput();
    }
}
