package org.brainsim.scenarios.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a scenario's phases and when each ends, decided by the task environment at trial starts so
 * that every node sees the same phase at the same trial wherever it runs. A phase ends when it has run its
 * trials or steps, or when its stop criterion holds (the mean error of its last N scored trials is below a
 * threshold) — whichever comes first. Scores arrive a few steps after a trial ends (the readout travels back
 * on the action link), so a criterion is checked against the trials scored by the time the next trial starts.
 */
public final class PhaseSchedule
{
    /**
     * @param name       the phase's name.
     * @param maxTrials  trials at most (Long.MAX_VALUE: no limit).
     * @param maxSteps   steps at most: the phase ends at the first trial start at or after this many steps.
     * @param criterion  stop early when it holds; {@code null} for none.
     * @param conditions what it changes in the task's world.
     */
    public record Phase(String name, long maxTrials, long maxSteps, Criterion criterion, TaskConditions conditions)
    {
        /** A phase that leaves the task's world as it is. */
        public Phase(final String name, final long maxTrials, final long maxSteps, final Criterion criterion)
        {
            this(name, maxTrials, maxSteps, criterion, TaskConditions.NONE);
        }
    }

    /**
     * The mean row error of the phase's last {@code overTrials} scored trials is below {@code below}.
     */
    public record Criterion(double below, int overTrials)
    {
    }

    /** How a phase ended. */
    public record Boundary(int phase, String name, long firstTrial, long trials, long firstStep, long steps,
                           String endedBy)
    {
    }

    private final List<Phase> phases;
    private final long trialLimit;
    private int current = -1;
    private long trialsInPhase;
    private long stepsInPhase;
    private long firstTrial;
    private long firstStep;
    private long trialsIssued;
    private final double[] recent;
    private int recentCount;
    private final List<Boundary> boundaries = new ArrayList<>();
    private boolean done;

    /**
     * @param phases     in order; at least one.
     * @param trialLimit stop after this many trials in all (the {@code --trials} cut), Long.MAX_VALUE: none.
     */
    public PhaseSchedule(final List<Phase> phases, final long trialLimit)
    {
        if (phases.isEmpty())
        {
            throw new IllegalArgumentException("phases: empty (expected: at least one)");
        }
        this.phases = List.copyOf(phases);
        this.trialLimit = trialLimit;
        this.recent = new double[phases.stream().mapToInt(p -> p.criterion() == null ? 1 : p.criterion().overTrials())
            .max().orElse(1)];
    }

    /** A single phase of {@code trials} trials (a scenario without phases). */
    public static PhaseSchedule single(final long trials, final long trialLimit)
    {
        return new PhaseSchedule(List.of(new Phase("run", trials, Long.MAX_VALUE, null)), trialLimit);
    }

    public List<Phase> phases()
    {
        return phases;
    }

    /**
     * Called when a trial is about to start at {@code step}.
     *
     * @return the phase of the trial, or −1 when the schedule is over (no more trials).
     */
    public int nextTrial(final long step)
    {
        if (done)
        {
            return -1;
        }
        if (current < 0)
        {
            enter(0, step);
        }
        while (!done)
        {
            final Phase p = phases.get(current);
            final String endedBy = trialsIssued >= trialLimit ? "trial limit (--trials)" :
                trialsInPhase >= p.maxTrials() ? "trials" :
                stepsInPhase >= p.maxSteps() ? "steps" :
                criterionMet(p) ? "criterion" : null;
            if (endedBy == null)
            {
                break;
            }
            end(endedBy, step);
            if (trialsIssued >= trialLimit || current + 1 >= phases.size())
            {
                done = true;
            }
            else
            {
                enter(current + 1, step);
            }
        }
        if (done)
        {
            return -1;
        }
        trialsInPhase++;
        trialsIssued++;
        return current;
    }

    /** Adds {@code steps} steps of the current trial to the phase's count. */
    public void stepsRun(final long steps)
    {
        stepsInPhase += steps;
    }

    /**
     * Reports the mean row error of a scored trial of phase {@code phase}; trials of earlier phases are
     * ignored (their scores can arrive after the next phase began).
     */
    public void scored(final int phase, final double meanError)
    {
        if (phase != current)
        {
            return;
        }
        recent[recentCount % recent.length] = meanError;
        recentCount++;
    }

    private boolean criterionMet(final Phase p)
    {
        final Criterion c = p.criterion();
        if (c == null || recentCount < c.overTrials())
        {
            return false;
        }
        double sum = 0;
        for (int i = 1; i <= c.overTrials(); i++)
        {
            sum += recent[(recentCount - i) % recent.length];
        }
        return sum / c.overTrials() < c.below();
    }

    private void enter(final int phase, final long step)
    {
        current = phase;
        trialsInPhase = 0;
        stepsInPhase = 0;
        recentCount = 0;
        firstTrial = trialsIssued;
        firstStep = step;
    }

    private void end(final String endedBy, final long step)
    {
        boundaries.add(new Boundary(current, phases.get(current).name(), firstTrial, trialsInPhase, firstStep,
            step - firstStep, endedBy));
    }

    /**
     * Closes the phase in force when the run stops before the schedule does ({@code --steps}, a failure).
     */
    public void stop(final String reason, final long step)
    {
        if (!done && current >= 0)
        {
            end(reason, step);
            done = true;
        }
    }

    /** @return whether no more trials will start. */
    public boolean done()
    {
        return done;
    }

    /** @return the phase in force (−1 before the first trial). */
    public int current()
    {
        return current;
    }

    /** @return trials started so far. */
    public long trialsIssued()
    {
        return trialsIssued;
    }

    /** @return the phases that ended, in order. */
    public List<Boundary> boundaries()
    {
        return List.copyOf(boundaries);
    }

    /**
     * @param trialSteps the longest trial, in steps (for phases bounded by steps).
     * @return the trials the phases plan at most, Long.MAX_VALUE when a phase is open-ended.
     */
    public long plannedTrials(final int trialSteps)
    {
        long total = 0;
        for (final Phase p : phases())
        {
            final long trials = p.maxTrials() != Long.MAX_VALUE ? p.maxTrials() :
                p.maxSteps() != Long.MAX_VALUE ? (p.maxSteps() + trialSteps - 1) / trialSteps : Long.MAX_VALUE;
            if (trials == Long.MAX_VALUE)
            {
                return Long.MAX_VALUE;
            }
            total += trials;
        }
        return total;
    }
}
