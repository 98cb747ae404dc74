package org.brainsim.scenarios.load;

import org.brainsim.objectives.Objectives;
import org.brainsim.regions.network.Models;
import org.brainsim.regions.rules.Rules;
import org.brainsim.settings.Param;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A region's keys go to its model, its rule or its objectives by name ({@link RegionReader}): a key two of those
 * families shared would be read by one and dropped or refused by the other (an objective's key cannot be given next to
 * an objectives list, and the shorthand's keys are taken out of the resolved record).
 */
class SettingKeysTest
{
    @Test
    void noKeyBelongsToTwoFamiliesOfRegionSettings()
    {
        final Map<String, Set<String>> owners = new HashMap<>();
        Models.REGISTRY.all().forEach(m -> add(owners, "model", m.params()));
        Rules.REGISTRY.all().forEach(r -> add(owners, "rule", r.params()));
        Objectives.REGISTRY.all().forEach(o -> add(owners, "objective", o.params()));
        final List<String> shared = new ArrayList<>();
        owners.forEach((key, families) ->
        {
            if (families.size() > 1)
            {
                shared.add(key + " " + families);
            }
        });
        assertEquals(List.of(), shared.stream().sorted().toList(), "keys read by two families");
    }

    private static void add(final Map<String, Set<String>> owners, final String family, final List<Param<?>> params)
    {
        params.forEach(p -> owners.computeIfAbsent(p.key(), k -> new TreeSet<>()).add(family));
    }
}
