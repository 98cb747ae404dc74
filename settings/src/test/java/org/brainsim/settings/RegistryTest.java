package org.brainsim.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryTest
{
    record Kind(String name, int size)
    {
    }

    @Test
    void keepsTheRegisteredOrderAndFindsByName()
    {
        final Kind b = new Kind("b", 2);
        final Kind a = new Kind("a", 1);
        final Registry<Kind> registry = Registry.of(Kind::name, b, a);

        assertEquals(List.of("b", "a"), registry.names());
        assertEquals(List.of(b, a), registry.all());
        assertEquals(Optional.of(a), registry.find("a"));
        assertTrue(registry.find("A").isEmpty(), "names are matched exactly, as scenarios spell them");
    }

    @Test
    void refusesTwoEntriesUnderOneName()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Registry.of(Kind::name, new Kind("a", 1), new Kind("a", 2)));
        assertTrue(e.getMessage().contains("[a, a]"), e.getMessage());
    }
}
