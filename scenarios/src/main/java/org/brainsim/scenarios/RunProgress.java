package org.brainsim.scenarios;

import org.brainsim.messaging.TransportCounters;
import org.brainsim.regions.lockstep.RegionMXBean;
import org.brainsim.scenarios.record.RunManifest;
import org.brainsim.scenarios.tasks.TaskKernel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a run stands, as its listener hears it, its manifest says it and its {@link RunMXBean} shows it: how it ended
 * (the first reason wins), how far it got, and when the manifest was last written.
 */
final class RunProgress
{
    private final RunListener listener;
    private final Instant startedAt;
    private final long startNs;
    private RunManifest manifest;
    private TransportCounters counters;
    private String status = "completed";
    private String error;
    private boolean ended;
    private long stepsCompleted;
    private long lastWriteNs;
    private RunStatus bean;

    RunProgress(final RunListener listener, final Instant startedAt, final long startNs)
    {
        this.listener = listener;
        this.startedAt = startedAt;
        this.startNs = startNs;
    }

    void manifest(final RunManifest m)
    {
        this.manifest = m;
    }

    /** Shows the run over JMX from now on (until {@link #outcome}). */
    void bean(final RunStatus status)
    {
        this.bean = status;
    }

    void counters(final TransportCounters c)
    {
        this.counters = c;
    }

    /** The run stopped early: {@code status} and why (only the first call counts). */
    void end(final String endStatus, final String why)
    {
        if (!ended)
        {
            ended = true;
            status = endStatus;
            error = why;
        }
    }

    void stepsCompleted(final long steps)
    {
        stepsCompleted = steps;
    }

    long stepsCompleted()
    {
        return stepsCompleted;
    }

    /**
     * Tells the listener and the run's MBean how far the run got.
     *
     * @param statuses every node's figures, here and elsewhere (for the slowest).
     */
    void report(final TaskKernel task, final long step, final Map<String, RegionMXBean> statuses)
    {
        if (bean != null)
        {
            bean.update(step, task == null ? 0 : task.trialsScored(), task == null ? "" : task.phaseName(), statuses);
        }
        report(task, step);
    }

    /** Tells the listener how far the run got: trials of the task, or steps. */
    void report(final TaskKernel task, final long step)
    {
        if (task != null)
        {
            listener.trials(task.trialsScored(), task.phaseName(), task.lastError());
        }
        else
        {
            listener.progress(step);
        }
    }

    /** Rewrites the running manifest when it is older than {@code period}. */
    void maybeWrite(final long step, final Duration period)
    {
        if (System.nanoTime() - lastWriteNs >= period.toNanos())
        {
            try
            {
                writeRunning(step);
            }
            catch (final IOException ex)
            {
                // a progress report that cannot be written must not stop the run; the final one reports
            }
        }
    }

    /** Writes the manifest of a run that goes on: status {@code running}, {@code step} steps done. */
    void writeRunning(final long step) throws IOException
    {
        if (manifest != null)
        {
            lastWriteNs = System.nanoTime();
            manifest.write(new RunManifest.Status("running", null, step, startedAt, startNs, counters));
        }
    }

    /** Writes the manifest of the ended run: how it ended and where it stopped; the run's MBean goes. */
    void writeFinal() throws IOException
    {
        try
        {
            if (manifest != null)
            {
                manifest.write(new RunManifest.Status(status, error, stepsCompleted, startedAt, startNs, counters));
            }
        }
        finally
        {
            if (bean != null)
            {
                bean.end(status);
                bean.close();
                bean = null;
            }
        }
    }

    void writeQuietly()
    {
        try
        {
            writeFinal();
        }
        catch (final IOException ignored)
        {
            // the run's own error is the one to report
        }
    }

    RunOutcome outcome(final Path outDir)
    {
        return new RunOutcome(status, outDir, stepsCompleted, (System.nanoTime() - startNs) / 1e9, error);
    }
}
