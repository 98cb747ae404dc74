package org.brainsim.deploy.cluster;

import akka.actor.typed.ActorRef;
import org.brainsim.regions.lockstep.Intervention;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * The control messages of cluster mode (Akka, Artery TCP). Frames of the simulation never travel here: they go
 * over Aeron. Collections are concrete types so that the Kryo codec can register every class it may meet.
 */
public final class Protocol
{
    private Protocol()
    {
    }

    /**
     * A scenario as submitted: enough for every node to build the same graph.
     *
     * @param text       the scenario file's text.
     * @param source     its file name (for messages).
     * @param name       the scenario's name.
     * @param overrides  {@code --set} overrides, in order.
     * @param steps      steps to run (after {@code --steps}).
     * @param trialLimit trial limit (after {@code --trials}).
     * @param threads    thread mode name.
     * @param stallTimeoutMs the run's stall timeout ({@code RunSettings}), ms.
     * @param replay     live changes to replay ({@code --events}), as lines of an event log; each region's node
     *                   applies its own.
     */
    public record RunRequest(
        String text, String source, String name, ArrayList<String> overrides, long steps, long trialLimit,
        String threads, long stallTimeoutMs, ArrayList<String> replay)
    {
    }

    /** What the coordinator singleton takes. */
    public interface CoordinatorCommand extends ClusterMessage
    {
    }

    /** A node's agent announces itself (again every few seconds, so a moved singleton learns of it). */
    public record Register(String name, String udpEndpoint, String address, ActorRef<AgentCommand> agent)
        implements CoordinatorCommand
    {
    }

    /** Asks for the names of the nodes that can take regions. */
    public record ListNodes(ActorRef<Nodes> replyTo) implements CoordinatorCommand
    {
    }

    /** The nodes that can take regions, by name. */
    public record Nodes(ArrayList<String> names) implements ClusterMessage
    {
    }

    /**
     * Submits a run.
     *
     * @param submitterEndpoint the Aeron UDP endpoint where the submitter's nodes (task, inputs) receive.
     * @param submitterAddress  the submitter's Akka address (nodes stop their part when it is lost).
     */
    public record Submit(
        String runId, RunRequest request, String submitterEndpoint, String submitterAddress,
        ActorRef<SubmitterEvent> submitter) implements CoordinatorCommand
    {
    }

    /** What a node's agent takes. */
    public interface AgentCommand extends ClusterMessage
    {
    }

    /**
     * Run the regions in {@code hosted}; every other graph node runs at the endpoint in {@code remote}.
     */
    public record Host(
        String runId, RunRequest request, ArrayList<String> hosted, HashMap<String, String> remote,
        ActorRef<SubmitterEvent> submitter, String submitterAddress) implements AgentCommand
    {
    }

    /** Stop the part of run {@code runId} (the run ended, failed or was cancelled). */
    public record Stop(String runId) implements AgentCommand
    {
    }

    /** What the submitter takes. */
    public interface SubmitterEvent extends ClusterMessage
    {
    }

    /**
     * Where the coordinator placed the regions.
     *
     * @param placement region → node name.
     * @param endpoints node name → Aeron UDP endpoint.
     * @param addresses node name → Akka address.
     * @param agents    node name → agent.
     */
    public record Placed(
        String runId, LinkedHashMap<String, String> placement, HashMap<String, String> endpoints,
        HashMap<String, String> addresses, HashMap<String, ActorRef<AgentCommand>> agents) implements SubmitterEvent
    {
    }

    /** The run was refused; {@code badInput}: a mistake in the scenario (exit code 2). */
    public record Rejected(String runId, String reason, boolean badInput) implements SubmitterEvent
    {
    }

    /** Recorded steps of a node running elsewhere ({@link org.brainsim.scenarios.cluster.RecordSink#steps}). */
    public record Steps(String runId, String node, String stream, long[] steps, int rows, int width, float[] values)
        implements SubmitterEvent
    {
    }

    /**
     * A completed trial of a region running elsewhere; the arrays its objectives recorded beside the scores as four
     * parallel arrays (keys, descriptions, item shapes, values).
     */
    public record Trial(
        String runId, String region, long trial, int phase, double loss, double accuracy, double[] terms,
        float[][] params, long[][] shapes, String[] arrayKeys, String[] arrayDescriptions, long[][] arrayItems,
        float[][] arrayValues) implements SubmitterEvent
    {
    }

    /** A lesion a phase applied to a region running elsewhere. */
    public record Lesion(String runId, String region, int phase, String target, double fraction, int[] indices)
        implements SubmitterEvent
    {
    }

    /**
     * A live change ({@link Intervention}) a region running elsewhere applied, for the run's event log.
     *
     * @param lesion a lesion's candidates ({@link Intervention#lesionKey}), {@code null} otherwise.
     */
    public record Change(String runId, long step, String target, String what, double value, String lesion,
                         double old, String source) implements SubmitterEvent
    {
        static Change of(final String runId, final Intervention e)
        {
            return new Change(runId, e.step(), e.target(), e.what().key(), e.value(),
                e.lesion() == null ? null : Intervention.lesionKey(e.lesion()), e.old(), e.source());
        }

        Intervention change()
        {
            return new Intervention(step, target, Intervention.Kind.of(what), value,
                lesion == null ? null : Intervention.lesionTarget(lesion), old, source);
        }
    }

    /** The figures of a region or input running on a node (its MBean's), sent every second to the submitter. */
    public record Status(
        String runId, String name, String type, long step, double stepsPerSecond, double meanActivity,
        int framesWaiting, long rejected, long trial, int phase, double loss, double lossMean, double plasticity,
        double learningRate, double lesionedUnits, double stepP50, double stepP99, double stepMax, double rateHz,
        double reward)
        implements SubmitterEvent
    {
    }

    /** Pause ({@code true}) or resume the part of run {@code runId} (the submitter's run was paused or resumed). */
    public record Pause(String runId, boolean pause) implements AgentCommand
    {
    }

    /** A live change asked for at the submitter (its mirror of the region's MBean), for the node that runs the region. */
    public record Request(String runId, Change change) implements AgentCommand
    {
    }

    /**
     * A node's part of the run ended; sent after everything it recorded.
     *
     * @param status {@code completed}, {@code cancelled} or {@code failed}.
     */
    public record PartFinished(String runId, String node, String status, String error, long steps)
        implements SubmitterEvent
    {
    }
}
