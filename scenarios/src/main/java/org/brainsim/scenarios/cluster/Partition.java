package org.brainsim.scenarios.cluster;

import org.brainsim.messaging.TransportContext;
import org.brainsim.regions.lockstep.Interventions;
import org.brainsim.regions.lockstep.RegionMXBean;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One JVM's share of a run spread over several (cluster mode). Every JVM builds the same graph from the same
 * scenario; each runs only the nodes not in {@link #remote()}, and frames cross JVMs over Aeron UDP.
 *
 * <p>The submitting JVM runs the task and inputs, records everything and writes the manifest; its partition
 * has no {@link #forward()} sink. A cluster node runs the regions placed on it and forwards what they record
 * to the submitter through {@link #forward()}.
 */
public interface Partition
{
    /** @return the graph nodes that run in other JVMs, each with the Aeron UDP endpoint ({@code host:port}) of its JVM. */
    Map<String, String> remote();

    /** @return this JVM's transport settings, with the UDP endpoint it receives on. */
    TransportContext transport();

    /** @return where this JVM's nodes send what they record, or {@code null} when it records itself (the submitter). */
    RecordSink forward();

    /**
     * @return (submitter only) completes when every other part has finished; completes exceptionally with a
     * message naming the node and its regions when one failed or was lost. {@code null} on a cluster node.
     */
    CompletableFuture<Void> others();

    /** (submitter only) Tells the other parts to stop: the run is over or was cancelled here. */
    void stopOthers();

    /**
     * @return (submitter) where each region ran, for the manifest: {@code placement} (region → node name),
     * {@code nodes} (node name → Akka address), {@code aeron_endpoints}; empty on a cluster node.
     */
    default Map<String, Map<String, String>> placement()
    {
        return Map.of();
    }

    /**
     * Links this JVM's live changes to the run's event log: a node sends every change its regions apply to the
     * submitter, which records them ({@link Interventions#record}).
     */
    default void connect(final Interventions interventions)
    {
    }

    /** (submitter) Pauses ({@code true}) or resumes the other parts' nodes. */
    default void pauseOthers(final boolean pause)
    {
    }

    /** @return (submitter) the latest figures the nodes sent of the regions they run, by region. */
    default Map<String, RegionMXBean> remoteStatuses()
    {
        return Map.of();
    }
}
