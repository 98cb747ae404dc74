package org.brainsim.scenarios.tasks;

import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.brainsim.scenarios.rl.Bandit;
import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.Arrays;
import java.util.List;

/**
 * A k-armed bandit in the lockstep (issue 13; tasks.md §4): one world for every row, so a region can learn it in its
 * weights. One arm, drawn from the environment's stream before the first trial, pays 1 with probability
 * {@code p_best}, every other with {@code p_other}; restless ({@code drift} &gt; 0), each probability then takes a
 * Gaussian step of sd {@code drift} before every trial, reflected into [0, 1].
 *
 * <p>A trial is one decision and one episode: at its first step the observation is a cue with the row's previous
 * action (one-hot) and reward, the region's action of that step is taken when it arrives (the response lag later), its
 * outcome is drawn from the environment's stream and answered on the reward links, and the trial lasts lag + settle + 1
 * steps, so that the answer (and a critic's TD error about it) reaches the regions in the trial. Error: the row did not choose the arm that was best then.
 *
 * <p>With {@code actors} m &gt; 1, m regions choose together, one arm each on its own action link: the world has
 * k<sup>m</sup> joint arms, each actor's best arm is drawn in turn (the joint best pays {@code p_best}, every other
 * combination {@code p_other}), the cue shows every actor's previous arm, and the answer goes to every reward link:
 * cooperation under a shared reward.
 */
public final class BanditTask implements Task
{
    private final int batch;
    private final int arms;
    private final int actors;
    private final int joint;       // arms^actors joint arms
    private final double pBest;
    private final double pOther;
    private final double drift;
    private final int lag;
    private final int settle;
    private double[] p;            // the world, once the first trial drew it
    private final int[] lastAction; // the joint arm
    private final float[] lastReward;

    public BanditTask(
        final int batch, final int arms, final int actors, final double pBest, final double pOther, final double drift,
        final int lag, final int settle)
    {
        int j = 1;
        for (int f = 0; f < actors; f++)
        {
            j = Math.multiplyExact(j, arms);
        }
        this.batch = batch;
        this.arms = arms;
        this.actors = actors;
        this.joint = j;
        this.pBest = pBest;
        this.pOther = pOther;
        this.drift = drift;
        this.lag = lag;
        this.settle = settle;
        this.lastAction = new int[batch];
        this.lastReward = new float[batch];
        Arrays.fill(lastAction, -1);
    }

    @Override
    public Task timed(final int responseLag, final int settleSteps)
    {
        return new BanditTask(batch, arms, actors, pBest, pOther, drift, Math.max(1, responseLag), settleSteps);
    }

    @Override
    public int actions()
    {
        return arms;
    }

    @Override
    public int actors()
    {
        return actors;
    }

    @Override
    public int observationWidth()
    {
        return 2 + actors * arms;
    }

    @Override
    public boolean spikingObservations()
    {
        return false;
    }

    @Override
    public int outputWidth()
    {
        return arms;
    }

