package org.brainsim.regions.rules;

import org.brainsim.regions.network.RateTrajectory;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.HashMap;
import java.util.Map;

/**
 * The running reward baseline R̄ of the rules that learn by perturbation (Miconi 2017; node perturbation): it starts
 * at the first trial's mean reward (so a first trial teaches nothing) and after each update moves towards the trial's
 * mean, R̄ ← 0.75 R̄ + 0.25 mean R (Miconi's α_trace). One for every row ({@link Kind#SHARED}), or one per input sequence
 * ({@link Kind#PER_INPUT}: rows that saw the same inputs, a trial type, share one, as Miconi keeps one per DNMS type).
 */
public final class RewardBaseline
{
    /** Most trial types {@link Kind#PER_INPUT} keeps a baseline for. */
    static final int MAX_TRIAL_TYPES = 256;

    /** Which baseline a row's R is compared with. */
    public enum Kind
    {
        /** One running mean for every row and trial. */
        SHARED,
        /** One running mean per input sequence (per trial type). */
        PER_INPUT
    }

    private final Kind kind;
    private final Map<Long, Double> baselines = new HashMap<>();

    RewardBaseline(final Kind kind)
    {
        this.kind = kind;
    }

    /** @return the shared baseline (NaN before the first trial, and under {@link Kind#PER_INPUT}). */
    double shared()
    {
        return kind == Kind.SHARED ? baselines.getOrDefault(0L, Double.NaN) : Double.NaN;
    }

    /**
     * @param tr      the trial (its inputs key the trial types).
     * @param rowLoss −R per row.
     * @return R_b − R̄_b per row, against the baselines before this trial; then the baselines move towards R.
     */
    double[] advantages(final RateTrajectory tr, final double[] rowLoss)
    {
        final int batch = rowLoss.length;
        final long[] keys = new long[batch];
        if (kind == Kind.PER_INPUT)
        {
            for (int b = 0; b < batch; b++)
            {
                keys[b] = inputKey(tr, b);
            }
        }
        final Map<Long, Integer> rows = new HashMap<>();
        for (final long key : keys)
        {
            rows.merge(key, 1, Integer::sum);
        }
        final Map<Long, double[]> means = new HashMap<>(); // key -> mean R, summed row by row in row order
        for (int b = 0; b < batch; b++)
        {
            means.computeIfAbsent(keys[b], k -> new double[1])[0] -= rowLoss[b] / rows.get(keys[b]);
        }
        for (final Map.Entry<Long, double[]> m : means.entrySet())
        {
            baselines.putIfAbsent(m.getKey(), m.getValue()[0]); // a first trial of its type: no advantage
        }
        if (baselines.size() > MAX_TRIAL_TYPES)
        {
            throw new IllegalStateException("baseline = per-input: more than " + MAX_TRIAL_TYPES + " different input " +
                "sequences, so the inputs are not a few trial types (noisy or continuous inputs?); use baseline = shared");
        }
        final double[] advantage = new double[batch];
        for (int b = 0; b < batch; b++)
        {
            advantage[b] = -rowLoss[b] - baselines.get(keys[b]);
        }
        for (final Map.Entry<Long, double[]> m : means.entrySet())
        {
            baselines.put(m.getKey(), 0.75 * baselines.get(m.getKey()) + 0.25 * m.getValue()[0]);
        }
        return advantage;
    }

    /** @return a 64-bit key of row b's input sequence (FNV-1a over the bits of its values). */
    private static long inputKey(final RateTrajectory tr, final int b)
    {
        long h = 0xcbf29ce484222325L;
        for (int t = 0; t < tr.steps() && tr.x()[t] != null && tr.x()[t].columns() > 0; t++)
        {
            for (final float v : tr.x()[t].getRow(b).castTo(DataType.FLOAT).toFloatVector())
            {
                h = (h ^ Float.floatToIntBits(v)) * 0x100000001b3L;
            }
        }
        return h;
    }
}
