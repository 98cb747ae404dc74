package org.brainsim.deploy.cluster;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterSerializerTest
{
    private static ActorSystem<Void> system;
    private static ClusterSerializer serializer;

    @BeforeAll
    static void start()
    {
        system = ActorSystem.create(Behaviors.empty(), "serializer-test");
        serializer = new ClusterSerializer((ExtendedActorSystem)Adapter.toClassic(system));
    }

    @AfterAll
    static void stop()
    {
        system.terminate();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(final T message)
    {
        return (T)serializer.fromBinary(serializer.toBinary(message), serializer.manifest(message));
    }

    @Test
    void shouldCarryEveryMessageWithItsActorReferences()
    {
        final Protocol.RunRequest request = new Protocol.RunRequest("seed = 1", "a.conf", "a",
            new ArrayList<>(List.of("steps=5")), 5, Long.MAX_VALUE, "PER_NODE", 120_000, new ArrayList<>(List.of(
                "{\"step\":3,\"target\":\"v1\",\"what\":\"plasticity\",\"old\":1.0,\"new\":0.0,\"source\":\"jmx\"}")));
        final Protocol.Submit submit = roundTrip(new Protocol.Submit("r1", request, "10.0.0.1:4000",
            "akka://brainsim@10.0.0.1:3000", system.unsafeUpcast()));
        assertEquals(request, submit.request());
        assertEquals(system.path(), submit.submitter().path());

        final Protocol.Host host = roundTrip(new Protocol.Host("r1", request, new ArrayList<>(List.of("v1")),
            new HashMap<>(Map.of("pfc", "10.0.0.2:25520")), system.unsafeUpcast(), "akka://brainsim@10.0.0.1:3000"));
        assertEquals(List.of("v1"), host.hosted());
        assertEquals(Map.of("pfc", "10.0.0.2:25520"), host.remote());

        final LinkedHashMap<String, String> placement = new LinkedHashMap<>();
        placement.put("v1", "node-1");
        final Protocol.Placed placed = roundTrip(new Protocol.Placed("r1", placement,
            new HashMap<>(Map.of("node-1", "h:1")), new HashMap<>(Map.of("node-1", "akka://brainsim@h:1")),
            new HashMap<>()));
        assertEquals(placement, placed.placement());

        final Protocol.Steps steps = roundTrip(new Protocol.Steps("r1", "v1", "activity", new long[] {3, 4}, 1, 2,
            new float[] {1f, -0f, Float.NaN, Float.MIN_VALUE}));
        assertArrayEquals(new long[] {3, 4}, steps.steps());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(steps.values()[1]), "bits, not values");
        assertEquals(Float.MIN_VALUE, steps.values()[3]);

        final Protocol.Trial trial = roundTrip(new Protocol.Trial("r1", "ctx", 7, 1, 0.5, Double.NaN,
            new double[] {0.5, 1e-3}, new float[][] {{1, 2}}, new long[][] {{1, 2}}, new String[] {"arbitration/a/w"},
            new String[] {"weights"}, new long[][] {{1, 2}}, new float[][] {{0.25f, Float.NaN}}));
        assertArrayEquals(new float[] {1, 2}, trial.params()[0]);
        assertArrayEquals(new String[] {"arbitration/a/w"}, trial.arrayKeys());
        assertArrayEquals(new float[] {0.25f, Float.NaN}, trial.arrayValues()[0]);
        assertArrayEquals(new long[] {1, 2}, trial.arrayItems()[0]);
        assertArrayEquals(new double[] {0.5, 1e-3}, trial.terms());
        final Protocol.Lesion lesion = roundTrip(new Protocol.Lesion("r1", "ctx", 2, "alif-units", 0.5,
            new int[] {3, 9}));
        assertArrayEquals(new int[] {3, 9}, lesion.indices());
        assertEquals("alif-units", lesion.target());
        final org.brainsim.regions.lockstep.Intervention applied = new org.brainsim.regions.lockstep.Intervention(40,
            "ctx", org.brainsim.regions.lockstep.Intervention.Kind.LESION, 0.25,
            org.brainsim.regions.network.Lesion.Target.RECURRENT_SYNAPSES, Double.NaN, "jmx");
        assertEquals(applied, roundTrip(Protocol.Change.of("r1", applied)).change());
        assertEquals(new Protocol.PartFinished("r1", "n", "completed", null, 9),
            roundTrip(new Protocol.PartFinished("r1", "n", "completed", null, 9)));
    }

    @Test
    void shouldRefuseAClassItDoesNotKnow()
    {
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(new java.util.Date()));
        // a peer that names an unregistered class id is refused too
        assertThrows(RuntimeException.class, () -> serializer.fromBinary(new byte[] {(byte)0x7f, 1, 2}, ""));
    }
}
