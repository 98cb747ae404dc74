package org.brainsim.objectives.rl;

import org.brainsim.objectives.Objective;
import org.brainsim.objectives.ObjectiveContext;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.ObjectiveInputs;
import org.brainsim.objectives.ObjectiveType;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.objectives.TrialTerm;
import org.brainsim.settings.Param;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The goal-directed system (issue 14; reference tasks.md §5.1): a region that learns a model of its world and values
 * actions by planning over it. The world's state is the one-hot slot among the first {@code states} values of the
 * region's observation link (a discrete world; an observation with more than one of them set is refused). Its readout
 * is the whole model, every step: for each state s and action a, S + 1 logits of the next outcome (states 0 … S − 1,
 * then the episode's end) and one expected reward, in blocks of S + 2 units, state-major. It learns at the end of each
 * trial from its decisions (the steps the task answered as taken): each decision in state s with action a, followed by
 * outcome s' (the state at the row's next decision, or the end when the answer ended the episode) and reward r, adds
 * the cross-entropy of s' and ½ (R − r)² on block (s, a) at every step of the trial, so that the model it reads out
 * does not depend on where it stands (a map of the world, not of the moment).
 *
 * <p>Every step, per row, a {@link Planner} of {@code depth} levels with per-level noise {@code noise} values the
 * actions from the state the row is in over the model the readout holds now (after the last trial's update: what was
 * just learned about a state elsewhere counts at once); it acts by softmax(β·Q). With the two-step task's fixed
 * transitions and depth 2 its first-stage values are Daw et al. 2011's Q_MB(a) = Σ_s P(s|a) max_a' R(s, a').
 */
public final class ModelBased implements Objective
{
    public static final Param<Integer> STATES = Param.integer("states", 3, 1, 64,
        "the world's states: the one-hot slots at the start of the region's observation link");
    public static final Param<Double> GAMMA = Param.number("gamma", 1.0, 0, true, 1,
        "discount factor γ per planning level, 0 … 1");
    public static final Param<Integer> DEPTH = Param.integer("depth", 2, 1, 100, "levels of the planner's search");
    public static final Param<Double> NOISE = Param.number("noise", 0.0, 0, true, 1e3,
        "sd of the computational noise each planning level adds (Daw, Niv & Dayan 2005); 0: none");
    public static final Param<Double> BETA = Param.number("softmax_beta", 5.0, 0, true, 1e3,
        "inverse temperature β of the softmax over β·Q that chooses the action");
    public static final Param<PolicyObjective.Policy> POLICY = Param.choice("policy", PolicyObjective.Policy.class,
        PolicyObjective.Policy.SAMPLE, "sample (draw from softmax(β·Q) with the region's stream) or greedy (arg-max)");

    /** The registry entry. */
    public static final ObjectiveType TYPE = new ObjectiveType.Of("model-based",
        "goal-directed: learns the next state and reward of each action, values actions by planning over that model",
        List.of(STATES, GAMMA, DEPTH, NOISE, BETA, POLICY), Set.of(ObjectiveInput.REWARD), true, true, false,
        (context, values, weight) -> new ModelBased(context, values.get(STATES), values.get(GAMMA), values.get(DEPTH),
            values.get(NOISE), values.get(BETA), values.get(POLICY), weight));

    /** @return readout units of a model-based block: per state and action, S + 1 outcome logits and a reward. */
    public static int blockWidth(final int actions, final int states)
    {
        return states * actions * (states + 2);
    }

    private final int batch;
    private final int actions;
    private final int states;
    private final int width;
    private final int feedback;
    private final int observation;
    private final double beta;
    private final PolicyObjective.Policy policy;
    private final double weight;
    private final DoubleSupplier uniform;
    private final Planner planner;
    private final double[][][] p;     // the model now: [state][action][outcome]
    private final double[][] r;       // [state][action]
    private final double[] q;
    private final double[] qVar;
    private final double[] pi;
    private final float[] action;
    private final int[][] state;      // per step, per row: the state (−1: none)
    private final int[][] chosen;
    private final float[][] rewards;
    private final float[] offered;          // [batch][values, variances]
    private final double[][][] expected;    // per step, per row: R(s, a) of the state it was in, per action
    private final double[][][] spread;      // per row: [state][action], running mean of squared reward errors
    private static final double RATE = 0.1;

    public ModelBased(final ObjectiveContext context, final int states, final double gamma, final int depth,
                      final double noise, final double beta, final PolicyObjective.Policy policy, final double weight)
    {
        if (states < 1 || context.outputs() % (states * (states + 2)) != 0 ||
            context.outputs() / (states * (states + 2)) < 2)
        {
            throw new IllegalArgumentException("outputs: " + context.outputs() + " (expected: states × actions × " +
                "(states + 2) with states = " + states + " and two actions or more)");
        }
        if (context.observationLink() < 0)
        {
            throw new IllegalArgumentException("observationLink: -1 (expected: the region's observation link)");
        }
        if (!(beta >= 0) || !(weight >= 0) || context.uniform() == null && (policy == PolicyObjective.Policy.SAMPLE ||
            noise > 0))
        {
            throw new IllegalArgumentException("beta, weight, uniform: " + beta + ", " + weight + ", " +
                context.uniform() + " (expected: >= 0, >= 0, a stream to sample or add noise)");
        }
        this.batch = context.batch();
        this.states = states;
        this.width = context.outputs();
        this.actions = width / (states * (states + 2));
        this.feedback = context.feedbackSteps();
        this.observation = context.observationLink();
        this.beta = beta;
        this.policy = policy;
        this.weight = weight;
        this.uniform = context.uniform();
        this.planner = new Planner(states, actions, gamma, depth, noise, uniform);
        this.p = new double[states][actions][states + 1];
        this.r = new double[states][actions];
        this.q = new double[actions];
        this.qVar = new double[actions];
        this.pi = new double[actions];
        this.action = new float[batch * actions];
        this.state = new int[context.trialSteps()][batch];
        this.chosen = new int[context.trialSteps()][batch];
        this.rewards = new float[context.trialSteps()][batch * 2];
        this.offered = new float[batch * 2 * actions];
        this.expected = new double[context.trialSteps()][batch][actions];
        this.spread = new double[batch][states][actions];
        for (final double[][] row : spread)
        {
            for (final double[] s : row)
            {
                Arrays.fill(s, 1.0); // the prior variance, on the scale of rewards in [0, 1]
            }
        }
    }

    @Override
    public float[] action()
    {
        return action;
    }

    @Override
    public int valuesWidth()
    {
        return 2 * actions;
    }

    @Override
    public float[] values()
    {
        return offered;
    }

    /** @return the last row's model as read at the last step: P(s' | s, a) as {@code [s][a][s']} (s' = S: the end). */
    double[][][] transitions()
    {
        return p;
    }

    /** @return the last row's model as read at the last step: R(s, a). */
    double[][] expectedRewards()
    {
        return r;
    }

    @Override
    public void step(final int k, final ObjectiveInputs inputs)
    {
        Arrays.fill(action, 0f);
        if (k < 0)
        {
            return;
        }
        final float[] y = inputs.readout();
        final float[] obs = inputs.inbound(observation);
        final float[] answer = inputs.reward();
        if (answer == null)
        {
            throw new IllegalStateException("model-based: the region has no reward link");
        }
        System.arraycopy(answer, 0, rewards[k], 0, batch * 2);
        final int obsWidth = obs.length / batch;
        for (int b = 0; b < batch; b++)
        {
            final int s = stateOf(obs, b * obsWidth, Math.min(states, obsWidth));
            state[k][b] = s;
            int a = 0;
            Arrays.fill(offered, b * 2 * actions, (b + 1) * 2 * actions, 0f);
            if (s >= 0)
            {
                read(y, b);
                planner.plan(p, r, spread[b], s, q, qVar);
                a = choose();
                System.arraycopy(r[s], 0, expected[k][b], 0, actions);
                for (int i = 0; i < actions; i++)
                {
                    offered[b * 2 * actions + i] = (float)q[i];
                    offered[b * 2 * actions + actions + i] = (float)qVar[i];
                }
            }
            action[b * actions + a] = 1f;
            chosen[k][b] = a;
        }
    }

    /** The one-hot state among the first n values of a row, or −1 when none is set. */
    private static int stateOf(final float[] obs, final int offset, final int n)
    {
        int s = -1;
        for (int i = 0; i < n; i++)
        {
            if (obs[offset + i] != 0)
            {
                if (s >= 0)
                {
                    throw new IllegalStateException("model-based: the observation sets states " + s + " and " + i +
                        " at once (expected: one-hot states in its first slots; a two-step task needs history = false)");
                }
                s = i;
            }
        }
        return s;
    }

    /** @return the readout index of block (s, a) of row b. */
    private int block(final int b, final int s, final int a)
    {
        return b * width + (s * actions + a) * (states + 2);
    }

    /** Row b's readout as a model: softmax of each block's outcome logits, and its reward. */
    private void read(final float[] y, final int b)
    {
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                final int at = block(b, s, a);
                double max = Double.NEGATIVE_INFINITY;
                for (int o = 0; o <= states; o++)
                {
                    max = Math.max(max, y[at + o]);
                }
                double sum = 0;
                for (int o = 0; o <= states; o++)
                {
                    p[s][a][o] = Math.exp(y[at + o] - max);
                    sum += p[s][a][o];
                }
                for (int o = 0; o <= states; o++)
                {
                    p[s][a][o] /= sum;
                }
                r[s][a] = y[at + states + 1];
            }
        }
    }

    private int choose()
    {
        int best = 0;
        for (int a = 1; a < actions; a++)
        {
            best = q[a] > q[best] ? a : best;
        }
        if (policy == PolicyObjective.Policy.GREEDY)
        {
            return best;
        }
        double sum = 0;
        for (int a = 0; a < actions; a++)
        {
            pi[a] = Math.exp(beta * (q[a] - q[best]));
            sum += pi[a];
        }
        return Draws.weighted(pi, actions, sum, uniform);
    }

    private boolean flag(final int at, final int b, final int flag)
    {
        return ((int)rewards[at][b * 2 + 1] & flag) != 0;
    }

    /** What a decision taught: its state and taken action, the outcome that followed (−1: not known), the reward. */
    record Lesson(int state, int action, int outcome, double reward)
    {
    }

    /** @return per row, the lessons of its decisions in the trial's first {@code n} steps. */
    List<List<Lesson>> lessons(final int n)
    {
        final List<List<Lesson>> all = new java.util.ArrayList<>();
        for (int b = 0; b < batch; b++)
        {
            final List<Lesson> row = new java.util.ArrayList<>();
            int open = -1; // the lesson still waiting for its outcome
            for (int t = 0; t + feedback < n; t++)
            {
                if (!flag(t + feedback, b, PolicyObjective.Feedback.ACTED) || state[t][b] < 0)
                {
                    continue;
                }
                if (open >= 0)
                {
                    final Lesson last = row.get(open);
                    row.set(open, new Lesson(last.state(), last.action(), state[t][b], last.reward()));
                }
                final boolean end = flag(t + feedback, b, PolicyObjective.Feedback.EPISODE_END);
                final int said = PolicyObjective.Feedback.taken(rewards[t + feedback][b * 2 + 1]);
                final int taken = said >= 0 && said < actions ? said : chosen[t][b]; // an arbiter's, else its own
                row.add(new Lesson(state[t][b], taken, end ? states : -1, rewards[t + feedback][b * 2]));
                open = end ? -1 : row.size() - 1;
            }
            all.add(row);
        }
        return all;
    }

    /** The variances it offers learn from the trial's decisions: the squared errors of the rewards they expected. */
    private void learnSpread(final int n)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t + feedback < n; t++)
            {
                if (flag(t + feedback, b, PolicyObjective.Feedback.ACTED) && state[t][b] >= 0)
                {
                    final int said = PolicyObjective.Feedback.taken(rewards[t + feedback][b * 2 + 1]);
                    final int a = said >= 0 && said < actions ? said : chosen[t][b];
                    final double e = expected[t][b][a] - rewards[t + feedback][b * 2];
                    spread[b][state[t][b]][a] += RATE * (e * e - spread[b][state[t][b]][a]);
                }
            }
        }
    }

    @Override
    public TrialTerm endTrial(final int n)
    {
        learnSpread(n);
        final List<List<Lesson>> lessons = lessons(n);
        final boolean any = lessons.stream().anyMatch(l -> !l.isEmpty());
        return TrialTerm.of(new ReadoutLoss()
        {
            @Override
            public double value(final INDArray[] y)
            {
                return Arrays.stream(rowValues(y)).sum();
            }

            @Override
            public double[] rowValues(final INDArray[] y)
            {
                final double[] rows = new double[batch];
                for (int t = 0; t < n && any; t++)
                {
                    final double[] yt = y[t].castTo(DataType.DOUBLE).dup('c').data().asDouble();
                    for (int b = 0; b < batch; b++)
                    {
                        for (final Lesson l : lessons.get(b))
                        {
                            final int at = block(b, l.state(), l.action());
                            double loss = 0;
                            if (l.outcome() >= 0)
                            {
                                loss += logSumExp(yt, at) - yt[at + l.outcome()];
                            }
                            final double e = yt[at + states + 1] - l.reward();
                            rows[b] += weight / batch * (loss + 0.5 * e * e);
                        }
                    }
                }
                return rows;
            }

            @Override
            public INDArray error(final INDArray y, final int t)
            {
                return Nd4j.create(errors(y, t), new long[] {batch, width}, DataType.DOUBLE).castTo(y.dataType());
            }

            private double[] errors(final INDArray y, final int t)
            {
                final double[] err = new double[batch * width];
                if (!judges(t))
                {
                    return err;
                }
                final double[] yt = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                for (int b = 0; b < batch; b++)
                {
                    for (final Lesson l : lessons.get(b))
                    {
                        final int at = block(b, l.state(), l.action());
                        if (l.outcome() >= 0)
                        {
                            final double lse = logSumExp(yt, at);
                            for (int o = 0; o <= states; o++)
                            {
                                err[at + o] += weight / batch * (Math.exp(yt[at + o] - lse) - (o == l.outcome() ? 1 : 0));
                            }
                        }
                        err[at + states + 1] += weight / batch * (yt[at + states + 1] - l.reward());
                    }
                }
                return err;
            }

            @Override
            public boolean judges(final int t)
            {
                return t < n && any;
            }
        });
    }

    /** @return log Σ_o exp(y[at + o]) over a block's S + 1 outcome logits. */
    private double logSumExp(final double[] y, final int at)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o <= states; o++)
        {
            max = Math.max(max, y[at + o]);
        }
        double sum = 0;
        for (int o = 0; o <= states; o++)
        {
            sum += Math.exp(y[at + o] - max);
        }
        return max + Math.log(sum);
    }
}
