package org.brainsim.scenarios.tasks;

import org.brainsim.regions.NodeRandom;
import org.brainsim.regions.lockstep.LinkKind;
import org.brainsim.regions.lockstep.NodeKernel;
import org.brainsim.regions.lockstep.TaskSignal;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A task environment as a node of the lockstep graph. Each step it emits the current trial's observation
 * (ACTIVITY links), the supervision of its readout (TARGET links: target, evaluation weight, trial flags; see
 * {@link TaskSignal}) and the phase in force (CONTROL links); it takes a region's readout back on its ACTION
 * link and scores every trial from it. An acting task ({@link Task#actions()}) takes the region's chosen action
 * instead, and answers each step it scores on its REWARD links, at the step it scores it ({@link Task.Trial#feedback});
 * a task with rewards but no actions answers each step as it emits it. It also runs the scenario's {@link PhaseSchedule}: at each trial start
 * it decides the trial's phase, from the lengths and from the scores received so far. When the schedule is
 * over it emits nothing but zeros (no trial, phase −1), and {@link #finished()} turns true once the last trial
 * has been scored.
 *
 * <p>Timing: what the task emits at step s reaches a region at s + d (the target/observation delay); the
 * region's readout of that step comes back at s + d + d_action. The task therefore scores step s of a trial
 * from the action input it receives at s + {@code lag}, {@code lag} = d + d_action.
 */
public final class TaskKernel implements NodeKernel
{
    /** Sees each scored trial, on the task's thread. */
    public interface ScoreObserver
    {
        /**
         * @param trial     the trial's index.
         * @param phase     its phase.
         * @param rowErrors each row's error.
         * @param labels    each row's class (−1: not a classification).
         */
        void onScored(long trial, int phase, double[] rowErrors, int[] labels);

        /** Sees each scored trial after {@link #onScored}, with what it made of the readout (choices, rewards). */
        default void onOutcome(final long trial, final Task.Trial scored)
        {
        }

        /** Sees each trial as the task starts it (before its first step), with its index. */
        default void onStarted(final long trial, final Task.Trial made)
        {
        }
    }

    private record Pending(long index, int phase, long start, Task.Trial trial)
    {
    }

    private final Task task;
    private final int batch;
    private final PhaseSchedule schedule;
    private final int actionLink;
    private final int actionLinks;
    private final float[] joint;
    private final int lag;
    private final NodeRandom random;
    private final ScoreObserver observer;
    private final int outputs;
    private final float[] target;
    private final float[] targetValues;
    private final float[] control;
    private final float[] reward;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Pending current;
    private int position;
    private long trialIndex;
    private volatile boolean finished;
    private volatile long trialsScored;
    private final java.util.concurrent.atomic.AtomicLongArray scoredPerPhase;
    private volatile double lastError = Double.NaN;
    private volatile String phaseName = "";

    /**
     * @param task       the task.
     * @param batch      rows.
     * @param schedule   the phases.
     * @param actionLink index of the inbound ACTION link (a region's readout), −1 when none (nothing is scored); a task
     *                   with several actors ({@link Task#actors()}) takes them on this and the following inbound links,
     *                   concatenated per row in that order.
     * @param lag        steps from emitting a step to receiving the readout of it (see above).
     * @param random     the environment's stream.
     * @param observer   sees every scored trial.
     */
    public TaskKernel(
        final Task task, final int batch, final PhaseSchedule schedule, final int actionLink, final int lag,
        final NodeRandom random, final ScoreObserver observer)
    {
        this.task = task;
        this.batch = batch;
        this.schedule = schedule;
        this.actionLink = actionLink;
        this.actionLinks = Math.max(1, task.actors());
        this.joint = actionLinks > 1 ? new float[batch * actionLinks * task.outputWidth()] : null;
        this.lag = lag;
        this.random = random;
        this.observer = observer;
        this.outputs = task.outputWidth();
        this.target = new float[batch * TaskSignal.targetWidth(outputs)];
        this.targetValues = new float[batch * outputs];
        this.control = new float[batch * TaskSignal.CONTROL_WIDTH];
        this.reward = new float[batch * TaskSignal.REWARD_WIDTH];
        this.scoredPerPhase = new java.util.concurrent.atomic.AtomicLongArray(schedule.phases().size());
    }

    /** @return trials of phase {@code phase} scored so far (any thread). */
    public long trialsScored(final int phase)
    {
        return scoredPerPhase.get(phase);
    }

    public Task task()
    {
        return task;
    }

    public PhaseSchedule schedule()
    {
        return schedule;
    }

    /** @return whether the schedule is over and every trial has been scored (or nothing is scored). */
    public boolean finished()
    {
        return finished;
    }

    /** @return trials scored so far (any thread). */
    public long trialsScored()
    {
        return trialsScored;
    }

    /** @return the mean row error of the last scored trial (any thread). */
    public double lastError()
    {
        return lastError;
    }

    /** @return the name of the phase in force (any thread). */
    public String phaseName()
    {
        return phaseName;
    }

    @Override
    public int batchSize()
    {
        return batch;
    }

    @Override
    public int width()
    {
        return task.observationWidth();
    }

    @Override
    public boolean spiking()
    {
        return task.spikingObservations();
    }

    @Override
    public int portWidth(final LinkKind kind)
    {
        return switch (kind)
        {
            case ACTIVITY -> width();
            case TARGET -> TaskSignal.targetWidth(outputs);
            case CONTROL -> TaskSignal.CONTROL_WIDTH;
            case REWARD -> task.rewards() ? TaskSignal.REWARD_WIDTH : 0;
            default -> 0;
        };
    }

    @Override
    public float[] port(final LinkKind kind)
    {
        return switch (kind)
        {
            case TARGET -> target;
            case CONTROL -> control;
            case REWARD -> reward;
            default -> NodeKernel.super.port(kind);
        };
    }

    @Override
    public void step(final long step, final float[][] inputs, final float[] output)
    {
        Arrays.fill(reward, 0f);
        if (actionLink >= 0)
        {
            score(step - lag, joint == null ? inputs[actionLink] : concatenated(inputs));
        }
        if (current == null && !schedule.done())
        {
            final int phase = schedule.nextTrial(step);
            if (phase >= 0)
            {
                current = new Pending(trialIndex++, phase, step, task.next(trialIndex - 1, random,
                    schedule.phases().get(phase).conditions()));
                observer.onStarted(current.index(), current.trial());
                position = 0;
                if (actionLink >= 0)
                {
                    pending.add(current); // scored as its readout comes back, from its first step on
                }
                phaseName = schedule.phases().get(phase).name();
            }
        }
        if (current == null)
        {
            Arrays.fill(output, 0f);
            Arrays.fill(target, 0f);
            for (int b = 0; b < batch; b++)
            {
                control[b * TaskSignal.CONTROL_WIDTH] = TaskSignal.NO_PHASE;
                control[b * TaskSignal.CONTROL_WIDTH + 1] = 0;
            }
            finished = pending.isEmpty();
            return;
        }
        final Task.Trial trial = current.trial();
        trial.observation(position, output);
        trial.target(position, targetValues);
        if (task.rewards() && task.actions() == 0 && !task.rewardsReadout())
        {
            trial.feedback(position, reward); // rewards without actions: answered as the step is emitted
        }
        final int steps = trial.steps();
        final float weight = (float)trial.window(position);
        final int flags = (position == 0 ? TaskSignal.TRIAL_START : 0) | (position == steps - 1 ? TaskSignal.TRIAL_END : 0);
        final int stride = TaskSignal.targetWidth(outputs);
        for (int b = 0; b < batch; b++)
        {
            System.arraycopy(targetValues, b * outputs, target, b * stride, outputs);
            target[b * stride + outputs] = weight;
            target[b * stride + outputs + 1] = flags;
        }
        for (int b = 0; b < batch; b++)
        {
            control[b * TaskSignal.CONTROL_WIDTH] = current.phase();
            control[b * TaskSignal.CONTROL_WIDTH + 1] = flags;
        }
        position++;
        if (position == steps)
        {
            schedule.stepsRun(steps);
            current = null;
        }
    }

    /** @return the actors' actions side by side per row: {@code [batch][actors × width]}, in link order. */
    private float[] concatenated(final float[][] inputs)
    {
        final int width = outputs;
        for (int k = 0; k < actionLinks; k++)
        {
            final float[] in = inputs[actionLink + k];
            for (int b = 0; b < batch; b++)
            {
                System.arraycopy(in, b * width, joint, (b * actionLinks + k) * width, width);
            }
        }
        return joint;
    }

    /** Scores the trial step that was emitted at {@code emitted}, from its readout. */
    private void score(final long emitted, final float[] readout)
    {
        final Pending head = pending.peek();
        if (head == null || emitted < head.start())
        {
            return;
        }
        final int t = (int)(emitted - head.start());
        head.trial().score(t, readout);
        if (task.actions() > 0 || task.rewardsReadout())
        {
            head.trial().feedback(t, reward);
        }
        if (t == head.trial().steps() - 1)
        {
            pending.poll();
            final double[] errors = head.trial().rowErrors();
            final double mean = Arrays.stream(errors).average().orElse(Double.NaN);
            schedule.scored(head.phase(), mean);
            observer.onScored(head.index(), head.phase(), errors, head.trial().labels());
            observer.onOutcome(head.index(), head.trial());
            lastError = mean;
            scoredPerPhase.incrementAndGet(head.phase());
            trialsScored = trialsScored + 1;
        }
    }
}
