package org.brainsim.scenarios.tasks;

import org.brainsim.messaging.RewardFrame;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Outcome devaluation (issue 14; reference tasks.md §5.2), as a choice between levers: each of {@code outcomes}
 * levers leads to its own outcome ({@code o1}, {@code o2}, …), every outcome worth 1 until a phase devalues it. Each
 * row is one agent. The world has 1 + outcomes states, shown one-hot as the observation: the lever context (0) and
 * each outcome (1 + i). A trial:
 * <ul>
 * <li>in an ordinary phase: the lever context is shown and the action of that step presses lever a (answered with
 * reward 0) — with {@code forced = true} (the default) the task picks the lever instead, each row's at random, and
 * answers that it was pressed, so that every lever is trained as often, as when each lever is trained on its own in the
 * classic design (a free choice trains the first lever that pays and leaves the other untried); then outcome a is
 * shown and the action of that step consumes it (any action: both stand for eating),
 * answered with the outcome's value (with probability {@code reward_probability}, else 0) and the episode's end;</li>
 * <li>in a phase with {@code devalue = [o]}: outcome o is shown outside the action context (no lever: taste aversion
 * or satiety) and consumed at its new value ({@code devalued_value}, 0 by default), which lasts for the rest of the
 * run; with several outcomes devalued, each row draws one per trial;</li>
 * <li>in a phase with {@code extinction = true}: the lever context is shown, the press (a free choice) is answered
 * with reward 0 and the episode's end, and no outcome follows. The answer does not mark the press {@code ACTED}: the
 * controllers learn nothing from it, neither values nor uncertainties, so the test measures what training and
 * devaluation left (the moment of the test, as Daw, Niv &amp; Dayan 2005 predict it), not extinction learning.</li>
 * </ul>
 * The answers say which action was taken (the flags of reward frames), so controllers that do not act learn from the
 * arbiter's choices. Each answered step is laid out one response lag apart, so that the answer arrives before the
 * next state is shown; the trial runs {@code settle} + 1 steps more.
 *
 * <p>It records per trial and row: {@code press} (the lever pressed, −1 in an exposure trial), {@code outcome} (the
 * outcome shown, −1 in extinction), {@code kind} (0 an ordinary trial with a free choice, 1 a devaluation exposure,
 * 2 extinction, 3 an ordinary trial whose lever the task picked) and
 * {@code devalued} (a bit mask of the outcomes devalued in force, worth less than 1 now, bit i for outcome i + 1), what
 * {@code brainsim analyze devaluation} reads. A row's error is 1 when it pressed a lever whose outcome is now worth less
 * than another's, else 0 (0 in exposure trials).
 */
public final class DevaluationTask implements Task
{
    private final int batch;
    private final int outcomes;
    private final double paid;
    private final boolean forced;
    private final int lag;
    private final int settle;
    private final List<String> names;

    /**
     * @param outcomes          levers, each with its outcome.
     * @param rewardProbability the chance an outcome is worth its value when consumed (else 0).
     * @param forced            whether the task picks the lever in ordinary trials.
     */
    public DevaluationTask(final int batch, final int outcomes, final double rewardProbability, final boolean forced,
                           final int lag, final int settle)
    {
        if (outcomes < 2 || outcomes >= RewardFrame.MAX_TAKEN || !(rewardProbability >= 0 && rewardProbability <= 1))
        {
            throw new IllegalArgumentException("outcomes, reward_probability: " + outcomes + ", " + rewardProbability +
                " (expected: 2 … " + (RewardFrame.MAX_TAKEN - 1) + ", 0 … 1)");
        }
        this.batch = batch;
        this.outcomes = outcomes;
        this.paid = rewardProbability;
        this.forced = forced;
        this.lag = lag;
        this.settle = settle;
        final List<String> n = new ArrayList<>();
        for (int i = 1; i <= outcomes; i++)
        {
            n.add("o" + i);
        }
        this.names = List.copyOf(n);
    }

    @Override
    public Task timed(final int responseLag, final int settleSteps)
    {
        return new DevaluationTask(batch, outcomes, paid, forced, Math.max(1, responseLag), settleSteps);
    }

    @Override
    public List<String> outcomes()
    {
        return names;
    }

    @Override
    public boolean extinguishable()
    {
        return true;
    }

