package org.brainsim.scenarios.rl;

import org.brainsim.regions.NodeRandom;

/**
 * The two-step task's world (reference tasks.md §4), without the agent: a first-stage choice leads, by a common or a
 * rare transition, to one of two second-stage states, where a reward is paid with a probability that changes from
 * trial to trial. Seeded; one instance is one agent's world.
 *
 * <ul>
 * <li>{@link Variant#DAW_2011} (Daw et al. 2011): the common transition has p = 0.7 (choice 0 mostly leads to state 0,
 * choice 1 to state 1); each state offers two second-stage choices, each paying with its own probability, which
 * starts uniform in [0.25, 0.75] and takes a Gaussian step of sd 0.025 after every trial, reflected at 0.25 and
 * 0.75 (twice, as Feher da Silva's simulation does).</li>
 * <li>{@link Variant#WANG_2018} (Wang et al. 2018, meta-RL): common p = 0.8; the reward depends on the state only,
 * p = 0.9 in the good state and 0.1 in the other; the good state swaps with p = 0.025 at the start of every
 * trial.</li>
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class TwoStepProcess
{
    /** Which two-step task. */
    public enum Variant
    {
        DAW_2011(0.7),
        WANG_2018(0.8);

        private final double common;

        Variant(final double common)
        {
            this.common = common;
        }

        /** @return the probability of the common transition. */
        public double common()
        {
            return common;
        }
    }

    /** Daw 2011: bounds of the reward probabilities, and the sd of their step per trial. */
    public static final double LOW = 0.25;
    public static final double HIGH = 0.75;
    public static final double DRIFT_SD = 0.025;
    /** Wang 2018: reward probability in the good and the bad state, and the swap probability per trial. */
    public static final double GOOD = 0.9;
    public static final double BAD = 0.1;
    public static final double SWAP = 0.025;

    private final Variant variant;
    private final NodeRandom random;
    private final double[][] pay = new double[2][2]; // [state][second-stage choice]
    private int good;                                  // Wang: the good state

    public TwoStepProcess(final Variant variant, final NodeRandom random)
    {
        this.variant = variant;
        this.random = random;
        if (variant == Variant.DAW_2011)
        {
            for (final double[] state : pay)
            {
                for (int a = 0; a < 2; a++)
                {
                    state[a] = LOW + (HIGH - LOW) * random.nextDouble();
                }
            }
        }
        else
        {
            good = random.nextInt(2);
            setWang();
        }
    }

    /** A trial of the world: what the first choice led to and what was paid. */
    public record Step(int state, boolean common, boolean reward)
    {
    }

    /**
     * Runs one trial: the first-stage choice, its transition, the second-stage choice and its reward; then the world
     * moves on (Daw: drift; Wang: a possible swap before the next trial).
     *
     * @param first  the first-stage choice, 0 or 1.
     * @param second the second-stage choice given the state it led to ({@code state → choice}, 0 or 1); ignored by
     *               {@link Variant#WANG_2018}, whose reward depends on the state only.
     */
    public Step trial(final int first, final java.util.function.IntUnaryOperator second)
    {
        final Transition t = first(first);
        final boolean reward = second(t.state(), second.applyAsInt(t.state()));
        return new Step(t.state(), t.common(), reward);
    }

    /** Where a first-stage choice led. */
    public record Transition(int state, boolean common)
    {
    }

    /**
     * The first half of a trial, for an agent whose second choice comes later ({@link #trial} in two calls, the same
     * draws in the same order): the transition of a first-stage choice.
     */
    public Transition first(final int choice)
    {
        if (choice != 0 && choice != 1)
        {
            throw new IllegalArgumentException("first: " + choice + " (expected: 0 or 1)");
        }
        final boolean common = random.nextDouble() < variant.common();
        return new Transition(common ? choice : 1 - choice, common);
    }

    /**
     * The second half: the second-stage choice in {@code state} (ignored by {@link Variant#WANG_2018}, whose reward
     * depends on the state only) is paid or not; then the world moves on.
     *
     * @return whether it was paid.
     */
    public boolean second(final int state, final int choice)
    {
        if (state != 0 && state != 1 || choice != 0 && choice != 1)
        {
            throw new IllegalArgumentException("state, choice: " + state + ", " + choice + " (expected: 0 or 1)");
        }
        final boolean reward = random.nextDouble() < pay[state][variant == Variant.DAW_2011 ? choice : 0];
        advance();
        return reward;
    }

    /** @return the probability that second-stage choice {@code choice} in {@code state} pays now. */
    public double rewardProbability(final int state, final int choice)
    {
        return pay[state][choice];
    }

    /** @return Wang 2018's good state now. */
    public int goodState()
    {
        return good;
    }

    private void advance()
    {
        if (variant == Variant.DAW_2011)
        {
            for (final double[] state : pay)
            {
                for (int a = 0; a < 2; a++)
                {
                    state[a] = reflect(reflect(state[a] + DRIFT_SD * random.nextGaussian()));
                }
            }
        }
        else if (random.nextDouble() < SWAP)
        {
            good = 1 - good;
            setWang();
        }
    }

    private void setWang()
    {
        for (int s = 0; s < 2; s++)
        {
            pay[s][0] = s == good ? GOOD : BAD;
            pay[s][1] = pay[s][0];
        }
    }

    /** Reflection at the bounds: 2·bound − value. */
    static double reflect(final double value)
    {
        return value > HIGH ? 2 * HIGH - value : value < LOW ? 2 * LOW - value : value;
    }
}
