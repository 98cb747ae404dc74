package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RegionModel;
import org.brainsim.regions.region.GradientReceiver;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.OutputWidths;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each region needs in memory, estimated before anything runs — its network (weights, live state, masks),
 * and, when it learns, a whole trial's replay, the optimiser's moments, the gradients and what its rule keeps — and
 * the refusal of a scenario that cannot fit this JVM: ND4J's arrays live off the heap, within JavaCPP's limit
 * ({@code -Dorg.bytedeco.javacpp.maxbytes}, by default the heap's size), and the weights are drawn in Java arrays
 * first, which can hold at most {@link #MAX_ARRAY_VALUES} values.
 */
public final class MemoryCheck
{
    /** The most values one Java array holds on HotSpot. */
    public static final long MAX_ARRAY_VALUES = Integer.MAX_VALUE - 8;

    private MemoryCheck()
    {
    }

    /**
     * @param widths every node's output width.
     * @return the estimate of every region, in bytes, by name.
     */
    public static Map<String, Long> estimate(
        final List<RegionSpec> regions, final List<LinkSpec> links, final Map<String, Integer> widths, final int batch,
        final double dtMs, final Task task)
    {
        final Map<String, Long> bytes = new LinkedHashMap<>();
        for (final RegionSpec region : regions)
        {
            final boolean gradientIn = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.GRADIENT &&
                l.to().equals(region.name()));
            final boolean gradientOut = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.GRADIENT &&
                l.from().equals(region.name()));
            bytes.put(region.name(), bytes(region, spec(region, links, widths, batch, dtMs), trialSteps(region, links, task),
                gradientIn, gradientOut));
        }
        return bytes;
    }

    /** @return the network shape of a region given its inbound links. */
    public static NetworkSpec spec(
        final RegionSpec region, final List<LinkSpec> links, final Map<String, Integer> widths, final int batch,
        final double dtMs)
    {
        final List<NetworkSpec.Input> inputs = new ArrayList<>();
        for (final LinkSpec link : links)
        {
            if (link.to().equals(region.name()) && link.isInput())
            {
                inputs.add(new NetworkSpec.Input(link.name(), widths.get(link.source()), link.weights()));
            }
        }
        return new NetworkSpec(region.size(), region.readoutWidth(), batch, dtMs, inputs);
    }

    /** @return the longest trial a region replays: its task's, or its own trial_steps. */
    static int trialSteps(final RegionSpec region, final List<LinkSpec> links, final Task task)
    {
        final boolean fromTask = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.TARGET &&
            l.to().equals(region.name()) && TaskSpec.NODE.equals(l.from()));
        final boolean taskTrials = fromTask || region.learns() && region.trialSteps() == 0;
        return taskTrials && task != null ? task.maxTrialSteps() : region.trialSteps();
    }

    /**
     * @param gradientIn  whether the region back-propagates exact gradients from a gradient link: it keeps trials
     *                    (trajectory, the weights they ran at, the arriving gradients) until they arrive.
     * @param gradientOut whether it sends exact gradients: its input errors of a trial, queued.
     */
    private static long bytes(
        final RegionSpec region, final NetworkSpec spec, final int trialSteps, final boolean gradientIn,
        final boolean gradientOut)
    {
        final RegionModel.MemoryEstimate network = region.model().memory(spec);
        long total = network.fixedBytes();
        if (region.learns())
        {
            final long params = 4L * ((long)spec.inputWidth() * spec.units() + (long)spec.units() * spec.units() +
                (long)spec.units() * spec.outputs() + spec.units() + spec.outputs());
            total += network.trajectoryBytesPerStep() * Math.max(1, trialSteps); // the replayed trial and its inputs
            total += 4 * params;                                                  // Adam's moments, gradients, temporaries
            total += 4L * spec.batch() * spec.outputs() * Math.max(1, trialSteps); // the objective's trial targets
            total += region.rule().memoryBytes(spec, trialSteps);
            final long steps = Math.max(1, trialSteps);
            if (gradientIn)
            {
                total += (GradientReceiver.KEEP + 1L) * (network.trajectoryBytesPerStep() * steps + params +
                    4L * spec.batch() * spec.units() * steps);
            }
            if (gradientOut)
            {
                total += 2 * 4L * spec.batch() * spec.inputWidth() * steps; // the input errors, and their queued chunks
            }
        }
        return total;
    }

    /**
     * Estimates every region and reports what cannot fit (see {@link #check}).
     *
     * @return the estimate of every region, in bytes, by name.
     */
    public static Map<String, Long> run(
        final ConfigChecker check, final ConfigObject root, final List<org.brainsim.scenarios.spec.InputSpec> inputs,
        final List<RegionSpec> regions, final List<LinkSpec> links, final Task task, final int batch, final double dtMs)
    {
        final Map<String, Integer> widths = OutputWidths.of(task == null ? null : task.observationWidth(), inputs,
            regions);
        final Map<String, Long> bytes = estimate(regions, links, widths, batch, dtMs, task);
        check(check, root, regions, bytes, links, widths);
        return bytes;
    }

    /**
     * Reports every region that cannot fit, and a scenario whose regions together cannot: at the region's
     * {@code size}, with the estimate and the limit.
     */
    static void check(
        final ConfigChecker check, final ConfigObject root, final List<RegionSpec> regions, final Map<String, Long> bytes,
        final List<LinkSpec> links, final Map<String, Integer> widths)
    {
        final long limit = offHeapLimitBytes();
        final ConfigObject regionObjects = (ConfigObject)root.get("regions");
        long total = 0;
        boolean reported = false;
        for (final RegionSpec region : regions)
        {
            final ConfigOrigin origin = RegionReader.origin(regionObjects, region.name(), "size");
            final long n = region.size();
            final long nIn = links.stream().filter(l -> l.to().equals(region.name()) && l.isInput())
                .mapToLong(l -> widths.get(l.source())).sum();
            final long largest = Math.max(n * n, Math.max(n * nIn, n * region.readoutWidth()));
            final long b = bytes.get(region.name());
            if (largest > MAX_ARRAY_VALUES)
            {
                check.problem(origin, "regions." + region.name() + ".size", "size = " + n + " needs about " + mib(b) +
                    " and a weight matrix of " + largest + " values, above the limit of " + MAX_ARRAY_VALUES +
                    " values one Java array holds (largest size here: " +
                    (long)Math.floor(Math.sqrt(MAX_ARRAY_VALUES)) + "); this JVM allows " + mib(limit) + " off the heap");
                reported = true;
                continue;
            }
            total += b;
            if (b > limit)
            {
                check.problem(origin, "regions." + region.name() + ".size", "needs about " + mib(b) + " (network, " +
                    "trial replay, optimiser and rule state) but this JVM allows " + mib(limit) + " off the heap " +
                    "(raise -Xmx or -Dorg.bytedeco.javacpp.maxbytes with BRAINSIM_JAVA_OPTS, or shrink the region, " +
                    "its batch or its trials)");
                reported = true;
            }
        }
        if (!reported && total > limit)
        {
            check.problem(regionObjects.origin(), "regions", "together need about " + mib(total) + " " + bytes +
                " but this JVM allows " + mib(limit) + " off the heap (raise -Xmx or -Dorg.bytedeco.javacpp.maxbytes " +
                "with BRAINSIM_JAVA_OPTS, place regions on several nodes, or shrink them)");
        }
    }

    /** @return the most bytes ND4J may hold off the heap in this JVM (JavaCPP's limit). */
    public static long offHeapLimitBytes()
    {
        final long max = org.bytedeco.javacpp.Pointer.maxBytes();
        return max > 0 ? max : Runtime.getRuntime().maxMemory();
    }

    static String mib(final long bytes)
    {
        return bytes >= 10L << 30 ? String.format("%.1f GiB", bytes / (double)(1L << 30)) :
            String.format("%.0f MiB", bytes / (double)(1L << 20));
    }
}
