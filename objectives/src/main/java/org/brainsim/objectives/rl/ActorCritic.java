package org.brainsim.objectives.rl;

import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.settings.Param;

import java.util.List;
import java.util.Set;

/**
 * The actor-critic objective (reference learning-rules.md §1.7; with BPTT it is A2C, the baseline of Wang et al.
 * 2018): a {@link PolicyObjective} whose block ends in a value unit V that is its own critic. At the end of a trial,
 * per row, the decisions d_1 … d_n with rewards r_i and values V_i = V(d_i) give the generalised advantages A_i
 * (γ, λ; nothing is bootstrapped past an episode's end or past the trial, whose start resets the network) and the
 * returns R_i = A_i + V_i. Decisions whose answer would arrive after the trial's last step cannot count: tasks lay out
 * their trials so that it arrives in time.
 */
public final class ActorCritic extends PolicyObjective
{
    public static final Param<Double> GAMMA = Param.number("gamma", 0.9, 0, true, 1,
        "discount factor γ per decision, 0 … 1");
    public static final Param<Double> LAMBDA = Param.number("gae_lambda", 1.0, 0, true, 1,
        "λ of the generalised advantage (1: bootstrapped return less V; 0: the TD error)");
    public static final Param<Double> VALUE_WEIGHT = Param.number("value_weight", 0.05, 0, true, 1e6,
        "c_V, weight of ½ (R − V)²");
    public static final Param<Double> ENTROPY_WEIGHT = Param.number("entropy_weight", 0.05, 0, true, 1e6,
        "c_H, weight of the policy's entropy bonus");
    public static final Param<Policy> POLICY = Param.choice("policy", Policy.class, Policy.SAMPLE,
        "sample (draw from the policy with the region's stream) or greedy (arg-max)");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("actor-critic",
        "policy and value heads learning from a task's rewards: policy gradient × advantage + value loss − entropy",
        List.of(GAMMA, LAMBDA, VALUE_WEIGHT, ENTROPY_WEIGHT, POLICY), Set.of(ObjectiveInput.REWARD), true, true, false,
        (context, values, weight) -> new ActorCritic(context, values.get(GAMMA), values.get(LAMBDA),
            new ActorCriticLoss(values.get(VALUE_WEIGHT), values.get(ENTROPY_WEIGHT)), values.get(POLICY), weight));

    /** Readout units an actor-critic term reads beyond its actions: the value unit. */
    public static final int VALUE_UNITS = 1;

    private final double gamma;
    private final double lambda;

    /**
     * @param context its block is {@code actions + 1} units wide; it needs the feedback delay and a stream.
     * @param weight  the term's weight (≥ 0).
     */
    public ActorCritic(
        final ObjectiveContext context, final double gamma, final double lambda, final ActorCriticLoss loss,
        final Policy policy, final double weight)
    {
        super(context, true, loss, policy, weight);
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1))
        {
            throw new IllegalArgumentException("gamma, lambda: " + gamma + ", " + lambda + " (expected: 0 … 1)");
        }
        this.gamma = gamma;
        this.lambda = lambda;
    }

    @Override
    protected Credit credit(final int n)
    {
        final boolean[][] decides = new boolean[n][batch];
        final double[][] advantage = new double[n][batch];
        final double[][] ret = new double[n][batch];
        for (int b = 0; b < batch; b++)
        {
            final int[] at = decisions(b, n);
            final double[] r = new double[at.length];
            final double[] v = new double[at.length];
            final boolean[] done = new boolean[at.length];
            for (int i = 0; i < at.length; i++)
            {
                r[i] = rewards[at[i] + feedback][b * 2];
                done[i] = flag(at[i] + feedback, b, Feedback.EPISODE_END);
                v[i] = values[at[i]][b];
            }
            final double[] a = Returns.advantages(r, v, done, gamma, lambda, 0);
            for (int i = 0; i < at.length; i++)
            {
                decides[at[i]][b] = true;
                advantage[at[i]][b] = a[i];
                ret[at[i]][b] = a[i] + v[i];
            }
        }
        return new Credit(decides, advantage, ret);
    }
}
