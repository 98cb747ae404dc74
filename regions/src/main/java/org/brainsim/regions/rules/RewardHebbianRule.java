package org.brainsim.regions.rules;

import org.brainsim.regions.network.RateNetwork;
import org.brainsim.settings.Param;

import java.util.List;
import java.util.Set;

/**
 * The reward-modulated three-factor Hebbian rule for rate networks (the exploratory Hebbian rule of Legenstein et al.
 * 2010 and Hoerzer et al. 2014, on a recurrent network): the same exploration kicks, running mean, baseline and
 * update as {@link MiconiRule}, but the Hebbian term is plain and the eligibility fades:
 * <pre>
 *   e[i, j] ← λ e[i, j] + â_{t−1}[i] · Δx_t[j],   λ = exp(−dt / trace_tau_ms)   (1 when trace_tau_ms = 0)
 *   g = −Σ_b (R_b − R̄_b) e_b                                                     (at trial end)
 * </pre>
 * Miconi (2017) shows that without the cube the kicks' signal drowns in the network's own fluctuations; this rule is
 * the control for that claim, and, with a finite {@code trace_tau_ms}, a learner whose eligibility decays while the
 * reward travels (the longer a reward link's delay, the less of the decisive steps' trace is left when R arrives).
 */
public final class RewardHebbianRule
{
    public static final Param<Double> TRACE_TAU = Param.number("trace_tau_ms", 0.0, 0, true,
        Double.POSITIVE_INFINITY, "time constant of the eligibility's decay, ms (0: no decay within a trial)");

    /** The registry entry. */
    public static final RuleType TYPE = RuleType.fromRewards(new RuleType.Of("reward-hebbian",
        "reward-modulated three-factor Hebbian rule, plain pre x (post - running mean), decaying eligibility " +
            "(rate networks)",
        List.of(MiconiRule.PROBABILITY, MiconiRule.AMPLITUDE, MiconiRule.BASELINE, MiconiRule.GRADIENT_CLIP,
            TRACE_TAU), Set.of(RateNetwork.class), Set.of(),
        (network, values, random) -> new MiconiRule(values.get(MiconiRule.PROBABILITY),
            values.get(MiconiRule.AMPLITUDE), random)
            .with(values.get(MiconiRule.BASELINE), values.get(MiconiRule.GRADIENT_CLIP))
            .plain(values.get(TRACE_TAU)),
        MiconiRule.TYPE::memoryBytes));

    private RewardHebbianRule()
    {
    }
}
