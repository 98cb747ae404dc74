package org.brainsim.scenarios.tasks;

import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;

import java.util.Arrays;
import java.util.List;

/**
 * Pattern generation, e-prop's Fig. S7 (reference tasks.md §8.3): the same frozen Poisson input every trial
 * and every row, and a target that is a sum of four sines (periods 1000, 500, 333 and 200 ms, amplitudes
 * U(0.5, 2), random phases, shifted to start at 0 and scaled to max |y*| = 1) over the whole trial. Both are
 * drawn once, from the environment's stream, when the first trial is made. Every step is evaluated; a row's
 * error is its normalised MSE, Σ_t (y − y*)² / Σ_t (y* − ȳ*)².
 */
public final class PatternGenerationTask implements Task
{
    private final int batch;
    private final int inputs;
    private final int steps;
    private final double dtMs;
    private final double p;
    private float[][] frozen; // per step, inputs
    private double[] target;
    private double targetVariance;

    public PatternGenerationTask(final int batch, final int inputs, final int steps, final double dtMs, final double p)
    {
        this.batch = batch;
        this.inputs = inputs;
        this.steps = steps;
        this.dtMs = dtMs;
        this.p = p;
    }

    @Override
    public int observationWidth()
    {
        return inputs;
    }

    @Override
    public boolean spikingObservations()
    {
        return true;
    }

    @Override
    public int outputWidth()
    {
        return 1;
    }

    @Override
    public LossKind defaultLoss()
    {
        return LossKind.MSE;
    }

    @Override
    public int maxTrialSteps()
    {
        return steps;
    }

    @Override
    public String errorMetric()
    {
        return "normalised MSE: sum of squared errors over the variance of the target";
    }

    private void draw(final NodeRandom random)
    {
        target = PatternGeneration.sumOfSines(steps, dtMs, random);
        frozen = new float[steps][inputs];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < inputs; i++)
            {
                frozen[t][i] = random.nextDouble() < p ? 1f : 0f;
            }
        }
        final double mean = Arrays.stream(target).average().orElse(0);
        targetVariance = Arrays.stream(target).map(v -> (v - mean) * (v - mean)).sum();
    }

    @Override
    public Task.Trial next(final long index, final NodeRandom random)
    {
        if (target == null)
        {
            draw(random);
        }
        final double[] squaredError = new double[batch];
        return new Task.Trial()
        {
            @Override
            public int steps()
            {
                return steps;
            }

            @Override
            public void observation(final int t, final float[] out)
            {
                for (int b = 0; b < batch; b++)
                {
                    System.arraycopy(frozen[t], 0, out, b * inputs, inputs);
                }
            }

            @Override
            public void target(final int t, final float[] out)
            {
                Arrays.fill(out, 0, batch, (float)target[t]);
            }

            @Override
            public double window(final int t)
            {
                return 1;
            }

            @Override
            public int[] labels()
            {
                return Tasks.unlabelled(batch);
            }

            @Override
            public void score(final int t, final float[] readout)
            {
                for (int b = 0; b < batch; b++)
                {
                    final double d = readout[b] - (float)target[t];
                    squaredError[b] += d * d;
                }
            }

            @Override
            public double[] rowErrors()
            {
                final double[] errors = new double[batch];
                for (int b = 0; b < batch; b++)
                {
                    errors[b] = targetVariance == 0 ? squaredError[b] : squaredError[b] / targetVariance;
                }
                return errors;
            }
        };
    }

    /** Registers the task as {@code pattern-generation}. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Integer> INPUTS = Param.integer("inputs", 100, 1, 1 << 16,
            "frozen Poisson input neurons");
        static final Param<Double> INPUT_RATE_HZ = Param.number("input_rate_hz", 50.0, 0, true, 1e6,
            "their rate, Hz");
        static final Param<Double> DURATION_MS = Param.number("duration_ms", 1000.0, 0, true, 1e8,
            "trial length, ms");

        @Override
        public String name()
        {
            return "pattern-generation";
        }

        @Override
        public String description()
        {
            return "e-prop Fig. S7: turn the same frozen Poisson input into a sum of four sines";
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(INPUTS, INPUT_RATE_HZ, DURATION_MS);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            return new PatternGenerationTask(batch, v.get(INPUTS), Tasks.steps("duration_ms", v.get(DURATION_MS), dtMs, 1),
                dtMs, Tasks.probability("input_rate_hz", v.get(INPUT_RATE_HZ), dtMs));
        }
    }
}
