package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.Arrays;
import java.util.List;

/**
 * A sequence task with a known optimum: every row of every trial is a fresh sequence of a {@link HiddenMarkov}
 * process (s_0 from the uniform distribution), shown one symbol per step as a one-hot observation (0/1 on
 * {@code symbols} units). The target is the hidden state, one-hot, at every step (for decoding it, supervised); a
 * row's error is the share of steps whose readout's arg-max is not the hidden state. The task records the hidden
 * state and the symbol of every step of every trial ({@code task/hidden_state.npy}, {@code task/symbol.npy}) and its
 * matrices ({@code task/transition.npy}, {@code task/emission.npy}), from which the least prediction loss of any
 * predictor follows exactly ({@link HiddenMarkov#optimalBernoulliLoss}).
 *
 * <p>The matrices are a function of the task's parameters alone (their own seed, {@code matrix_seed}), so every
 * JVM of a run builds the same process; the sequences come from the environment's stream.
 */
public final class HiddenMarkovTask implements Task
{
    /** How the matrices are made. */
    public enum Matrices
    {
        /** Stay with stay_probability, else move to the next state (s + 1 mod S); emit s mod K with emission_accuracy. */
        CYCLIC,
        /** Stay with stay_probability, else move to any other state uniformly; emissions as cyclic. */
        UNIFORM,
        /** Every row of both matrices from a symmetric Dirichlet(concentration), seeded by matrix_seed. */
        RANDOM
    }

    private final HiddenMarkov process;
    private final int batch;
    private final int steps;

    public HiddenMarkovTask(final HiddenMarkov process, final int batch, final int steps)
    {
        this.process = process;
        this.batch = batch;
        this.steps = steps;
    }

    /** @return the process. */
    public HiddenMarkov process()
    {
        return process;
    }

    @Override
    public int observationWidth()
    {
        return process.symbols();
    }

    @Override
    public boolean spikingObservations()
    {
        return true;
    }

    @Override
    public int outputWidth()
    {
        return process.states();
    }

    @Override
    public LossKind defaultLoss()
    {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public int maxTrialSteps()
    {
        return steps;
    }

    @Override
    public String errorMetric()
    {
        return "decoding error: share of steps whose readout's arg-max is not the hidden state";
    }

    @Override
    public List<TrialRecord> trialRecords()
    {
        return List.of(new TrialRecord("hidden_state", "the hidden state s_t"),
            new TrialRecord("symbol", "the observed symbol o_t (the unit that is 1)"));
    }

    @Override
    public List<Constant> constants()
    {
        return List.of(
            new Constant("transition", "the hidden process's transitions, P(s_t+1 = column | s_t = row)",
                List.of("state", "next_state"), process.transition()),
            new Constant("emission", "the hidden process's emissions, P(o_t = column | s_t = row)",
                List.of("state", "symbol"), process.emission()));
    }

    @Override
    public Task.Trial next(final long index, final NodeRandom random)
    {
        final int[][] states = new int[batch][steps];
        final int[][] symbols = new int[batch][steps];
        for (int b = 0; b < batch; b++)
        {
            process.sample(random, states[b], symbols[b]);
        }
        final int[] wrong = new int[batch];
        final int k = process.symbols();
        final int s = process.states();
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
                Arrays.fill(out, 0, batch * k, 0f);
                for (int b = 0; b < batch; b++)
                {
                    out[b * k + symbols[b][t]] = 1f;
                }
            }

            @Override
            public void target(final int t, final float[] out)
            {
                Arrays.fill(out, 0, batch * s, 0f);
                for (int b = 0; b < batch; b++)
                {
                    out[b * s + states[b][t]] = 1f;
                }
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
                    int best = 0;
                    for (int j = 1; j < s; j++)
                    {
                        if (readout[b * s + j] > readout[b * s + best])
                        {
                            best = j;
                        }
                    }
                    wrong[b] += best == states[b][t] ? 0 : 1;
                }
            }

            @Override
            public double[] rowErrors()
            {
                final double[] errors = new double[batch];
                for (int b = 0; b < batch; b++)
                {
                    errors[b] = wrong[b] / (double)steps;
                }
                return errors;
            }

            @Override
            public long[] record(final String key)
            {
                final int[][] values = switch (key)
                {
                    case "hidden_state" -> states;
                    case "symbol" -> symbols;
                    default -> throw new IllegalArgumentException("record: " + key +
                        " (expected: hidden_state or symbol)");
                };
                final long[] out = new long[batch * steps];
                for (int b = 0; b < batch; b++)
                {
                    for (int t = 0; t < steps; t++)
                    {
                        out[b * steps + t] = values[b][t];
                    }
                }
                return out;
            }
        };
    }

    /** Registers the task as {@code hidden-markov}. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Integer> STATES = Param.integer("states", 4, 1, 256, "hidden states S");
        static final Param<Integer> SYMBOLS = Param.integer("symbols", 4, 1, 4096,
            "observed symbols K (observation units, one-hot)");
        static final Param<Matrices> MATRICES = Param.choice("matrices", Matrices.class, Matrices.CYCLIC,
            "cyclic, uniform or random (Dirichlet rows)");
        static final Param<Double> STAY = Param.number("stay_probability", 0.9, 0, true, 1,
            "cyclic, uniform: probability that the hidden state stays");
        static final Param<Double> ACCURACY = Param.number("emission_accuracy", 0.8, 0, true, 1,
            "cyclic, uniform: probability that state s emits symbol s mod K (else any other, uniformly)");
        static final Param<Double> CONCENTRATION = Param.number("concentration", 1.0, 0, false, 1e6,
            "random: the Dirichlet concentration of every row");
        static final Param<Integer> MATRIX_SEED = Param.integer("matrix_seed", 1, 0, Integer.MAX_VALUE,
            "random: the seed of the matrices (the sequences follow the scenario's seed)");
        static final Param<Double> DURATION_MS = Param.number("duration_ms", 200.0, 0, true, 1e8,
            "trial length, ms (one fresh sequence per row and trial)");

        @Override
        public String name()
        {
            return "hidden-markov";
        }

        @Override
        public String description()
        {
            return "predict or decode a hidden Markov sequence of one-hot symbols (its optimal prediction is known)";
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(STATES, SYMBOLS, MATRICES, STAY, ACCURACY, CONCENTRATION, MATRIX_SEED, DURATION_MS);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            final int states = v.get(STATES);
            final int symbols = v.get(SYMBOLS);
            final HiddenMarkov process = switch (v.get(MATRICES))
            {
                case CYCLIC -> HiddenMarkov.structured(states, symbols, v.get(STAY), true, v.get(ACCURACY));
                case UNIFORM -> HiddenMarkov.structured(states, symbols, v.get(STAY), false, v.get(ACCURACY));
                case RANDOM -> HiddenMarkov.random(states, symbols, v.get(CONCENTRATION),
                    NodeRandom.forNode(v.get(MATRIX_SEED), "hidden-markov"));
            };
            return new HiddenMarkovTask(process, batch, Tasks.steps("duration_ms", v.get(DURATION_MS), dtMs, 2));
        }
    }
}
