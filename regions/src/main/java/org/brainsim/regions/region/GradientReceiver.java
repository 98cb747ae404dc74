package org.brainsim.regions.region;

import org.brainsim.objectives.ActivityLoss;
import org.brainsim.objectives.ReadoutLoss;
import org.brainsim.regions.network.RateNetwork;
import org.brainsim.regions.network.RateTrajectory;
import org.brainsim.regions.network.RegionNetwork;
import org.brainsim.regions.network.SpikingNetwork;
import org.brainsim.regions.network.SpikingTrajectory;
import org.brainsim.regions.network.Trajectory;
import org.brainsim.regions.rules.Backward;
import org.brainsim.regions.rules.Gradients;
import org.brainsim.regions.rules.RateBptt;
import org.brainsim.regions.rules.SpikingBptt;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The upstream end of exact cross-region BPTT: a region without objectives of its own keeps each trial it ran (its
 * trajectory and the weights it ran at), collects what a downstream region sends back on its gradient link — the
 * gradient of that region's loss with respect to each step of this region's activity ({@link GradientFrames}) —
 * and, once the downstream region has sent everything about a trial, back-propagates it through that trial at the
 * weights the trial ran at ({@link RateBptt#backward}, {@link SpikingBptt#backward}). The gradients are applied at
 * the start of the next trial, so a trial's weights never change while it runs: the update of trial j lands one trial
 * or more after it ends (the gradients have to travel back first), and is exact for the weights trial j ran at. It is
 * scaled by the smaller of the plasticity gates trial j ran under and the one in force when it lands, so that no
 * update comes from a frozen trial (which is not back-propagated) or lands in a frozen phase. Gradients that arrive about the trial still running (D's trial ends after U's next one began) are kept
 * for it.
 *
 * <p>Not thread-safe: the region's thread.
 */
public final class GradientReceiver
{
    /** Trials kept while their gradients travel; an older one is dropped (counted) when more are waiting. */
    public static final int KEEP = 4;

    private final RegionNetwork network;
    private final Learner learner;
    private final int batch;
    private final int width;
    private final int chunk;
    private final int capacity;
    private final List<Kept> kept = new ArrayList<>();
    private INDArray[] weights;  // of the running trial
    private INDArray[] running;  // the gradients that arrived about the running trial, by step
    private double gate;         // the plasticity gate the running trial ran under
    private long start;
    private final List<Update> pending = new ArrayList<>();
    private long completed;
    private long dropped;
    private long malformed;

    /** One trial's gradients, applied under the plasticity gate the trial ran under. */
    private record Update(Gradients gradients, double gate)
    {
    }

    /** A trial that ran, waiting for its gradients. */
    private record Kept(long start, INDArray[] weights, double gate, Trajectory trajectory, INDArray[] errors)
    {
        boolean contains(final long step)
        {
            return step >= start && step < start + trajectory.steps();
        }
    }

    /**
     * @param rowWidth   values per batch row of the inbound gradient link.
     * @param trialSteps the longest trial.
     */
    GradientReceiver(
        final RegionNetwork network, final Learner learner, final int batch, final int rowWidth, final int trialSteps)
    {
        this.network = network;
        this.capacity = trialSteps;
        this.learner = learner;
        this.batch = batch;
        this.width = network.units();
        this.chunk = (rowWidth - GradientFrames.HEADER) / width;
        if (chunk < 1 || GradientFrames.rowWidth(chunk, width) != rowWidth)
        {
            throw new IllegalArgumentException("gradient link width " + rowWidth + " (expected: " +
                GradientFrames.HEADER + " + chunk × " + width + ", the region's units)");
        }
    }

    /**
     * A trial starts at {@code step}: the gradients completed since the last start are applied, then the weights kept.
     *
     * @return whether an update was applied.
     */
    boolean startTrial(final long step)
    {
        final boolean applied = !pending.isEmpty();
        for (final Update u : pending)
        {
            // neither into a frozen phase nor from one: the smaller of the two gates
            learner.learn(u.gradients(), Math.min(u.gate(), learner.plasticity()));
        }
        pending.clear();
        final INDArray[] params = network.parameters();
        weights = new INDArray[params.length];
        for (int i = 0; i < params.length; i++)
        {
            weights[i] = params[i].dup();
        }
        start = step;
        gate = learner.plasticity();
        running = new INDArray[capacity];
        return applied;
    }

    /** The running trial ended: it is kept (a copy: the live trajectory's buffers are reused). */
    void endTrial(final Trajectory live)
    {
        if (weights == null)
        {
            return;
        }
        kept.add(new Kept(start, weights, gate, copy(live), java.util.Arrays.copyOf(running, live.steps())));
        weights = null;
        running = null;
        if (kept.size() > KEEP)
        {
            kept.remove(0);
            dropped++;
        }
    }

    /** Takes one step's frame of the gradient link. */
    void take(final float[] frame)
    {
        final int count = (int)frame[0];
        if (count == 0)
        {
            return;
        }
        if (count < 0 || count > chunk || !(frame[3] == 0 || frame[3] == 1))
        {
            malformed++; // not what a sender writes: counted and dropped
            return;
        }
        final long first = GradientFrames.step(frame[1], frame[2]);
        final int rowWidth = GradientFrames.rowWidth(chunk, width);
        for (int r = 0; r < count; r++)
        {
            final long step = first + r;
            INDArray[] errors = null;
            int t = 0;
            for (final Kept k : kept)
            {
                if (k.contains(step))
                {
                    errors = k.errors();
                    t = (int)(step - k.start());
                }
            }
            if (errors == null && running != null && step >= start && step - start < capacity)
            {
                errors = running; // about a step of the trial now running (D's trial ends after U's began anew)
                t = (int)(step - start);
            }
            if (errors != null)
            {
                final float[] values = new float[batch * width];
                for (int b = 0; b < batch; b++)
                {
                    System.arraycopy(frame, b * rowWidth + GradientFrames.HEADER + r * width, values, b * width,
                        width);
                }
                final INDArray g = Nd4j.create(values, new long[] {batch, width}, DataType.FLOAT)
                    .castTo(network.dtype());
                errors[t] = errors[t] == null ? g : errors[t].addi(g);
            }
        }
        if (frame[3] == 1)
        {
            // the downstream trial's sequence is complete: nothing more can come about steps up to its last row
            final long last = first + count - 1;
            for (final Iterator<Kept> it = kept.iterator(); it.hasNext(); )
            {
                final Kept k = it.next();
                if (k.start() + k.trajectory().steps() - 1 <= last)
                {
                    it.remove();
                    backpropagate(k);
                }
            }
        }
    }

    private void backpropagate(final Kept k)
    {
        boolean any = false;
        for (final INDArray e : k.errors())
        {
            any |= e != null;
        }
        if (!any || k.gate() == 0)
        {
            return; // no downstream trial judged this one's activity, or it ran frozen
        }
        final INDArray[] params = network.parameters();
        final INDArray[] now = new INDArray[params.length];
        for (int i = 0; i < params.length; i++)
        {
            now[i] = params[i].dup();
            params[i].assign(k.weights()[i]); // the weights the trial ran at
        }
        final Gradients g;
        try
        {
            g = backward(network, k.trajectory(), ReadoutLoss.NONE, null, k.errors()).gradients();
        }
        finally
        {
            for (int i = 0; i < params.length; i++)
            {
                params[i].assign(now[i]);
            }
        }
        pending.add(new Update(g, k.gate()));
        completed++;
    }

    /**
     * Full BPTT of one region of an acyclic graph: its weight gradients and its input errors.
     *
     * @param activity       the trial's activity loss (spiking regions), or {@code null}.
     * @param activityErrors per step, what the loss owes to the region's activity through other regions, or {@code null}.
     */
    static Backward backward(
        final RegionNetwork network, final Trajectory trajectory, final ReadoutLoss readout, final ActivityLoss activity,
        final INDArray[] activityErrors)
    {
        if (network instanceof SpikingNetwork s)
        {
            return SpikingBptt.backward(s, (SpikingTrajectory)trajectory, readout,
                new SpikingBptt.Options(Integer.MAX_VALUE, false, false, activity), activityErrors);
        }
        return RateBptt.backward((RateNetwork)network, (RateTrajectory)trajectory, readout, activityErrors);
    }

    /** @return trials back-propagated so far. */
    long completed()
    {
        return completed;
    }

    /** @return trials dropped before their gradients arrived. */
    long dropped()
    {
        return dropped;
    }

    /** @return gradient frames dropped because their header made no sense. */
    long malformed()
    {
        return malformed;
    }

    /** @return the gradients completed since the last trial start, not yet applied, in order of completion. */
    List<Gradients> pending()
    {
        return pending.stream().map(Update::gradients).toList();
    }

    private static Trajectory copy(final Trajectory t)
    {
        if (t instanceof SpikingTrajectory s)
        {
            return new SpikingTrajectory(dup(s.x()), dup(s.v()), dup(s.a()), dup(s.z()), dup(s.psi()), dup(s.y()));
        }
        final RateTrajectory r = (RateTrajectory)t;
        return new RateTrajectory(dup(r.x()), r.aInitial() == null ? null : r.aInitial().dup(), dup(r.h()), dup(r.a()), dup(r.dPhi()), dup(r.y()));
    }

    private static INDArray[] dup(final INDArray[] arrays)
    {
        final INDArray[] copy = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++)
        {
            copy[i] = arrays[i].dup();
        }
        return copy;
    }
}
