package org.brainsim.scenarios.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved scenario as a tree of maps and lists: every key that was read, with the value given or defaulted,
 * by dotted path ({@code regions.ctx}, {@code phases[1].stop_when}). What the manifest writes as the scenario
 * "as it ran".
 */
public final class ResolvedTree
{
    private final Map<String, Object> root = new LinkedHashMap<>();

    /** Sets {@code key} of the object at {@code path} (created as needed) to {@code value}. */
    public void put(final String path, final String key, final Object value)
    {
        at(path).put(key, value);
    }

    /** Removes {@code key} of the object at {@code path}, when there. */
    public void remove(final String path, final String key)
    {
        at(path).remove(key);
    }

    /** @return the tree: maps, lists, numbers, strings, booleans. */
    public Map<String, Object> root()
    {
        return root;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> at(final String path)
    {
        Map<String, Object> node = root;
        if (path.isEmpty())
        {
            return node;
        }
        for (final String segment : path.split("\\."))
        {
            final int bracket = segment.indexOf('[');
            if (bracket < 0)
            {
                node = (Map<String, Object>)node.computeIfAbsent(segment, k -> new LinkedHashMap<String, Object>());
                continue;
            }
            final String name = segment.substring(0, bracket);
            final int index = Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
            final List<Object> list = (List<Object>)node.computeIfAbsent(name, k -> new ArrayList<>());
            while (list.size() <= index)
            {
                list.add(new LinkedHashMap<String, Object>());
            }
            node = (Map<String, Object>)list.get(index);
        }
        return node;
    }
}
