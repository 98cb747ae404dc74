/**
 * The wire protocol between nodes: immutable frame records, their Kryo codec and the Aeron transport
 * (embedded media driver, IPC and UDP channels, back-pressure, fragment assembly, counters).
 * No ND4J and no Akka here: a frame holds primitive arrays only.
 */
package org.brainsim.messaging;
