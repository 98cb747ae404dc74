package org.brainsim.scenarios.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.brainsim.regions.lockstep.Intervention;
import org.brainsim.regions.network.Lesion;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A run's live changes as {@code events.jsonl}: one JSON object per line, in the order they were issued, written as
 * each is issued (and flushed, so an interrupted run keeps them):
 *
 * <pre>
 * {"step":240,"target":"pfc","what":"learning_rate","old":0.001,"new":5.0E-4,"source":"jmx"}
 * {"step":400,"target":"v1","what":"lesion","lesion":"units","old":null,"new":0.25,"source":"jmx"}
 * </pre>
 *
 * {@code step} is the region's step at whose start it was applied, {@code old} the value it replaced. Lines of one
 * region are in the order it applied them; across regions of a cluster run, in the order they reached the submitter.
 * {@link #read} takes such a file back for {@code brainsim run --events}.
 */
public final class EventLog implements Closeable
{
    /** The file's name in a run directory. */
    public static final String FILE = "events.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("step", "target", "what", "lesion", "old", "new", "source");

    private final Path file;
    private BufferedWriter out;
    private boolean started; // a change arriving after close() is appended, never truncates the log
    private boolean closed;

    /** A log written to {@code dir}/events.jsonl once the first change is issued. */
    public EventLog(final Path dir)
    {
        this.file = dir.resolve(FILE);
    }

    /** Appends one change (any region's thread, or the submitter's). */
    public synchronized void append(final Intervention e)
    {
        try
        {
            if (out == null)
            {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                started = true;
            }
            out.write(line(e));
            out.newLine();
            out.flush();
            if (closed)
            {
                out.close(); // a straggler (a node's change that arrived late): the log stays closed
                out = null;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    @Override
    public synchronized void close() throws IOException
    {
        closed = true;
        if (out != null)
        {
            out.close();
            out = null;
        }
    }

    /** @return one change as a line of the log (without the newline). */
    public static String line(final Intervention e)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.put("step", e.step());
        o.put("target", e.target());
        o.put("what", e.what().key());
        if (e.lesion() != null)
        {
            o.put("lesion", Intervention.lesionKey(e.lesion()));
        }
        if (Double.isNaN(e.old()))
        {
            o.putNull("old");
        }
        else
        {
            o.put("old", e.old());
        }
        o.put("new", e.value());
        o.put("source", e.source());
        try
        {
            return JSON.writeValueAsString(o);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Reads an event log.
     *
     * @param regions the regions the changes may address.
     * @param check   why a region cannot take a change, or {@code null}.
     * @throws IllegalArgumentException naming file, line and key of every problem, and what is allowed.
     */
    public static List<Intervention> read(final Path file, final Set<String> regions,
                                         final Function<Intervention, String> check) throws IOException
    {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString(), regions, check);
    }

    /**
     * Reads the lines of an event log.
     *
     * @param source  names the log in messages.
     * @param regions the regions the changes may address.
     * @param check   why a region cannot take a change ({@code key: value (expected: …)}), or {@code null}.
     * @throws IllegalArgumentException naming source, line and key of every problem, and what is allowed.
     */
    public static List<Intervention> parse(final List<String> lines, final String source, final Set<String> regions,
                                           final Function<Intervention, String> check)
    {
        final List<String> problems = new ArrayList<>();
        final List<Intervention> changes = new ArrayList<>();
        final Map<String, Long> lastStep = new HashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String at = source + ":" + (i + 1) + ": ";
            if (lines.get(i).isBlank())
            {
                continue;
            }
            final JsonNode o;
            try
            {
                o = JSON.readTree(lines.get(i));
            }
            catch (final JsonProcessingException ex)
            {
                problems.add(at + "not a JSON object: " + ex.getOriginalMessage());
                continue;
            }
            if (o == null || !o.isObject())
            {
                problems.add(at + "not a JSON object");
                continue;
            }
            final Intervention e = change(o, at, regions, problems);
            if (e == null)
            {
                continue;
            }
            final String refused = check.apply(e);
            if (refused != null)
            {
                problems.add(at + refused);
                continue;
            }
            final long last = lastStep.getOrDefault(e.target(), 0L);
            if (e.step() < last)
            {
                problems.add(at + "step: " + e.step() + " (expected: >= " + last + ", the step of " + e.target() +
                    "'s change before: a region's changes are logged in the order it applied them)");
                continue;
            }
            lastStep.put(e.target(), e.step());
            changes.add(e);
        }
        if (!problems.isEmpty())
        {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return changes;
    }

    private static Intervention change(final JsonNode o, final String at, final Set<String> regions,
                                       final List<String> problems)
    {
        final int before = problems.size();
        for (final Iterator<String> keys = o.fieldNames(); keys.hasNext(); )
        {
            final String key = keys.next();
            if (!KEYS.contains(key))
            {
                problems.add(at + key + ": unknown key (expected: step, target, what, lesion, old, new, source)");
            }
        }
        final JsonNode step = o.get("step");
        if (step == null || !step.canConvertToLong() || !step.isIntegralNumber() || step.asLong() < 0)
        {
            problems.add(at + "step: " + step + " (expected: the region's step, an integer >= 0)");
        }
        final String target = text(o, "target");
        if (target == null || !regions.contains(target))
        {
            problems.add(at + "target: " + target + " (expected: one of the scenario's regions " + regions + ")");
        }
        final Intervention.Kind what = Intervention.Kind.of(text(o, "what"));
        if (what == null)
        {
            problems.add(at + "what: " + text(o, "what") + " (expected: plasticity, learning_rate or lesion)");
        }
        final JsonNode value = o.get("new");
        if (value == null || !value.isNumber())
        {
            problems.add(at + "new: " + value + " (expected: a number)");
        }
        Lesion.Target lesion = null;
        if (what == Intervention.Kind.LESION)
        {
            lesion = Intervention.lesionTarget(text(o, "lesion"));
            if (lesion == null)
            {
                problems.add(at + "lesion: " + text(o, "lesion") + " (expected: units, lif_units, alif_units, " +
                    "recurrent_synapses or input_synapses)");
            }
        }
        else if (o.has("lesion"))
        {
            problems.add(at + "lesion: only a change with what = lesion has one");
        }
        final JsonNode old = o.get("old");
        if (old != null && !old.isNull() && !old.isNumber())
        {
            problems.add(at + "old: " + old + " (expected: a number or null)");
        }
        final String source = o.has("source") ? text(o, "source") : "replay";
        if (source == null)
        {
            problems.add(at + "source: " + o.get("source") + " (expected: a string)");
        }
        if (problems.size() > before)
        {
            return null;
        }
        try
        {
            return new Intervention(step.asLong(), target, what, value.asDouble(), lesion,
                old == null || old.isNull() ? Double.NaN : old.asDouble(), source);
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(at + "new: " + ex.getMessage());
            return null;
        }
    }

    private static String text(final JsonNode o, final String key)
    {
        final JsonNode v = o.get(key);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
