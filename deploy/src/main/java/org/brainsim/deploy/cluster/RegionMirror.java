package org.brainsim.deploy.cluster;

import org.brainsim.regions.lockstep.Intervention;
import org.brainsim.regions.lockstep.NodeStatus;
import org.brainsim.regions.lockstep.RegionMXBean;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;

/**
 * At the submitter of a cluster run, the MBean of a region (or input) that runs on a node: the figures the node sent
 * last (every second), and changes passed on to that node, whose region applies and logs them. So one JMX port, the
 * submitter's, shows and steers the whole run.
 */
final class RegionMirror implements RegionMXBean
{
    private final String name;
    private final ObjectName objectName;
    private final Consumer<Intervention> toNode;
    private volatile Protocol.Status last;
    private boolean registered;

    /** @param toNode sends a change to the node that runs the region. */
    RegionMirror(final Protocol.Status first, final Consumer<Intervention> toNode)
    {
        this.name = first.name();
        this.objectName = NodeStatus.objectName(first.type(), first.name());
        this.toNode = toNode;
        this.last = first;
    }

    /** @return this mirror, registered (or not, when this JVM has a bean of that name already: it keeps it). */
    synchronized RegionMirror register()
    {
        try
        {
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, objectName);
            registered = true;
        }
        catch (final JMException ex)
        {
            // a node of the same name runs in this JVM: its own bean is the one to show
        }
        return this;
    }

    synchronized void unregister()
    {
        if (!registered)
        {
            return; // the name belongs to another bean
        }
        registered = false;
        try
        {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        }
        catch (final JMException ignored)
        {
            // not registered, or already gone
        }
    }

    void update(final Protocol.Status s)
    {
        last = s;
    }

    private void request(final Intervention.Kind what, final double value, final String lesion, final double now)
    {
        if (Double.isNaN(now) && what != Intervention.Kind.LESION)
        {
            throw new IllegalArgumentException("node " + name + " does not learn: it takes no live changes");
        }
        final org.brainsim.regions.network.Lesion.Target target = lesion == null ? null :
            Intervention.lesionTarget(lesion);
        if (lesion != null && target == null)
        {
            throw new IllegalArgumentException("lesion of " + name + ": " + lesion + " (expected: units, lif_units, " +
                "alif_units, recurrent_synapses or input_synapses)");
        }
        toNode.accept(new Intervention(-1, name, what, value, target, Double.NaN, "jmx"));
    }

    @Override
    public String getName()
    {
        return name;
    }

    @Override
    public long getStep()
    {
        return last.step();
    }

    @Override
    public double getStepsPerSecond()
    {
        return last.stepsPerSecond();
    }

    @Override
    public double getRateHz()
    {
        return last.rateHz();
    }

    @Override
    public double getReward()
    {
        return last.reward();
    }

    @Override
    public double getStepTimeP50Micros()
    {
        return last.stepP50();
    }

    @Override
    public double getStepTimeP99Micros()
    {
        return last.stepP99();
    }

    @Override
    public double getStepTimeMaxMicros()
    {
        return last.stepMax();
    }

    @Override
    public double getMeanActivity()
    {
        return last.meanActivity();
    }

    @Override
    public int getInboundFramesWaiting()
    {
        return last.framesWaiting();
    }

    @Override
    public long getRejectedFrames()
    {
        return last.rejected();
    }

    @Override
    public long getTrial()
    {
        return last.trial();
    }

    @Override
    public int getPhase()
    {
        return last.phase();
    }

    @Override
    public double getLoss()
    {
        return last.loss();
    }

    @Override
    public double getLossMean()
    {
        return last.lossMean();
    }

    @Override
    public double getPlasticity()
    {
        return last.plasticity();
    }

    @Override
    public void setPlasticity(final double gate)
    {
        request(Intervention.Kind.PLASTICITY, gate, null, last.plasticity());
    }

    @Override
    public double getLearningRate()
    {
        return last.learningRate();
    }

    @Override
    public void setLearningRate(final double rate)
    {
        request(Intervention.Kind.LEARNING_RATE, rate, null, last.learningRate());
    }

    @Override
    public double getLesionedUnits()
    {
        return last.lesionedUnits();
    }

    @Override
    public void lesion(final String what, final double fraction)
    {
        request(Intervention.Kind.LESION, fraction, what, Double.NaN);
    }

    /** @return the figures of a node's MBean, to send. */
    static Protocol.Status status(final String runId, final RegionMXBean b)
    {
        return new Protocol.Status(runId, b.getName(), b instanceof NodeStatus ns ? ns.type() : "Region", b.getStep(),
            b.getStepsPerSecond(), b.getMeanActivity(), b.getInboundFramesWaiting(), b.getRejectedFrames(),
            b.getTrial(), b.getPhase(), b.getLoss(), b.getLossMean(), b.getPlasticity(), b.getLearningRate(),
            b.getLesionedUnits(), b.getStepTimeP50Micros(), b.getStepTimeP99Micros(), b.getStepTimeMaxMicros(),
            b.getRateHz(), b.getReward());
    }
}
