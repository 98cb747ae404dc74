package org.brainsim.regions.lockstep;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import org.brainsim.messaging.ActionValuesFrame;
import org.brainsim.messaging.CreditFrame;
import org.brainsim.messaging.ErrorFrame;
import org.brainsim.messaging.ModulatorFrame;
import org.brainsim.messaging.RewardFrame;
import org.brainsim.messaging.Frame;
import org.brainsim.messaging.FrameSender;
import org.brainsim.messaging.RateFrame;
import org.brainsim.messaging.SpikeFrame;

/**
 * One node of the lockstep graph as an Akka Typed actor: gathers inbound frames, steps its
 * {@link NodeKernel} when the {@link LockstepGate} allows, emits its output on every outbound link and
 * credits its producers. Frames arrive from the transport's receiver thread as {@link FrameArrived}
 * messages; the kernel runs on this actor's own dispatcher thread only.
 *
 * <p>A failure (a send that could not be delivered, a kernel error) stops the actor; its parent sees
 * it as {@code ChildFailed} with the cause.
 */
public final class LockstepNode extends AbstractBehavior<LockstepNode.Command>
{
    /** Steps computed per message before yielding to the mailbox (keeps JMX and stop responsive). */
    static final int MAX_STEPS_PER_MESSAGE = 64;

    /** The node's protocol. */
    public interface Command
    {
    }

    /**
     * Starts stepping.
     *
     * @param replyTo told once every step is done.
     */
    public record Start(ActorRef<Finished> replyTo) implements Command
    {
    }

    /**
     * A frame for this node came off the wire.
     *
     * @param frame a data frame of an inbound link or a credit of an outbound link.
     */
    public record FrameArrived(Frame frame) implements Command
    {
    }

    /**
     * Reply to {@link Start}: every step of the run is done.
     *
     * @param node  node name.
     * @param steps steps computed.
     */
    public record Finished(String node, long steps)
    {
    }

    private enum Continue implements Command
    {
        INSTANCE
    }

    /**
     * Everything a node is made of.
     *
     * @param name          unique node name.
     * @param kernel        what it computes.
     * @param gate          its lockstep rules.
     * @param dataSenders   one sender per outbound link, in the gate's outbound order.
     * @param creditSenders one sender per inbound link, in {@link LockstepGate#inbound()} order (to its producer).
     * @param observer      sees every step's output.
     * @param status        live figures, registered over JMX while the node runs.
     */
    public record Parts(
        String name, NodeKernel kernel, LockstepGate gate, OutboundLink[] outbound, FrameSender[] dataSenders,
        FrameSender[] creditSenders, StepObserver observer, NodeStatus status, PauseSwitch pause)
    {
    }

    private final Parts parts;
    private final LockstepGate gate;
    private final NodeKernel kernel;
    private final InboundLink[] inbound;
    private final float[][] inputs;
    private final float[] output;
    private ActorRef<Finished> replyTo;
    private boolean continuePending;

    /**
     * @param parts the node's kernel, rules and wiring.
     */
    public static Behavior<Command> create(final Parts parts)
    {
        return Behaviors.setup(context -> new LockstepNode(context, parts));
    }

    private LockstepNode(final ActorContext<Command> context, final Parts parts)
    {
        super(context);
        this.parts = parts;
        this.gate = parts.gate();
        this.kernel = parts.kernel();
        this.inbound = gate.inbound();
        this.inputs = new float[inbound.length][];
        for (int i = 0; i < inbound.length; i++)
        {
            inputs[i] = new float[kernel.batchSize() * inbound[i].width()];
        }
        this.output = new float[kernel.batchSize() * kernel.width()];
        parts.status().register();
    }

