package org.brainsim.deploy.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import org.brainsim.deploy.cluster.Protocol.AgentCommand;
import org.brainsim.deploy.cluster.Protocol.CoordinatorCommand;
import org.brainsim.scenarios.Scenario;
import org.brainsim.scenarios.ScenarioException;
import org.brainsim.scenarios.ScenarioLoader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster singleton that places runs: it keeps the nodes that take regions (their agents register), places
 * a submitted scenario's regions on them ({@link Placement}), tells each agent which regions to run and where
 * every other graph node receives, and tells the submitter where everything went. It holds no run state: the
 * submitter and the agents carry the run, so the singleton may move while one is going.
 */
public final class Coordinator
{
    /** The singleton's name. */
    public static final String NAME = "brainsim-coordinator";

    private record Agent(String name, String endpoint, String address, ActorRef<AgentCommand> ref)
    {
    }

    /** A member left or became unreachable (local only). */
    private record MemberGone(String address) implements CoordinatorCommand
    {
    }

    private Coordinator()
    {
    }

    /** Starts the singleton on {@code node} members (a proxy only on others) and returns its proxy. */
    public static ActorRef<CoordinatorCommand> proxy(final ActorSystem<?> system)
    {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(), NAME)
            .withSettings(ClusterSingletonSettings.create(system).withRole(NodeSettings.NODE_ROLE)));
    }

    static Behavior<CoordinatorCommand> create()
    {
        return Behaviors.setup(context ->
        {
            ClusterEvents.onMemberLost(context, (address, how) -> new MemberGone(address));
            return running(context, new TreeMap<>());
        });
    }

    private static Behavior<CoordinatorCommand> running(
        final ActorContext<CoordinatorCommand> context, final Map<String, Agent> agents)
    {
        return Behaviors.receive(CoordinatorCommand.class)
            .onMessage(Protocol.Register.class, r ->
            {
                agents.put(r.name(), new Agent(r.name(), r.udpEndpoint(), r.address(), r.agent()));
                return Behaviors.same();
            })
            .onMessage(MemberGone.class, g ->
            {
                agents.values().removeIf(a -> a.address().equals(g.address()));
                return Behaviors.same();
            })
            .onMessage(Protocol.ListNodes.class, l ->
            {
                l.replyTo().tell(new Protocol.Nodes(new ArrayList<>(agents.keySet())));
                return Behaviors.same();
            })
            .onMessage(Protocol.Submit.class, s ->
            {
                submit(context, agents, s);
                return Behaviors.same();
            })
            .build();
    }

    private static void submit(
        final ActorContext<CoordinatorCommand> context, final Map<String, Agent> agents, final Protocol.Submit submit)
    {
        final Protocol.RunRequest request = submit.request();
        final Scenario scenario;
        final LinkedHashMap<String, String> placement;
        try
        {
            scenario = scenarioOf(request);
            placement = Placement.place(scenario, new ArrayList<>(agents.keySet()));
        }
        catch (final ScenarioException ex)
        {
            submit.submitter().tell(new Protocol.Rejected(submit.runId(), ex.getMessage(), true));
            return;
        }
        catch (final Placement.Unsatisfiable ex)
        {
            submit.submitter().tell(new Protocol.Rejected(submit.runId(), ex.getMessage(), true));
            return;
        }
        // Where every graph node receives: regions at their node's endpoint, the task and inputs at the submitter.
        final Map<String, String> endpointOf = new LinkedHashMap<>();
        for (final String node : scenario.nodeNames())
        {
            endpointOf.put(node, placement.containsKey(node) ? agents.get(placement.get(node)).endpoint() :
                submit.submitterEndpoint());
        }
        final HashMap<String, String> endpoints = new HashMap<>();
        final HashMap<String, String> addresses = new HashMap<>();
        final HashMap<String, ActorRef<AgentCommand>> refs = new HashMap<>();
        for (final String nodeName : new java.util.TreeSet<>(placement.values()))
        {
            final Agent agent = agents.get(nodeName);
            final ArrayList<String> hosted = new ArrayList<>();
            placement.forEach((region, n) -> {
                if (n.equals(nodeName))
                {
                    hosted.add(region);
                }
            });
            final HashMap<String, String> remote = new HashMap<>();
            endpointOf.forEach((node, endpoint) -> {
                if (!hosted.contains(node))
                {
                    remote.put(node, endpoint);
                }
            });
            agent.ref().tell(new Protocol.Host(submit.runId(), request, hosted, remote, submit.submitter(),
                submit.submitterAddress()));
            endpoints.put(nodeName, agent.endpoint());
            addresses.put(nodeName, agent.address());
            refs.put(nodeName, agent.ref());
        }
        context.getLog().info("run {}: placed {}", submit.runId(), placement);
        submit.submitter().tell(new Protocol.Placed(submit.runId(), placement, endpoints, addresses, refs));
    }

    /** @return the scenario of a request, exactly as the submitter resolved it. */
    static Scenario scenarioOf(final Protocol.RunRequest request) throws ScenarioException
    {
        return ScenarioLoader.parse(request.text(), request.source(), request.name(), request.overrides())
            .withSteps(request.steps())
            .withTrialLimit(request.trialLimit())
            .withThreads(org.brainsim.regions.lockstep.ThreadMode.valueOf(request.threads()));
    }
}
