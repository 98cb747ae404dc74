package org.brainsim.scenarios;

/**
 * A link of a scenario. Link ids follow the links' names in sorted order, so "link order" (the order in
 * which a region adds its inputs) does not depend on how HOCON orders keys.
 *
 * @param id          link id.
 * @param name        the link's key in {@code links}.
 * @param from        producing node.
 * @param to          consuming region.
 * @param delaySteps  steps between emission and use, ≥ 1.
 * @param weightScale the projection W ~ N(0, scale²/width_from).
 * @param init        initial weights: {@code normal} N(0, scale²/width_from) or {@code uniform} with the same variance.
 * @param sparsity    share of the projection's synapses absent (fixed), in [0, 1).
 * @param plastic     whether a learning region's rule may change the projection.
 * @param kind        {@code activity} (an input to the region's units), {@code target} (what the region's
 *                    readout should output; learning regions only) or {@code error} (a learning region's
 *                    error y − y*, as the learning signal of a spiking e-prop region), {@code observation}
 *                    (the task's observations, an input like activity) or {@code action} (a region's readout,
 *                    to the task).
 */
public record LinkSpec(
    int id, String name, String from, String to, int delaySteps, double weightScale, String kind, String init,
    double sparsity, boolean plastic)
{
    /** A dense, Gaussian, plastic link. */
    public LinkSpec(final int id, final String name, final String from, final String to, final int delaySteps,
                    final double weightScale, final String kind)
    {
        this(id, name, from, to, delaySteps, weightScale, kind, "normal", 0, true);
    }

    /** @return its projection's initial distribution, sparsity and plasticity. */
    public org.brainsim.regions.LinkWeights weights()
    {
        return new org.brainsim.regions.LinkWeights("uniform".equals(init) ?
            org.brainsim.regions.LinkWeights.Distribution.UNIFORM : org.brainsim.regions.LinkWeights.Distribution.NORMAL,
            weightScale, sparsity, plastic);
    }

    /** @return whether the link carries another region's error (a learning signal). */
    public boolean isError()
    {
        return "error".equals(kind);
    }

    /** @return whether the link carries a task's observations. */
    public boolean isObservation()
    {
        return "observation".equals(kind);
    }

    /** @return whether the link carries a region's readout to the task. */
    public boolean isAction()
    {
        return "action".equals(kind);
    }

    /** @return whether the link is an input to the consumer's units (activity or observation). */
    public boolean isInput()
    {
        return "activity".equals(kind) || "observation".equals(kind);
    }

    /** @return whether the link carries a target rather than activity. */
    public boolean isTarget()
    {
        return "target".equals(kind);
    }
}
