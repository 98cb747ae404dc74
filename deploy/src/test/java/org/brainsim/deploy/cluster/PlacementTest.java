package org.brainsim.deploy.cluster;

import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.brainsim.deploy.testing.Cli.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTest
{
    private static Scenario hello(final String... overrides) throws Exception
    {
        return ScenarioLoader.load(Path.of(scenario("hello.conf")), List.of(overrides));
    }

    private static org.brainsim.scenarios.spec.RegionSpec region(final Scenario s, final String name)
    {
        return s.regions().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldCostARegionByTheSynapsesOntoIt() throws Exception
    {
        final Scenario s = hello();
        // v1: 128 units, inputs stim (40) and hpc (64); hpc: 64 units, input pfc (128)
        assertEquals(128L * (128 + 40 + 64), Placement.cost(s, region(s, "v1")));
        assertEquals(64L * (64 + 128), Placement.cost(s, region(s, "hpc")));
    }

    @Test
    void shouldSpreadRegionsLargestFirstOverTheLeastLoadedNodes() throws Exception
    {
        final LinkedHashMap<String, String> p = Placement.place(hello(), List.of("b", "a", "c"));
        // v1 (29 696) → a, pfc (32 768) first → a; then v1 → b; hpc → c: each node one region
        assertEquals(Map.of("pfc", "a", "v1", "b", "hpc", "c"), p);
        assertEquals(List.of("hpc", "pfc", "v1"), List.copyOf(p.keySet()), "the scenario's region order");
        assertEquals(p, Placement.place(hello(), List.of("c", "b", "a")), "node order must not matter");
    }

    @Test
    void shouldPutEverythingOnOneNodeWhenThereIsOne() throws Exception
    {
        assertEquals(Map.of("v1", "solo", "pfc", "solo", "hpc", "solo"), Placement.place(hello(), List.of("solo")));
    }

    @Test
    void shouldHonourTheScenarioAndBalanceTheRest() throws Exception
    {
        final LinkedHashMap<String, String> p = Placement.place(hello("placement.pfc=a", "placement.v1=a"),
            List.of("a", "b"));
        assertEquals(Map.of("pfc", "a", "v1", "a", "hpc", "b"), p);
    }

    @Test
    void shouldRefuseANodeThatIsNotUpAndAnEmptyCluster() throws Exception
    {
        final Placement.Unsatisfiable ex = assertThrows(Placement.Unsatisfiable.class,
            () -> Placement.place(hello("placement.hpc=z"), List.of("a", "b")));
        assertTrue(ex.getMessage().contains("placement.hpc") && ex.getMessage().contains("nodes up: a, b"),
            ex.getMessage());
        assertThrows(Placement.Unsatisfiable.class, () -> Placement.place(hello(), List.of()));
    }
}
