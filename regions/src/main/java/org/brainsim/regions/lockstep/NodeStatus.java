package org.brainsim.regions.lockstep;

import org.HdrHistogram.Histogram;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * The live figures of one node: written by the node's thread after each step, read by JMX clients and
 * by the run's stall watchdog from any thread.
 */
public final class NodeStatus implements RegionMXBean
{
    private static final long RATE_WINDOW_NS = 1_000_000_000L;
    /** Longest step time the histogram tells apart (a longer one counts as this). */
    private static final long MAX_STEP_NS = 60_000_000_000L;

    private final String name;
    private final String type;
    private volatile long step;
    private volatile double stepsPerSecond;
    private volatile double meanActivity;
    private volatile int inboundFramesWaiting;
    private volatile long rejectedFrames;
    private long windowStartNs;
    private final Histogram stepTimes = new Histogram(MAX_STEP_NS, 2); // node thread only
    private volatile double stepP50 = Double.NaN;
    private volatile double stepP99 = Double.NaN;
    private volatile double stepMax = Double.NaN;
    private double toHz = Double.NaN;
    private double activitySum;
    private long activitySteps;
    private volatile double rateHz = Double.NaN;
    private long windowStartStep;
    private ObjectName objectName;
    private final NodeControl control;
    private final TrialFigures figures;

    /**
     * @param name node name.
     * @param type JMX type key: {@code Region} or {@code Input}.
     */
    public NodeStatus(final String name, final String type)
    {
        this(name, type, null, null);
    }

    /**
     * @param control what an operator may change on the node, or {@code null} when it does not learn.
     * @param figures what it publishes after each trial, or {@code null} when it has no trials.
     */
    public NodeStatus(final String name, final String type, final NodeControl control, final TrialFigures figures)
    {
        this.name = name;
        this.type = type;
        this.control = control;
        this.figures = figures;
        this.windowStartNs = System.nanoTime();
    }

    /**
     * A step was computed (node thread).
     *
     * @param stepNs how long the node's kernel took for it.
     */
    void update(final long completedSteps, final double meanActivity, final int framesWaiting, final long rejected,
                final long stepNs)
    {
        stepTimes.recordValue(Math.max(1, Math.min(stepNs, MAX_STEP_NS)));
        activitySum += meanActivity;
        activitySteps++;
        final long now = System.nanoTime();
        final long elapsed = now - windowStartNs;
        if (elapsed >= RATE_WINDOW_NS)
        {
            stepsPerSecond = (completedSteps - windowStartStep) * 1e9 / elapsed;
            windowStartNs = now;
            windowStartStep = completedSteps;
            rateHz = activitySum / Math.max(1, activitySteps) * toHz;
            activitySum = 0;
            activitySteps = 0;
            stepP50 = stepTimes.getValueAtPercentile(50) / 1e3;
            stepP99 = stepTimes.getValueAtPercentile(99) / 1e3;
            stepMax = stepTimes.getMaxValue() / 1e3;
            stepTimes.reset();
        }
        else if (windowStartStep == 0 && elapsed > 0)
        {
            stepsPerSecond = completedSteps * 1e9 / elapsed; // first second: rate so far
        }
        this.meanActivity = meanActivity;
        this.inboundFramesWaiting = framesWaiting;
        this.rejectedFrames = rejected;
        this.step = completedSteps;
    }

    /**
     * @param factor turns the mean output of a step (spikes per unit and step) into Hz: 1000 / dt_ms for a spiking
     *               node, NaN for one that sends rates.
     * @return this status.
     */
    NodeStatus spikesPerStepToHz(final double factor)
    {
        this.toHz = factor;
        return this;
    }

    void inboundFramesWaiting(final int framesWaiting)
    {
        this.inboundFramesWaiting = framesWaiting;
    }

