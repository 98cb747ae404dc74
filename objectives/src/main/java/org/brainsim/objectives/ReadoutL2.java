package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Set;

/**
 * {@code objective = readout-l2}: an L2 penalty on the readout, {@code E = (w/2) Σ_t Σ_b Σ_k y_tbk²} over every step
 * of a trial, whose learning signal is {@code err_t = w y_t} — it keeps a readout small where nothing else asks for
 * it (e.g. beside a supervised objective that evaluates only a recall window). A regulariser: its loss is left out
 * of the region's recorded task loss and recorded as a term of its own.
 *
 * <p>Also the worked example of {@code docs/architecture.md}: an objective is this one class and one line in
 * {@link Objectives}.
 */
public final class ReadoutL2 implements Objective, TrialTerm, ReadoutLoss
{
    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("readout-l2",
        "L2 penalty on the readout over every step, (weight/2) sum y^2 (a regulariser)", List.of(), Set.of(), true,
        true, true, (context, values, weight) -> new ReadoutL2(weight));

    private final double weight;

    public ReadoutL2(final double weight)
    {
        if (!(weight >= 0))
        {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        this.weight = weight;
    }

    @Override
    public TrialTerm endTrial(final int steps)
    {
        return this; // it judges the readout the rule replays: nothing to keep from the steps
    }

    @Override
    public ReadoutLoss readout()
    {
        return this;
    }

    @Override
    public boolean regularizer()
    {
        return true;
    }

    @Override
    public double value(final INDArray[] y, final INDArray[] activity, final double dtMs)
    {
        return value(y);
    }

    @Override
    public double value(final INDArray[] y)
    {
        double total = 0;
        for (final INDArray yt : y)
        {
            final double norm = yt.norm2Number().doubleValue();
            total += norm * norm; // Σ y² of the step
        }
        return 0.5 * weight * total;
    }

    @Override
    public double[] rowValues(final INDArray[] y)
    {
        final double[] rows = new double[(int)y[0].rows()];
        for (final INDArray yt : y)
        {
            final INDArray perRow = yt.mul(yt).sum(1);
            for (int b = 0; b < rows.length; b++)
            {
                rows[b] += 0.5 * weight * perRow.getDouble(b);
            }
        }
        return rows;
    }

    @Override
    public INDArray error(final INDArray y, final int t)
    {
        return y.mul(weight);
    }
}
