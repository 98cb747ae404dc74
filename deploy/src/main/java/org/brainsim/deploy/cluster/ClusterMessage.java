package org.brainsim.deploy.cluster;

/** Marker of every message that crosses JVMs in cluster mode: {@link ClusterSerializer} encodes them (Kryo). */
public interface ClusterMessage
{
}