    @Override
    public int actions()
    {
        return outcomes;
    }

    @Override
    public int observationWidth()
    {
        return 1 + outcomes;
    }

    @Override
    public boolean spikingObservations()
    {
        return false;
    }

    @Override
    public int outputWidth()
    {
        return outcomes;
    }

    @Override
    public LossKind defaultLoss()
    {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public int maxTrialSteps()
    {
        return 2 * lag + settle + 1;
    }

    @Override
    public String errorMetric()
    {
        return "share of presses of a lever whose outcome is worth less than another's";
    }

    @Override
    public List<TrialRecord> trialRecords()
    {
        return List.of(
            new TrialRecord("press", "the lever pressed (-1: an exposure trial, or none sent)", true, 1),
            new TrialRecord("outcome", "the outcome shown (-1: none, extinction)", true, 1),
            new TrialRecord("kind", "0 an ordinary trial (free choice), 1 a devaluation exposure, 2 extinction, 3 an " +
                "ordinary trial whose lever the task picked", true, 1),
            new TrialRecord("devalued", "the outcomes devalued in force, bit i for outcome o(i+1)", true, 1));
    }

    @Override
    public List<Constant> constants()
    {
        final double[][] v = new double[1][outcomes];
        Arrays.fill(v[0], 1.0);
        return List.of(new Constant("outcome_values", "each outcome's value before any devaluation (lever i leads to " +
            "outcome o(i+1))", List.of("row", "outcome"), v));
    }

    @Override
    public Trial next(final long index, final NodeRandom random)
    {
        return next(index, random, TaskConditions.NONE);
    }

    @Override
    public Trial next(final long index, final NodeRandom random, final TaskConditions conditions)
    {
        final double[] value = new double[outcomes];
        long mask = 0;
        for (int i = 0; i < outcomes; i++)
        {
            final Double v = conditions.values().get(names.get(i));
            value[i] = v == null ? 1 : v;
            mask |= v != null && v < 1 ? 1L << i : 0; // devalued: worth less than before (not a revaluation up)
        }
        final int kind = !conditions.exposed().isEmpty() ? 1 : conditions.extinction() ? 2 : 0;
        final int[] outcome = new int[batch];
        final int[] lever = new int[batch];
        final boolean[] pays = new boolean[batch];
        for (int b = 0; b < batch; b++)
        {
            // drawn in a fixed order, per row, whatever the trial's kind
            final int k = random.nextInt(Math.max(1, conditions.exposed().size()));
            outcome[b] = kind == 1 ? names.indexOf(conditions.exposed().get(k)) : -1;
            pays[b] = random.nextDouble() < paid;
            final int l = random.nextInt(outcomes);
            lever[b] = kind == 0 && forced ? l : -1;
        }
        return new Lever(kind, value, mask, outcome, lever, pays);
    }

    /** One trial of every row. */
    private final class Lever implements ActingTrial
    {
        private final int kind;
        private final double[] value;
        private final long mask;
        private final int[] outcome;     // per row: the outcome shown (−1: not yet, or none)
        private final int[] lever;       // per row: the lever the task picks (−1: the region's choice)
        private final boolean[] pays;
        private final int[] press = new int[batch];
        private final double[] regret = new double[batch];
        private final double[] reward = new double[batch];
        private final float[] answer = new float[batch * 2];
        private int answered = -1;

        Lever(final int kind, final double[] value, final long mask, final int[] outcome, final int[] lever,
              final boolean[] pays)
        {
            this.kind = kind;
            this.value = value;
            this.mask = mask;
            this.outcome = outcome;
            this.lever = lever;
            this.pays = pays;
            Arrays.fill(press, -1);
        }

        @Override
        public int steps()
        {
            return maxTrialSteps();
        }

        /** @return the state row b is shown at step t: 0 the levers, 1 + i outcome i, −1 nothing. */
        private int state(final int b, final int t)
        {
            if (kind == 1)
            {
                return t < lag ? 1 + outcome[b] : -1;
            }
            if (t < lag)
            {
                return 0;
            }
            return t < 2 * lag && kind == 0 && outcome[b] >= 0 ? 1 + outcome[b] : -1;
        }

        @Override
        public void observation(final int t, final float[] out)
        {
            Arrays.fill(out, 0f);
            for (int b = 0; b < batch; b++)
            {
                final int s = state(b, t);
                if (s >= 0)
                {
                    out[b * (1 + outcomes) + s] = 1f;
                }
            }
        }

        @Override
        public int[] labels()
        {
            final int[] labels = new int[batch];
            Arrays.fill(labels, -1);
            return labels;
        }

        @Override
        public void score(final int t, final float[] action)
        {
            answered = -1;
            final boolean consume = kind == 1 ? t == 0 : kind == 0 && t == lag;
            final boolean pressLever = kind != 1 && t == 0;
            if (!consume && !pressLever)
            {
                return;
            }
            answered = t;
            for (int b = 0; b < batch; b++)
            {
                int a = -1;
                for (int i = 0; i < outcomes; i++)
                {
                    a = action[b * outcomes + i] > 0.5f ? i : a;
                }
                final int chosen = pressLever && lever[b] >= 0 ? lever[b] : a < 0 ? 0 : a;
                answer[b * 2] = 0;
                if (pressLever && a < 0 && lever[b] < 0)
                {
                    // no press was sent (a region sends none only between its trials): nothing happens, no answer
                    answer[b * 2 + 1] = 0;
                    continue;
                }
                if (!pressLever && outcome[b] < 0)
                {
                    answer[b * 2 + 1] = 0; // no outcome to consume: the press was never made
                    continue;
                }
                if (pressLever)
                {
                    press[b] = chosen;
                    outcome[b] = kind == 0 ? chosen : -1;
                    regret[b] = value[chosen] < Arrays.stream(value).max().orElse(0) ? 1 : 0;
                    // in extinction nothing follows the press: the answer ends the episode and says which lever was
                    // pressed, but not ACTED, so no controller takes it as a decision whose outcome it should learn
                    answer[b * 2 + 1] = kind == 2 ? RewardFrame.flags(false, true, chosen) :
                        RewardFrame.flags(true, false, chosen);
                }
                else
                {
                    reward[b] = pays[b] ? value[outcome[b]] : 0;
                    answer[b * 2] = (float)reward[b];
                    answer[b * 2 + 1] = RewardFrame.flags(a >= 0, true, a < 0 ? -1 : chosen);
                }
            }
        }

        @Override
        public void feedback(final int t, final float[] out)
        {
            if (t == answered)
            {
                System.arraycopy(answer, 0, out, 0, answer.length);
            }
            else
            {
                Arrays.fill(out, 0f);
            }
        }

        @Override
        public double[] rowErrors()
        {
            return regret.clone();
        }

        @Override
        public double[] rowRewards()
        {
            return reward.clone();
        }

        @Override
        public long[] record(final String key)
        {
            final long[] out = new long[batch];
            for (int b = 0; b < batch; b++)
            {
                out[b] = switch (key)
                {
                    case "press" -> press[b];
                    case "outcome" -> outcome[b];
                    case "kind" -> kind == 0 && lever[b] >= 0 ? 3 : kind;
                    case "devalued" -> mask;
                    default -> throw new IllegalArgumentException("record: " + key + " (expected: press, outcome, " +
                        "kind, devalued)");
                };
            }
            return out;
        }
    }

    /** The registry entry. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Integer> OUTCOMES = Param.integer("outcomes", 2, 2, 8,
            "levers, each leading to its own outcome o1, o2, … (what a phase's devalue = [...] names)");
        static final Param<Boolean> FORCED = Param.flag("forced", true,
            "whether the task picks the lever in ordinary trials (each row's at random), so that every lever is " +
                "trained as often; presses in extinction are always free choices");
        static final Param<Double> REWARD_PROBABILITY = Param.number("reward_probability", 1.0, 0, true, 1,
            "the chance that a consumed outcome is worth its value (else 0); 1: continuous reinforcement");

        @Override
        public String name()
        {
            return "devaluation";
        }

        @Override
        public String description()
        {
            return "outcome devaluation: levers leading to outcomes; phases devalue outcomes or withhold them " +
                "(acting task)";
        }

        @Override
        public boolean acting()
        {
            return true;
        }

        @Override
        public boolean outcomes()
        {
            return true;
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(OUTCOMES, REWARD_PROBABILITY, FORCED);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            return new DevaluationTask(batch, v.get(OUTCOMES), v.get(REWARD_PROBABILITY), v.get(FORCED), 1, 0);
        }
    }
}
