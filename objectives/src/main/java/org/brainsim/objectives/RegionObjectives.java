package org.brainsim.objectives;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The weighted objectives of one region, seen as one: their per-step signals summed into what the region emits on
 * its error links, their trial terms summed into the {@link TrialLoss} its rule follows, and their scores.
 *
 * <p>Not thread-safe: the region's thread drives it in the order {@link Objective} states.
 */
public final class RegionObjectives
{
    private final List<Objective> objectives;
    private final int signalWidth;
    private final float[] signal;
    private final List<TrialTerm> terms = new ArrayList<>();

    /**
     * @param objectives the region's objectives, weighted already; every one that emits a signal emits the same
     *                   width.
     */
    public RegionObjectives(final List<Objective> objectives)
    {
        this.objectives = List.copyOf(objectives);
        int width = 0;
        for (final Objective o : this.objectives)
        {
            if (o.signalWidth() > 0)
            {
                if (width > 0 && o.signalWidth() != width)
                {
                    throw new IllegalArgumentException("signal widths: " + width + " and " + o.signalWidth() +
                        " (expected: one width per region)");
                }
                width = o.signalWidth();
            }
        }
        this.signalWidth = width;
        final long emitting = this.objectives.stream().filter(o -> o.signalWidth() > 0).count();
        this.signal = emitting > 1 ? new float[0] : null; // sized on first use when several add up
    }

    /** @return the objectives, in order. */
    public List<Objective> objectives()
    {
        return objectives;
    }

    /** @return values per row of the summed per-step signal (0: none). */
    public int signalWidth()
    {
        return signalWidth;
    }

    /** @return the summed signal of the step just seen. */
    public float[] signal()
    {
        float[] sum = null;
        for (final Objective o : objectives)
        {
            if (o.signalWidth() == 0)
            {
                continue;
            }
            if (signal == null)
            {
                return o.signal(); // one term emits: its own signal, as it is
            }
            final float[] s = o.signal();
            if (sum == null)
            {
                sum = s.clone();
            }
            else
            {
                for (int i = 0; i < sum.length; i++)
                {
                    sum[i] += s[i];
                }
            }
        }
        if (sum == null)
        {
            throw new IllegalStateException("no objective of this region emits a per-step signal");
        }
        return sum;
    }

    /** A trial begins. */
    public void startTrial()
    {
        objectives.forEach(Objective::startTrial);
    }

    /** Sees one step (k: step within the trial, −1 between trials). */
    public void step(final int k, final ObjectiveInputs inputs)
    {
        for (final Objective o : objectives)
        {
            o.step(k, inputs);
        }
    }

    /** @return the trial's summed loss, over its first {@code steps} steps; keeps the terms for {@link #score}. */
    public TrialLoss endTrial(final int steps)
    {
        terms.clear();
        ReadoutLoss readout = ReadoutLoss.NONE;
        ActivityLoss activity = null;
        for (final Objective o : objectives)
        {
            final TrialTerm term = o.endTrial(steps);
            terms.add(term);
            readout = ReadoutLoss.sum(readout, term.readout());
            activity = ActivityLoss.sum(activity, term.activity());
        }
        return new TrialLoss(readout, activity);
    }

    /** @return the last trial's scores on its readout {@code y} and activity. */
    public TrialScores score(final INDArray[] y, final INDArray[] activity, final double dtMs)
    {
        double loss = 0;
        double accuracy = Double.NaN;
        final double[] values = new double[terms.size()];
        for (int i = 0; i < values.length; i++)
        {
            final TrialTerm term = terms.get(i);
            values[i] = term.value(y, activity, dtMs);
            if (!term.regularizer())
            {
                loss += values[i];
            }
            if (Double.isNaN(accuracy))
            {
                accuracy = term.accuracy(y);
            }
        }
        return new TrialScores(loss, accuracy, values);
    }
}
