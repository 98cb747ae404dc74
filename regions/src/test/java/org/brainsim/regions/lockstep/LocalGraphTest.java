package org.brainsim.regions.lockstep;

import org.brainsim.regions.LinkWeights;
import org.brainsim.regions.network.NetworkSpec;
import org.brainsim.regions.network.RateModel;
import org.brainsim.regions.region.RegionKernel;
import org.brainsim.settings.ParamValues;

import org.brainsim.regions.NodeRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalGraphTest
{
    private static final ParamValues CYCLE_PARAMS = ParamValues.resolve(RateModel.RATE.params(), Map.of("tau_ms", 10.0,
        "recurrent_gain", 1.3, "bias_std", 0.5, "initial_state_std", 0.5));

    /** A rate region of 32 units on one input of 32, batch 4. */
    private static RegionKernel rateRegion(final NodeRandom random)
    {
        return RegionKernel.inputsOnly(RateModel.RATE.build(new NetworkSpec(32, 1, 4, 1.0,
            List.of(new NetworkSpec.Input("in", 32, LinkWeights.normal(1.0)))), CYCLE_PARAMS, random), 4);
    }

    /** Three rate regions in a cycle a → b → c → a, every delay 1. */
    private static Map<String, RecordingObserver> runCycle(final GraphSettings settings, final long seed)
        throws Exception
    {
        final Map<String, RecordingObserver> observers = new LinkedHashMap<>();
        final LocalGraph.Builder builder = LocalGraph.builder();
        for (final String name : new String[] {"a", "b", "c"})
        {
            final RecordingObserver observer = new RecordingObserver();
            observers.put(name, observer);
            builder.node(name, rateRegion(NodeRandom.forNode(seed, name)), observer, "Region");
        }
        final GraphReport report = builder.link("a", "b", 1).link("b", "c", 1).link("c", "a", 1).build().run(settings);
        assertEquals(settings.steps(), report.steps());
        return observers;
    }

    @Test
    void shouldRunAThreeRegionCycleWithDelayOneForAThousandStepsWithoutDeadlock() throws Exception
    {
        final Map<String, RecordingObserver> observers = runCycle(new GraphSettings(1000), 1);

        for (final RecordingObserver observer : observers.values())
        {
            assertEquals(1000, observer.outputs.size());
            final float[] last = observer.outputs.get(999);
            assertTrue(Math.abs(last[0]) > 0 && Math.abs(last[0]) < 1, "activity is alive and bounded: " + last[0]);
        }
    }

    @Test
    void shouldGiveBitIdenticalActivityWhenRunTwice() throws Exception
    {
        final Map<String, RecordingObserver> first = runCycle(new GraphSettings(300), 42);
        final Map<String, RecordingObserver> second = runCycle(new GraphSettings(300), 42);

        for (final String name : first.keySet())
        {
            assertArrayEquals(first.get(name).flatten(), second.get(name).flatten(), name);
        }
    }

    @Test
    void shouldGiveBitIdenticalActivityOnOneThreadAndOnOneThreadPerRegion() throws Exception
    {
        final Map<String, RecordingObserver> perNode =
            runCycle(new GraphSettings(300).withThreadMode(ThreadMode.PER_NODE), 42);
        final Map<String, RecordingObserver> single =
            runCycle(new GraphSettings(300).withThreadMode(ThreadMode.SINGLE).withWindowSteps(3), 42);

        for (final String name : perNode.keySet())
        {
            assertArrayEquals(perNode.get(name).flatten(), single.get(name).flatten(), name);
        }
    }

    @Test
    void shouldConsumeEveryFrameAtExactlyItsStepPlusItsDelay() throws Exception
    {
        final ClockKernel source = new ClockKernel(2, 3);
        final ClockKernel relay = new ClockKernel(2, 3);
        final ClockKernel sink = new ClockKernel(2, 3);
        final long steps = 200;
        // Links in id order: source→sink (d=5), relay→sink (d=2), source→relay (d=3), sink→relay (d=1).
        LocalGraph.builder()
            .node("source", source, StepObserver.NONE, "Input")
            .node("relay", relay, StepObserver.NONE, "Region")
            .node("sink", sink, StepObserver.NONE, "Region")
            .link("source", "sink", 5)
            .link("relay", "sink", 2)
            .link("source", "relay", 3)
            .link("sink", "relay", 1)
            .build()
            .run(new GraphSettings(steps).withWindowSteps(2));

        for (int t = 0; t < steps; t++)
        {
            // A ClockKernel emits step + 1, so the frame stamped s reads s + 1; zero means no frame yet.
            assertArrayEquals(new float[] {expected(t, 5), expected(t, 2)}, sink.firstInputValues.get(t), "sink step " + t);
            assertArrayEquals(new float[] {expected(t, 3), expected(t, 1)}, relay.firstInputValues.get(t),
                "relay step " + t);
        }
    }

    private static float expected(final long t, final int delay)
    {
        return t - delay >= 0 ? t - delay + 1 : 0;
    }

    @Test
    void shouldNeverLetAProducerRunMoreThanItsWindowAheadOfAConsumer() throws Exception
    {
        final int window = 4;
        final AtomicLong consumerDone = new AtomicLong();
        final AtomicLong maxLead = new AtomicLong(Long.MIN_VALUE);
        final ClockKernel producer = new ClockKernel(1, 4,
            step -> maxLead.accumulateAndGet(step - consumerDone.get(), Math::max));
        final ClockKernel consumer = new ClockKernel(1, 4, step -> sleepMs(1));
        LocalGraph.builder()
            .node("fast", producer, StepObserver.NONE, "Input")
            .node("slow", consumer, (step, output) -> consumerDone.set(step + 1), "Region")
            .link("fast", "slow", 2)
            .build()
            .run(new GraphSettings(200).withWindowSteps(window));

        // Step t waits for the consumer to complete step t - window, i.e. t - done <= window - 1.
        assertEquals(window - 1, maxLead.get(), "the producer ran ahead, but never past its window");
    }

    @Test
    void shouldReportTheFailingNodeByName()
    {
        final NodeKernel broken = new ClockKernel(1, 2, step ->
        {
            if (step == 17)
            {
                throw new IllegalStateException("diverged");
            }
        });
        final LocalGraph graph = LocalGraph.builder()
            .node("ok", new ClockKernel(1, 2), StepObserver.NONE, "Region")
            .node("bad", broken, StepObserver.NONE, "Region")
            .link("ok", "bad", 1)
            .link("bad", "ok", 1)
            .build();

        final GraphRunException ex = assertThrows(GraphRunException.class,
            () -> graph.run(new GraphSettings(100)));
        assertEquals(GraphRunException.Kind.NODE_FAILED, ex.kind());
        assertEquals("bad", ex.node());
        assertTrue(ex.getMessage().contains("diverged"), ex.getMessage());
    }

    @Test
    void shouldExposeEveryRegionOverJmxWhileRunningAndUnregisterAfter() throws Exception
    {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName name = new ObjectName("org.brainsim:type=Region,name=jmxRegion");
        final CountDownLatch halfway = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ClockKernel kernel = new ClockKernel(2, 3, step ->
        {
            if (step == 50)
            {
                halfway.countDown();
                await(release);
            }
        });
        final LocalGraph graph = LocalGraph.builder()
            .node("jmxSource", new ClockKernel(2, 3), StepObserver.NONE, "Input")
            .node("jmxRegion", kernel, StepObserver.NONE, "Region")
            .link("jmxSource", "jmxRegion", 1)
            .build();

        try (LocalGraph.Running running = graph.start(new GraphSettings(100)))
        {
            try
            {
                assertTrue(halfway.await(30, TimeUnit.SECONDS));
                assertEquals(50L, server.getAttribute(name, "Step"));
                assertEquals(50.0, (double)server.getAttribute(name, "MeanActivity"), 0.0,
                    "ClockKernel output = step + 1");
                assertTrue((double)server.getAttribute(name, "StepsPerSecond") > 0);
                assertTrue((int)server.getAttribute(name, "InboundFramesWaiting") >= 1, "the frame of step 49 waits");
                assertTrue(server.isRegistered(new ObjectName("org.brainsim:type=Input,name=jmxSource")));
            }
            finally
            {
                release.countDown();
            }
            running.await();
        }
        assertFalse(server.isRegistered(name), "unregistered at stop");
    }

    @Test
    void shouldStopWithAStallErrorWhenNoNodeCanProgress()
    {
        final CountDownLatch never = new CountDownLatch(1);
        final LocalGraph graph = LocalGraph.builder()
            .node("stuck", new ClockKernel(1, 1, step ->
            {
                if (step == 3)
                {
                    await(never);
                }
            }), StepObserver.NONE, "Region")
            .node("waiting", new ClockKernel(1, 1), StepObserver.NONE, "Region")
            .link("stuck", "waiting", 1)
            .build();
        final GraphSettings settings = new GraphSettings(100).withStallTimeout(Duration.ofMillis(500));

        try (LocalGraph.Running running = graph.start(settings))
        {
            final GraphRunException ex;
            try
            {
                ex = assertThrows(GraphRunException.class, running::await);
            }
            finally
            {
                never.countDown(); // let the stuck thread go so the run can close
            }
            assertEquals(GraphRunException.Kind.STALLED, ex.kind());
            assertTrue(ex.getMessage().contains("waiting: step 4"), ex.getMessage());
        }
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
