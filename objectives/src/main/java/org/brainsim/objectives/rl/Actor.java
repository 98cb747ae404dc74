package org.brainsim.objectives.rl;

import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.settings.Param;

import java.util.List;
import java.util.Set;

/**
 * An actor without a critic of its own (issue 13): a {@link PolicyObjective} whose advantages come from another
 * region's TD errors, broadcast as a neuromodulator ({@code ModulatorFrame}, from a {@link TdCritic}) over a
 * modulator link {@code modulatorSteps} long. The critic's δ_c of its step c is about the answer that arrived at c; a
 * decision at step s was answered at s + feedbackSteps, so its advantage is the critic's TD errors from then on,
 * decayed, until the episode ends:
 * <pre>
 *   A_s = Σ_{c ≥ s + F} (γλ)^{c − s − F} δ_c       (F = feedbackSteps; δ_c arrives here at c + modulatorSteps)
 * </pre>
 * which, with λ = 1, is the discounted reward from the outcome on less the critic's value just before it. With
 * {@code tag_tau_ms} = τ_e &gt; 0 the decision's eligibility (its synaptic tag) fades while the TD errors travel:
 * each δ_c is weighted by exp(−(c + M − s) dt / τ_e), the time from the decision to δ_c's arrival (M = modulatorSteps),
 * so a longer modulator delay leaves less of the tag for the dopamine to act on. The critic
 * and the actor must hear the task at the same delay (then their trials line up), and the task lays its trials out so
 * that the TD errors about every decision arrive in the trial; a decision whose first TD error would arrive after the
 * trial's end is left out.
 */
public final class Actor extends PolicyObjective
{
    public static final Param<Double> GAMMA = Param.number("gamma", 0.9, 0, true, 1,
        "discount factor γ per step (as the critic's)");
    public static final Param<Double> LAMBDA = Param.number("gae_lambda", 1.0, 0, true, 1,
        "decay λ of the TD errors summed into each decision's advantage (0: the first one only)");
    public static final Param<Double> ENTROPY_WEIGHT = Param.number("entropy_weight", 0.05, 0, true, 1e6,
        "c_H, weight of the policy's entropy bonus");
    public static final Param<Double> TAG_TAU = Param.number("tag_tau_ms", 0.0, 0, true,
        Double.POSITIVE_INFINITY, "time constant of the decision's eligibility, fading until each TD error arrives, ms " +
            "(0: it does not fade)");
    public static final Param<Policy> POLICY = Param.choice("policy", Policy.class, Policy.SAMPLE,
        "sample (draw from the policy with the region's stream) or greedy (arg-max)");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("actor",
        "a policy learning from another region's TD errors (modulator link) on its decisions (reward link)",
        List.of(GAMMA, LAMBDA, ENTROPY_WEIGHT, TAG_TAU, POLICY), Set.of(ObjectiveInput.REWARD,
            ObjectiveInput.MODULATOR), true, true, false, (context, values, weight) -> new Actor(context,
            values.get(GAMMA), values.get(LAMBDA), new ActorCriticLoss(0, values.get(ENTROPY_WEIGHT)), values.get(POLICY),
            weight).fading(values.get(TAG_TAU)));

    private final double gamma;
    private final double lambda;
    private final int modulatorSteps;
    private final float[][] deltas; // per step, per row: the TD error that arrived
    private final double dtMs;
    private double tagDecay = 1; // per step: exp(−dt/τ_e)

    public Actor(
        final ObjectiveContext context, final double gamma, final double lambda, final ActorCriticLoss loss,
        final Policy policy, final double weight)
    {
        super(context, false, loss, policy, weight);
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1))
        {
            throw new IllegalArgumentException("gamma, lambda: " + gamma + ", " + lambda + " (expected: 0 … 1)");
        }
        this.gamma = gamma;
        this.lambda = lambda;
        this.modulatorSteps = context.modulatorSteps();
        this.deltas = new float[steps][batch];
        this.dtMs = context.dtMs();
    }

    /** @return this actor with decisions' eligibilities fading with time constant {@code traceTauMs} (0: none). */
    public Actor fading(final double traceTauMs)
    {
        if (!(traceTauMs >= 0))
        {
            throw new IllegalArgumentException("traceTauMs: " + traceTauMs + " (expected: >= 0)");
        }
        this.tagDecay = traceTauMs > 0 ? Math.exp(-dtMs / traceTauMs) : 1;
        return this;
    }

    @Override
    protected void more(final int k, final ObjectiveInputs inputs)
    {
        final float[] m = inputs.modulator();
        if (m == null)
        {
            throw new IllegalStateException("actor: the region has no modulator link");
        }
        final int w = m.length / batch;
        for (int b = 0; b < batch; b++)
        {
            deltas[k][b] = m[b * w];
        }
    }

    @Override
    protected Credit credit(final int n)
    {
        final boolean[][] decides = new boolean[n][batch];
        final double[][] advantage = new double[n][batch];
        for (int b = 0; b < batch; b++)
        {
            for (final int s : decisions(b, n))
            {
                if (s + feedback + modulatorSteps >= n)
                {
                    continue; // its first TD error would arrive after the trial: no credit, no update
                }
                double a = 0;
                double decay = 1;
                double tag = Math.pow(tagDecay, feedback + modulatorSteps); // from s to the first δ's arrival
                for (int c = s + feedback; c + modulatorSteps < n; c++, tag *= tagDecay)
                {
                    a += decay * tag * deltas[c + modulatorSteps][b];
                    if (flag(c, b, Feedback.EPISODE_END))
                    {
                        break;
                    }
                    decay *= gamma * lambda;
                    if (decay == 0)
                    {
                        break;
                    }
                }
                decides[s][b] = true;
                advantage[s][b] = a;
            }
        }
        return new Credit(decides, advantage, new double[n][batch]);
    }
}