    /**
     * Registers this status on the platform MBean server.
     *
     * @throws IllegalStateException when a node of the same name and type is already registered.
     */
    void register()
    {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try
        {
            final ObjectName on = objectName(type, name);
            server.registerMBean(this, on);
            objectName = on;
        }
        catch (final InstanceAlreadyExistsException ex)
        {
            throw new IllegalStateException(
                "an MBean " + ex.getMessage() + " is already registered: is another run with a node named " + name +
                    " going in this JVM?", ex);
        }
        catch (final JMException ex)
        {
            throw new IllegalStateException("cannot register MBean for node " + name, ex);
        }
    }

    void unregister()
    {
        if (objectName != null)
        {
            try
            {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
            }
            catch (final JMException ignored)
            {
                // already gone: nothing to release
            }
            objectName = null;
        }
    }

    /**
     * @return the JMX name of a node: {@code org.brainsim:type=<type>,name=<name>}.
     */
    public static ObjectName objectName(final String type, final String name)
    {
        try
        {
            final String value = name.matches("[A-Za-z0-9_.-]+") ? name : ObjectName.quote(name);
            return new ObjectName("org.brainsim:type=" + type + ",name=" + value);
        }
        catch (final JMException ex)
        {
            throw new IllegalArgumentException("name: " + name + " (not usable in a JMX name)", ex);
        }
    }

    /** @return its JMX type key: {@code Region} or {@code Input}. */
    public String type()
    {
        return type;
    }

    @Override
    public String getName()
    {
        return name;
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
    public double getRateHz()
    {
        return rateHz;
    }

    @Override
    public double getReward()
    {
        return figures == null ? Double.NaN : figures.reward();
    }

    @Override
    public double getStepTimeP50Micros()
    {
        return stepP50;
    }

    @Override
    public double getStepTimeP99Micros()
    {
        return stepP99;
    }

    @Override
    public double getStepTimeMaxMicros()
    {
        return stepMax;
    }

    @Override
    public double getMeanActivity()
    {
        return meanActivity;
    }

    @Override
    public int getInboundFramesWaiting()
    {
        return inboundFramesWaiting;
    }

    @Override
    public long getRejectedFrames()
    {
        return rejectedFrames;
    }

    @Override
    public long getTrial()
    {
        return figures == null ? -1 : figures.trials();
    }

    @Override
    public int getPhase()
    {
        return figures == null ? -1 : figures.phase();
    }

    @Override
    public double getLoss()
    {
        return figures == null ? Double.NaN : figures.loss();
    }

    @Override
    public double getLossMean()
    {
        return figures == null ? Double.NaN : figures.lossMean();
    }

    @Override
    public double getPlasticity()
    {
        return control == null ? Double.NaN : control.plasticity();
    }

    @Override
    public void setPlasticity(final double gate)
    {
        request(Intervention.Kind.PLASTICITY, gate, null, control == null ? Double.NaN : control.plasticity());
    }

    @Override
    public double getLearningRate()
    {
        return control == null ? Double.NaN : control.learningRate();
    }

    @Override
    public void setLearningRate(final double rate)
    {
        request(Intervention.Kind.LEARNING_RATE, rate, null, control == null ? Double.NaN : control.learningRate());
    }

    @Override
    public double getLesionedUnits()
    {
        return control == null ? 0 : control.lesionedUnits();
    }

    @Override
    public void lesion(final String what, final double fraction)
    {
        final org.brainsim.regions.network.Lesion.Target target = Intervention.lesionTarget(what);
        if (target == null)
        {
            throw new IllegalArgumentException("lesion of " + name + ": " + what + " (expected: units, lif_units, " +
                "alif_units, recurrent_synapses or input_synapses)");
        }
        request(Intervention.Kind.LESION, fraction, target, Double.NaN);
    }

    private void request(final Intervention.Kind what, final double value,
                         final org.brainsim.regions.network.Lesion.Target lesion, final double old)
    {
        if (control == null)
        {
            throw new IllegalArgumentException("node " + name + " does not learn: it takes no live changes");
        }
        try
        {
            control.request(new Intervention(-1, name, what, value, lesion, old, "jmx"));
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex); // JMX clients see the reason
        }
    }
}
