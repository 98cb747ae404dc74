package org.brainsim.scenarios.tasks;

import org.brainsim.settings.ParamValues;
import org.brainsim.objectives.LossKind;
import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every registered task keeps, run against each one with its default parameters: widths and
 * lengths as declared, finite observations and targets, at least one evaluated step, trials that depend only
 * on the stream (same seed, same trials), a perfect readout scored as no error and a wrong one as some error,
 * labels that match the targets of classification tasks.
 */
class TaskContractTest
{
    private static final int BATCH = 3;
    private static final double DT_MS = 1.0;

    @TestFactory
    Stream<DynamicTest> everyRegisteredTaskKeepsTheContract()
    {
        return TaskRegistry.REGISTRY.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f)));
    }

    private static Task create(final TaskFactory factory)
    {
        return factory.create(ParamValues.defaults(factory.params()), DT_MS, BATCH);
    }

    /**
     * An acting task, laid out for a response lag and settling steps: its action link is as wide as its actions; the same
     * seed gives the same observations and answers; every step it takes an action at is answered early enough for the
     * answer and what follows from it to reach the regions inside the trial (step + lag + settle at most the trial's
     * last step); the labelled (best) action scores no
     * error and another action some; the flags are the two defined bits and the action taken above them.
     */
    private static void checkActing(final TaskFactory factory, final int lag, final int settle)
    {
        final String name = factory.name() + " (lag " + lag + ", settle " + settle + ")";
        assertEquals(create(factory).actions(), create(factory).outputWidth(), name + ": action width");
        for (final boolean best : new boolean[] {true, false})
        {
            final float[][] runs = new float[2][];
            double[] errors = null;
            for (int again = 0; again < 2; again++)
            {
                final Task task = create(factory).timed(lag, settle);
                final NodeRandom random = NodeRandom.forNode(42, "task");
                final Task.Trial trial = task.next(0, random);
                assertTrue(trial.steps() >= lag + settle + 1 && trial.steps() <= task.maxTrialSteps(), name + ": steps " +
                    trial.steps());
                final int actions = task.actions();
                final int[] labels = trial.labels();
                final float[] seen = new float[trial.steps() * BATCH * (task.observationWidth() + 2)];
                for (int t = 0; t < trial.steps(); t++)
                {
                    final float[] obs = new float[BATCH * task.observationWidth()];
                    trial.observation(t, obs);
                    final float[] action = new float[BATCH * actions];
                    for (int b = 0; b < BATCH; b++)
                    {
                        // a label is the best action, or -1 where none is best (the two-step task)
                        assertTrue(labels[b] >= -1 && labels[b] < actions, name + ": a label is an action or -1");
                        final int label = Math.max(0, labels[b]);
                        action[b * actions + (best ? label : (label + 1) % actions)] = 1;
                    }
                    trial.score(t, action);
                    final float[] answer = new float[BATCH * 2];
                    trial.feedback(t, answer);
                    for (int b = 0; b < BATCH; b++)
                    {
                        final int flags = (int)answer[b * 2 + 1];
                        // ACTED, EPISODE_END, and above them the action taken (index + 1; 0: not said)
                        final int taken = org.brainsim.messaging.RewardFrame.taken(flags);
                        assertTrue(flags == answer[b * 2 + 1] && flags >= 0 && flags <= 255 &&
                            taken >= -1 && taken < task.actions(), name + ": flags " + flags);
                        assertTrue((flags & 1) == 0 || t + lag + settle <= trial.steps() - 1, name + ": step " + t +
                            " is answered after the trial");
                        assertTrue(Float.isFinite(answer[b * 2]), name + ": a finite reward");
                    }
                    System.arraycopy(obs, 0, seen, t * BATCH * (task.observationWidth() + 2), obs.length);
                    System.arraycopy(answer, 0, seen, t * BATCH * (task.observationWidth() + 2) + obs.length, answer.length);
                }
                runs[again] = seen;
                errors = trial.rowErrors();
                assertEquals(BATCH, trial.rowRewards().length, name + ": a reward per row");
            }
            assertArrayEquals(runs[0], runs[1], name + ": the same seed, the same trial");
            final boolean labelled = Arrays.stream(create(factory).timed(lag, settle).next(0,
                NodeRandom.forNode(42, "task")).labels()).allMatch(l -> l >= 0);
            assertTrue(Arrays.stream(errors).allMatch(e -> e >= 0 && e <= 1), name + ": errors in [0, 1]");
            if (labelled && best)
            {
                assertEquals(0, Arrays.stream(errors).sum(), 1e-9, name + ": the best action has no error");
            }
            else if (labelled)
            {
                assertTrue(Arrays.stream(errors).sum() > 0, name + ": another action has some error");
            }
        }
    }

    private static float[][][] run(final Task task, final long seed, final int trials, final int[][] labels,
                                   final double[][] windows)
    {
        final NodeRandom random = NodeRandom.forNode(seed, "task");
        final float[][][] all = new float[trials][][];
        for (int k = 0; k < trials; k++)
        {
            final Task.Trial trial = task.next(k, random);
            assertTrue(trial.steps() >= 1 && trial.steps() <= task.maxTrialSteps(), "steps " + trial.steps());
            final float[][] steps = new float[trial.steps()][];
            windows[k] = new double[trial.steps()];
            for (int t = 0; t < trial.steps(); t++)
            {
                final float[] obs = new float[BATCH * task.observationWidth()];
                final float[] target = new float[BATCH * task.outputWidth()];
                trial.observation(t, obs);
                trial.target(t, target);
                windows[k][t] = trial.window(t);
                assertTrue(windows[k][t] >= 0, "window weight >= 0");
                for (final float v : obs)
                {
                    assertTrue(Float.isFinite(v) && (!task.spikingObservations() || v == 0 || v == 1), "observation " + v);
                }
                final float[] both = Arrays.copyOf(obs, obs.length + target.length);
                System.arraycopy(target, 0, both, obs.length, target.length);
                steps[t] = both;
            }
            assertTrue(Arrays.stream(windows[k]).anyMatch(w -> w > 0), "a trial evaluates at least one step");
            labels[k] = trial.labels();
            assertEquals(BATCH, labels[k].length);
            all[k] = steps;
        }
        return all;
    }

    /**
     * A task with rewards but no actions answers every step as it emits it: finite rewards, no flag but the episode's
     * end (nothing was acted on), some episode ending in a trial, and the same answers from the same seed.
     */
    private static void checkRewardsWithoutActions(final TaskFactory factory)
    {
        final float[][] runs = new float[2][];
        for (int again = 0; again < 2; again++)
        {
            final Task.Trial trial = create(factory).next(0, NodeRandom.forNode(42, "task"));
            final float[] all = new float[trial.steps() * BATCH * 2];
            final float[] out = new float[BATCH * 2];
            for (int t = 0; t < trial.steps(); t++)
            {
                trial.observation(t, new float[BATCH * create(factory).observationWidth()]);
                trial.feedback(t, out);
                System.arraycopy(out, 0, all, t * BATCH * 2, BATCH * 2);
            }
            runs[again] = all;
        }
        assertArrayEquals(runs[0], runs[1], factory.name() + ": same seed, same rewards");
        boolean ended = false;
        for (int i = 0; i < runs[0].length; i += 2)
        {
            assertTrue(Float.isFinite(runs[0][i]), factory.name() + ": finite rewards");
            assertTrue(runs[0][i + 1] == 0 || runs[0][i + 1] == 2, factory.name() + ": flags " + runs[0][i + 1]);
            ended |= runs[0][i + 1] == 2;
        }
        assertTrue(ended, factory.name() + ": some episode ends in a trial");
    }

    private static void check(final TaskFactory factory)
    {
        final Task task = create(factory);
        assertEquals(factory.acting(), task.actions() > 0, factory.name() + ": acting() says what its tasks do");
        if (task.actions() > 0)
        {
            for (int lag = 1; lag <= 3; lag++)
            {
                for (int settle = 0; settle <= 2; settle++)
                {
                    checkActing(factory, lag, settle);
                }
            }
            return;
        }
        assertEquals(factory.rewards(), task.rewards(), factory.name() + ": rewards() says what its tasks do");
        if (task.rewards())
        {
            checkRewardsWithoutActions(factory);
        }
        assertTrue(task.observationWidth() >= 1 && task.outputWidth() >= 1 && task.maxTrialSteps() >= 1);
        final int trials = 2;
        final int[][] labels = new int[trials][];
        final double[][] windows = new double[trials][];
        final float[][][] first = run(task, 42, trials, labels, windows);
        // The same seed gives the same trials, from a fresh task.
        final float[][][] again = run(create(factory), 42, trials, new int[trials][], new double[trials][]);
        for (int k = 0; k < trials; k++)
        {
            for (int t = 0; t < first[k].length; t++)
            {
                assertArrayEquals(first[k][t], again[k][t], factory.name() + " trial " + k + " step " + t);
            }
        }
        // Scoring: the target itself as the readout is perfect; its negation is wrong somewhere.
        final int obsWidth = task.observationWidth();
        for (final boolean perfect : new boolean[] {true, false})
        {
            final Task fresh = create(factory);
            final NodeRandom random = NodeRandom.forNode(42, "task");
            final Task.Trial trial = fresh.next(0, random);
            for (int t = 0; t < trial.steps(); t++)
            {
                final float[] readout = Arrays.copyOfRange(first[0][t], obsWidth * BATCH, first[0][t].length);
                if (!perfect)
                {
                    for (int i = 0; i < readout.length; i++)
                    {
                        readout[i] = -readout[i] - 1;
                    }
                }
                trial.observation(t, new float[BATCH * obsWidth]); // keep the stream where the first run had it
                trial.score(t, readout);
            }
            final double[] errors = trial.rowErrors();
            assertEquals(BATCH, errors.length);
            for (final double e : errors)
            {
                assertTrue(e >= 0, "errors are >= 0");
            }
            if (perfect)
            {
                assertEquals(0, Arrays.stream(errors).sum(), 1e-9, factory.name() + ": a perfect readout has no error");
            }
            else
            {
                assertTrue(Arrays.stream(errors).sum() > 0, factory.name() + ": a wrong readout has some error");
            }
        }
        if (task.defaultLoss() == LossKind.CROSS_ENTROPY)
        {
            // Classification: every step's target of every row is a distribution over the classes; a row's label is
            // the arg-max of its target (a class per trial), or -1 when the class changes within the trial (a class
            // per step, e.g. a hidden state).
            for (int b = 0; b < BATCH; b++)
            {
                for (int t = 0; t < first[0].length; t++)
                {
                    final float[] target = Arrays.copyOfRange(first[0][t], obsWidth * BATCH + b * task.outputWidth(),
                        obsWidth * BATCH + (b + 1) * task.outputWidth());
                    double sum = 0;
                    for (final float v : target)
                    {
                        assertTrue(v >= 0, factory.name() + ": a target of a classification is a distribution");
                        sum += v;
                    }
                    assertEquals(1, sum, 1e-6, factory.name() + " row " + b + " step " + t + ": sums to 1");
                }
                final float[] target = Arrays.copyOfRange(first[0][0], obsWidth * BATCH + b * task.outputWidth(),
                    obsWidth * BATCH + (b + 1) * task.outputWidth());
                int best = 0;
                for (int k = 1; k < target.length; k++)
                {
                    best = target[k] > target[best] ? k : best;
                }
                if (labels[0][b] != -1)
                {
                    assertEquals(labels[0][b], best, factory.name() + " row " + b);
                }
            }
        }
    }
}