    @Override
    public LossKind defaultLoss()
    {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public int maxTrialSteps()
    {
        return lag + settle + 1;
    }

    @Override
    public String errorMetric()
    {
        return "share of rows that did not choose the best arm";
    }

    @Override
    public List<TrialRecord> trialRecords()
    {
        return List.of(new TrialRecord("choice", "the arm each row chose at its decision step (-1 at other steps; with " +
            "several actors the joint arm, the first actor's arm + arms x the second's + ...)", true));
    }

    /** @return arm a's reward probability now (after the trials made so far). */
    double probability(final int a)
    {
        return p[a];
    }

    @Override
    public Trial next(final long index, final NodeRandom random)
    {
        if (p == null)
        {
            p = new double[joint];
            Arrays.fill(p, pOther);
            int best = 0;
            for (int f = 0, place = 1; f < actors; f++, place *= arms)
            {
                best += random.nextInt(arms) * place; // each actor's best arm
            }
            p[best] = pBest;
        }
        else if (drift > 0)
        {
            for (int a = 0; a < joint; a++)
            {
                p[a] = Bandit.reflect(p[a] + drift * random.nextGaussian());
            }
        }
        int best = 0;
        for (int a = 1; a < joint; a++)
        {
            best = p[a] > p[best] ? a : best;
        }
        return new Pull(p.clone(), best, random);
    }

    /** One decision of every row. */
    private final class Pull implements ActingTrial
    {
        private final double[] odds;
        private final int best;
        private final NodeRandom random;
        private final int[] choice = new int[batch];
        private final float[] reward = new float[batch];

        Pull(final double[] odds, final int best, final NodeRandom random)
        {
            this.odds = odds;
            this.best = best;
            this.random = random;
            Arrays.fill(choice, -1);
        }

        @Override
        public int steps()
        {
            return lag + settle + 1;
        }

        @Override
        public void observation(final int t, final float[] out)
        {
            Arrays.fill(out, 0f);
            if (t != 0)
            {
                return;
            }
            final int w = observationWidth();
            for (int b = 0; b < batch; b++)
            {
                out[b * w] = 1f;
                for (int f = 0, rest = lastAction[b]; f < actors && lastAction[b] >= 0; f++, rest /= arms)
                {
                    out[b * w + 1 + f * arms + rest % arms] = 1f;
                }
                out[b * w + 1 + actors * arms] = lastReward[b];
            }
        }

        @Override
        public int[] labels()
        {
            final int[] labels = new int[batch];
            Arrays.fill(labels, best);
            return labels;
        }

        @Override
        public void score(final int t, final float[] action)
        {
            if (t != 0)
            {
                return;
            }
            for (int b = 0; b < batch; b++)
            {
                int a = 0;
                for (int f = 0, place = 1; f < actors; f++, place *= arms)
                {
                    int chosen = -1;
                    for (int k = 0; k < arms; k++)
                    {
                        chosen = action[(b * actors + f) * arms + k] > 0.5f ? k : chosen;
                    }
                    a = chosen < 0 || a < 0 ? -1 : a + chosen * place;
                }
                choice[b] = a;
                reward[b] = a >= 0 && random.nextDouble() < odds[a] ? 1f : 0f;
                lastAction[b] = a;
                lastReward[b] = reward[b];
            }
        }

        @Override
        public void feedback(final int t, final float[] out)
        {
            Arrays.fill(out, 0f);
            if (t != 0)
            {
                return;
            }
            for (int b = 0; b < batch; b++)
            {
                out[b * 2] = reward[b];
                out[b * 2 + 1] = choice[b] >= 0 ? 1 | 2 : 2; // acted (when it chose), and the episode ends
            }
        }

        @Override
        public double[] rowErrors()
        {
            final double[] errors = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                errors[b] = choice[b] == best ? 0 : 1;
            }
            return errors;
        }

        @Override
        public double[] rowRewards()
        {
            final double[] r = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                r[b] = reward[b];
            }
            return r;
        }

        @Override
        public long[] record(final String key)
        {
            if (!"choice".equals(key))
            {
                return ActingTrial.super.record(key);
            }
            final long[] values = new long[batch * steps()];
            Arrays.fill(values, -1);
            for (int b = 0; b < batch; b++)
            {
                values[b * steps()] = choice[b];
            }
            return values;
        }
    }

    /** The registry entry. */
    public static final class Factory implements TaskFactory
    {
        static final Param<Integer> ARMS = Param.integer("arms", 2, 2, 64, "arms k");
        static final Param<Integer> ACTORS = Param.integer("actors", 1, 1, 4,
            "regions choosing together, one arm each (action link each); only all their best arms pay p_best");
        static final Param<Double> P_BEST = Param.number("p_best", 0.8, 0, true, 1,
            "reward probability of the best arm at the start");
        static final Param<Double> P_OTHER = Param.number("p_other", 0.2, 0, true, 1,
            "reward probability of every other arm at the start");
        static final Param<Double> DRIFT = Param.number("drift", 0.0, 0, true, 1,
            "sd of each probability's Gaussian step before every trial, reflected into [0, 1] (0: stationary)");

        @Override
        public String name()
        {
            return "bandit";
        }

        @Override
        public String description()
        {
            return "k-armed bandit, one decision per trial, rewarded 1 or 0; stationary or restless (acting task)";
        }

        @Override
        public boolean acting()
        {
            return true;
        }

        @Override
        public List<Param<?>> params()
        {
            return List.of(ARMS, ACTORS, P_BEST, P_OTHER, DRIFT);
        }

        @Override
        public Task create(final ParamValues v, final double dtMs, final int batch)
        {
            if (Math.pow(v.get(ARMS), v.get(ACTORS)) > 4096)
            {
                throw new IllegalArgumentException("actors: " + v.get(ACTORS) + " with arms = " + v.get(ARMS) +
                    " make " + (long)Math.pow(v.get(ARMS), v.get(ACTORS)) + " joint arms (expected: arms^actors <= 4096)");
            }
            return new BanditTask(batch, v.get(ARMS), v.get(ACTORS), v.get(P_BEST), v.get(P_OTHER), v.get(DRIFT), 1, 0);
        }
    }
}
