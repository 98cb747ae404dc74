package org.brainsim.scenarios;

import org.brainsim.regions.lockstep.RegionMXBean;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** The figures of {@link RunMXBean}: written by the run's thread every progress period, read by JMX from any. */
final class RunStatus implements RunMXBean, AutoCloseable
{
    private final String scenario;
    private final Path directory;
    private final long startNs = System.nanoTime();
    private final long totalSteps;
    private volatile String status = "running";
    private volatile long step;
    private volatile double stepsPerSecond;
    private volatile long trials = -1;
    private volatile long trialsPlanned = -1;
    private volatile String phase = "";
    private volatile double eta = Double.NaN;
    private volatile String slowest = "";
    private ObjectName name;
    private final Consumer<Boolean> pauser;
    private volatile boolean paused;

    /** @param pauser pauses ({@code true}) and resumes the run. */
    RunStatus(final String scenario, final Path directory, final long totalSteps, final Consumer<Boolean> pauser)
    {
        this.scenario = scenario;
        this.directory = directory;
        this.totalSteps = totalSteps;
        this.pauser = pauser;
    }

    /** Registers the bean; a run whose name is taken in this JVM goes on without one. */
    RunStatus register()
    {
        try
        {
            final ObjectName on = new ObjectName("org.brainsim:type=Run,name=" +
                ObjectName.quote(directory.getFileName() == null ? scenario : directory.getFileName().toString()));
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, on);
            name = on;
        }
        catch (final JMException ex)
        {
            name = null; // another run of the same directory name in this JVM: it keeps the name
        }
        return this;
    }

    void plannedTrials(final long planned)
    {
        trials = 0;
        trialsPlanned = planned == Long.MAX_VALUE ? -1 : planned;
    }

    /**
     * @param statuses every region's and input's figures, here and (mirrored) elsewhere.
     */
    void update(final long minStep, final long trialsScored, final String phaseName,
                final Map<String, RegionMXBean> statuses)
    {
        step = minStep;
        String slow = "";
        long least = Long.MAX_VALUE;
        double rate = Double.NaN;
        for (final Map.Entry<String, RegionMXBean> e : statuses.entrySet())
        {
            final long s = e.getValue().getStep();
            if (s < least || s == least && e.getKey().compareTo(slow) < 0)
            {
                least = s;
                slow = e.getKey();
                rate = e.getValue().getStepsPerSecond();
            }
        }
        slowest = slow;
        stepsPerSecond = rate;
        final double elapsed = getElapsedSeconds();
        if (trials >= 0)
        {
            trials = trialsScored;
            phase = phaseName == null ? "" : phaseName;
            eta = trialsPlanned > 0 && trialsScored > 0 ? elapsed * (trialsPlanned - trialsScored) / trialsScored :
                Double.NaN;
        }
        else
        {
            eta = minStep > 0 ? elapsed * (totalSteps - minStep) / minStep : Double.NaN;
        }
    }

    void end(final String how)
    {
        status = how;
        eta = 0;
    }

    @Override
    public void close()
    {
        if (name != null)
        {
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            try
            {
                server.unregisterMBean(name);
            }
            catch (final JMException ignored)
            {
                // already gone
            }
            name = null;
        }
    }

    @Override
    public String getScenario()
    {
        return scenario;
    }

    @Override
    public String getDirectory()
    {
        return directory.toString();
    }

    @Override
    public String getStatus()
    {
        return paused && "running".equals(status) ? "paused" : status;
    }

    @Override
    public boolean isPaused()
    {
        return paused;
    }

    @Override
    public void pause()
    {
        paused = true;
        pauser.accept(true);
    }

    @Override
    public void resume()
    {
        paused = false;
        pauser.accept(false);
    }

    @Override
    public long getStep()
    {
        return step;
    }

    @Override
    public double getStepsPerSecond()
    {
        return stepsPerSecond;
    }

    @Override
    public long getTrials()
    {
        return trials;
    }

    @Override
    public long getTrialsPlanned()
    {
        return trialsPlanned;
    }

    @Override
    public String getPhase()
    {
        return phase;
    }

    @Override
    public double getElapsedSeconds()
    {
        return (System.nanoTime() - startNs) / 1e9;
    }

    @Override
    public double getEtaSeconds()
    {
        return eta;
    }

    @Override
    public String getSlowestRegion()
    {
        return slowest;
    }
}
