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
 * or more after it ends (the gradients have to travel back first), and is exact for the weights trial j ran at.
 *
 * <p>Not thread-safe: the region's thread.
 */
final class GradientReceiver
{
    /** Trials kept while their gradients travel; an older one is dropped (counted) when more are waiting. */
    static final int KEEP = 4;

    private final RegionNetwork network;
    private final Learner learner;
    private final int batch;
    private final int width;
    private final int chunk;
    private final List<Kept> kept = new ArrayList<>();
    private INDArray[] weights; // of the running trial
    private long start;
    private Gradients pending;
    private long completed;
    private long dropped;

    /** A trial that ran, waiting for its gradients. */
    private record Kept(long start, INDArray[] weights, Trajectory trajectory, INDArray[] errors)
    {
        boolean contains(final long step)
        {
            return step >= start && step < start + trajectory.steps();
        }
    }

    /** @param rowWidth values per batch row of the inbound gradient link. */
    GradientReceiver(final RegionNetwork network, final Learner learner, final int batch, final int rowWidth)
    {
        this.network = network;
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

    /** A trial starts at {@code step}: the gradients completed since the last start are applied, then the weights kept. */
    void startTrial(final long step)
    {
        if (pending != null)
        {
            learner.learn(pending);
            pending = null;
        }
        final INDArray[] params = network.parameters();
        weights = new INDArray[params.length];
        for (int i = 0; i < params.length; i++)
        {
            weights[i] = params[i].dup();
        }
        start = step;
    }

    /** The running trial ended: it is kept (a copy: the live trajectory's buffers are reused). */
    void endTrial(final Trajectory live)
    {
        if (weights == null)
        {
            return;
        }
        kept.add(new Kept(start, weights, copy(live), new INDArray[live.steps()]));
        weights = null;
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
        final long first = GradientFrames.step(frame[1], frame[2]);
        final int rowWidth = GradientFrames.rowWidth(chunk, width);
        for (int r = 0; r < count; r++)
        {
            final long step = first + r;
            for (final Kept k : kept)
            {
                if (k.contains(step))
                {
                    final float[] values = new float[batch * width];
                    for (int b = 0; b < batch; b++)
                    {
                        System.arraycopy(frame, b * rowWidth + GradientFrames.HEADER + r * width, values, b * width,
                            width);
                    }
                    final INDArray g = Nd4j.create(values, new long[] {batch, width}, DataType.FLOAT)
                        .castTo(network.dtype());
                    final int t = (int)(step - k.start());
                    k.errors()[t] = k.errors()[t] == null ? g : k.errors()[t].addi(g);
                }
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
        if (!any)
        {
            return; // no downstream trial judged this one's activity
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
        pending = pending == null ? g : sum(pending, g);
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

    /** @return the gradients completed since the last trial start, not yet applied ({@code null}: none). */
    Gradients pending()
    {
        return pending;
    }

    private static Gradients sum(final Gradients a, final Gradients b)
    {
        return new Gradients(a.in().add(b.in()), a.rec().add(b.rec()), a.bias() == null ? null : a.bias().add(b.bias()),
            a.out().add(b.out()), a.outBias().add(b.outBias()));
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
