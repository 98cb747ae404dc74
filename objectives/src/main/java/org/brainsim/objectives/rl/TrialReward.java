package org.brainsim.objectives.rl;

import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code objective = reward}: the trial's reward as a whole, for the rules that learn by perturbing the network and
 * correlating the perturbations with what they earned (Miconi's rule, node perturbation; reference §5). Each row's
 * return is the sum of the rewards its reward link brought in the trial, R_b = Σ_k r_k,b; the term's loss is −weight ·
 * R_b per row, and it asks nothing of the readout step by step (no error to follow: the rule perturbs and
 * correlates). The readout reaches the task on an action link, which scores it and answers with the reward.
 */
public final class TrialReward implements Objective
{
    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("reward",
        "the trial's summed reward per row, for the rules that learn from rewards (miconi, reward-hebbian, " +
            "node-perturbation): loss = -R",
        List.of(), Set.of(ObjectiveInput.REWARD), true, false, false,
        (context, values, weight) -> new TrialReward(context, weight));

    private final int batch;
    private final double weight;
    private final double[] sum;

    public TrialReward(final ObjectiveContext context, final double weight)
    {
        if (!(weight >= 0))
        {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        this.batch = context.batch();
        this.weight = weight;
        this.sum = new double[batch];
    }

    @Override
    public void startTrial()
    {
        Arrays.fill(sum, 0);
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        if (k < 0)
        {
            return;
        }
        final float[] r = inputs.reward();
        if (r == null)
        {
            throw new IllegalStateException("reward: the region has no reward link");
        }
        for (int b = 0; b < batch; b++)
        {
            sum[b] += r[b * 2];
        }
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        final double[] rows = new double[batch];
        for (int b = 0; b < batch; b++)
        {
            rows[b] = -weight * sum[b];
        }
        final ReadoutLoss loss = ReadoutLoss.rows(rows);
        return TrialTerm.of(loss);
    }
}