    @Override
    public Receive<Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(Start.class, this::onStart)
            .onMessage(FrameArrived.class, this::onFrameArrived)
            .onMessageEquals(Continue.INSTANCE, this::onContinue)
            .onSignal(PostStop.class, signal -> onPostStop())
            .build();
    }

    private Behavior<Command> onStart(final Start start)
    {
        this.replyTo = start.replyTo();
        final ActorRef<Command> self = getContext().getSelf();
        parts.pause().onResume(() -> self.tell(Continue.INSTANCE));
        return advance();
    }

    private Behavior<Command> onFrameArrived(final FrameArrived arrived)
    {
        if (!gate.offer(arrived.frame()))
        {
            getContext().getLog().warn("node {}: dropped out-of-protocol frame {}", parts.name(), arrived.frame());
        }
        parts.status().inboundFramesWaiting(gate.framesWaiting());
        return replyTo == null ? this : advance();
    }

    private Behavior<Command> onContinue()
    {
        continuePending = false;
        return advance();
    }

    private Behavior<Command> advance()
    {
        if (gate.finished())
        {
            return this;
        }
        int budget = MAX_STEPS_PER_MESSAGE;
        while (budget-- > 0 && gate.ready() && !parts.pause().paused())
        {
            stepOnce(); // paused: the resume's Continue starts it again
        }
        if (gate.finished())
        {
            replyTo.tell(new Finished(parts.name(), gate.nextStep()));
        }
        else if (gate.ready() && !continuePending && !parts.pause().paused())
        {
            continuePending = true;
            getContext().getSelf().tell(Continue.INSTANCE);
        }
        return this;
    }

    private void stepOnce()
    {
        final long step = gate.nextStep();
        gate.gather(inputs);
        final long startNs = System.nanoTime();
        kernel.step(step, inputs, output);
        final long stepNs = System.nanoTime() - startNs;
        gate.advance();
        parts.observer().onStep(step, output);
        emit(step);
        if (gate.shouldCredit(step))
        {
            for (int i = 0; i < inbound.length; i++)
            {
                send(parts.creditSenders()[i], new CreditFrame(inbound[i].linkId(), step));
            }
        }
        parts.status().update(step + 1, mean(output), gate.framesWaiting(), gate.rejectedFrames(), stepNs);
    }

    private void emit(final long step)
    {
        // A sender encodes a frame before send returns and keeps none of its arrays (FrameSender#send), so the
        // frames wrap the kernel's live arrays: no copy per step (a 32 KiB copy and allocation per frame at N = 256,
        // batch 32, docs/benchmarks.md)
        final OutboundLink[] outbound = parts.outbound();
        long[] bits = null;
        for (int o = 0; o < outbound.length; o++)
        {
            if (!gate.shouldSend(outbound[o], step))
            {
                continue;
            }
            final Frame frame;
            final LinkKind kind = outbound[o].kind();
            if (kind == LinkKind.ERROR)
            {
                frame = new ErrorFrame(outbound[o].linkId(), step, kernel.batchSize(), kernel.errorWidth(),
                    kernel.error());
            }
            else if (kind == LinkKind.MODULATOR)
            {
                frame = new ModulatorFrame(outbound[o].linkId(), step, kernel.batchSize(), kernel.portWidth(kind),
                    kernel.port(kind));
            }
            else if (kind == LinkKind.VALUES)
            {
                final float[] dense = kernel.port(kind);
                final int actions = kernel.portWidth(kind) / 2;
                final float[] values = new float[kernel.batchSize() * actions];
                final float[] variances = new float[values.length];
                for (int b = 0; b < kernel.batchSize(); b++)
                {
                    System.arraycopy(dense, b * 2 * actions, values, b * actions, actions);
                    System.arraycopy(dense, b * 2 * actions + actions, variances, b * actions, actions);
                }
                frame = new ActionValuesFrame(outbound[o].linkId(), step, kernel.batchSize(), actions, values,
                    variances);
            }
            else if (kind == LinkKind.REWARD)
            {
                frame = RewardFrame.fromDense(outbound[o].linkId(), step, kernel.batchSize(), kernel.port(kind));
            }
            else if (kind != LinkKind.ACTIVITY)
            {
                // Targets, readouts and control values: dense rows
                frame = new RateFrame(outbound[o].linkId(), step, kernel.batchSize(), kernel.portWidth(kind),
                    kernel.port(kind));
            }
            else if (kernel.spiking())
            {
                if (bits == null)
                {
                    bits = SpikeFrame.fromDense(outbound[o].linkId(), step, kernel.batchSize(), kernel.width(), output)
                        .bits();
                }
                frame = new SpikeFrame(outbound[o].linkId(), step, kernel.batchSize(), kernel.width(), bits);
            }
            else
            {
                frame = new RateFrame(outbound[o].linkId(), step, kernel.batchSize(), kernel.width(), output);
            }
            send(parts.dataSenders()[o], frame);
        }
    }

    private void send(final FrameSender sender, final Frame frame)
    {
        if (!sender.send(frame))
        {
            throw new LinkFailedException("node " + parts.name() + ": could not send " + frame + " on " +
                sender.channel() + " stream " + sender.streamId() +
                " (dropped after retries: is the consumer alive and polling?)");
        }
    }

    private static final boolean LANES = org.brainsim.objectives.Simd.enabled();

    /**
     * The mean of a step's output, a live figure only (JMX): on vector lanes when enabled (a float partial sum per
     * lane), else four partial sums in double, so the adds do not wait on each other.
     */
    static double mean(final float[] values)
    {
        if (LANES)
        {
            return values.length == 0 ? 0 : MeanLanes.sum(values) / values.length;
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        final int n = values.length;
        int i = 0;
        for (; i + 3 < n; i += 4)
        {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < n; i++)
        {
            s0 += values[i];
        }
        return n == 0 ? 0 : (s0 + s1 + s2 + s3) / n;
    }

    private Behavior<Command> onPostStop()
    {
        parts.status().unregister();
        kernel.close();
        return this;
    }
}
