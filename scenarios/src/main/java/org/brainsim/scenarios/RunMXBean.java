package org.brainsim.scenarios;

/**
 * A run as a whole over JMX: {@code org.brainsim:type=Run,name=<run directory's name>}, registered in the JVM that
 * writes the run's manifest (the submitter of a cluster run) while it goes.
 */
public interface RunMXBean
{
    /** @return the scenario's name. */
    String getScenario();

    /** @return the run directory. */
    String getDirectory();

    /** @return {@code running} or {@code paused}, then how it ended: {@code completed}, {@code interrupted}… */
    String getStatus();

    /** @return whether the run is paused. */
    boolean isPaused();

    /**
     * Pauses every node of the run (in every JVM of a cluster) at its next step boundary. A pause changes no result,
     * and the stall watchdog does not count it.
     */
    void pause();

    /** Lets a paused run go on. */
    void resume();

    /** @return steps every node has completed (the slowest node's). */
    long getStep();

    /** @return steps per second over roughly the last second (of the slowest node). */
    double getStepsPerSecond();

    /** @return trials scored so far (−1 without a task). */
    long getTrials();

    /** @return trials the schedule plans at most (−1 without a task or when open-ended). */
    long getTrialsPlanned();

    /** @return the phase in force ("" without phases). */
    String getPhase();

    /** @return seconds since the run started. */
    double getElapsedSeconds();

    /** @return the estimated seconds left (NaN when unknown: open-ended, or too early to say). */
    double getEtaSeconds();

    /** @return the region furthest behind (fewest steps), "" before the first step. */
    String getSlowestRegion();
}
