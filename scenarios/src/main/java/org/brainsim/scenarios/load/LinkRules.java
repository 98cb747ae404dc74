package org.brainsim.scenarios.load;

import com.typesafe.config.ConfigObject;
import org.brainsim.objectives.ObjectiveInput;
import org.brainsim.objectives.rl.TrialReward;
import org.brainsim.regions.rules.RuleType;
import org.brainsim.scenarios.spec.LinkSpec;
import org.brainsim.scenarios.spec.RegionSpec;
import org.brainsim.scenarios.spec.TaskSpec;
import org.brainsim.scenarios.tasks.Task;
import org.brainsim.scenarios.tasks.TaskFactory;
import org.brainsim.scenarios.tasks.TaskRegistry;
import org.brainsim.settings.Names;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that tie links to their ends and to the task environment: which kinds may start or end where, one
 * action link per actor the task takes (one unless it takes several), each from its own region, widths that match the task's, and equal delays for everything the task sends one region (so
 * that a trial's observations and its supervision arrive at the same step).
 */
public final class LinkRules
{
    private LinkRules()
    {
    }

    /** @return whether a link's kind fits its ends (a problem is reported when not). */
    static boolean kindFits(
        final ConfigChecker check, final ConfigObject o, final String path, final LinkSpec.Kind kind, final String from,
        final String to, final boolean hasTask, final Set<String> regionNames)
    {
        final boolean fromTask = hasTask && TaskSpec.NODE.equals(from);
        if (!kind.consumed())
        {
            check.problem(o.get("kind").origin(), path + ".kind", "no region model consumes " + Names.of(kind) +
                " links yet (they come with the reward-based objectives); allowed here: " +
                String.join(", ", LinkSpec.Kind.usableNames()));
            return false;
        }
        switch (kind)
        {
            case OBSERVATION ->
            {
                if (!fromTask)
                {
                    check.problem(o.get("from").origin(), path + ".from", "an observation link starts at the task " +
                        "(from = task)" + (hasTask ? "" : "; this scenario has no task section"));
                    return false;
                }
            }
            case ACTION ->
            {
                if (!regionNames.contains(from) || !(hasTask && TaskSpec.NODE.equals(to)))
                {
                    check.problem(o.get("kind").origin(), path + ".kind", "an action link goes from a region to " +
                        "the task (from = <region>, to = task)" + (hasTask ? "" : "; this scenario has no task section"));
                    return false;
                }
            }
            case ERROR ->
            {
                if (fromTask)
                {
                    check.problem(o.get("from").origin(), path + ".from", "the task emits no error (allowed from " +
                        "task: observation, target)");
                    return false;
                }
            }
            case MODULATOR, VALUES ->
            {
                if (!regionNames.contains(from) || !regionNames.contains(to))
                {
                    final String end = regionNames.contains(from) ? "to" : "from";
                    check.problem(o.get(end).origin(), path + "." + end, kind == LinkSpec.Kind.VALUES ?
                        "a values link goes from a region to a region (a controller's action values to an arbiter)" :
                        "a modulator link goes from a region to a region (a critic's TD error to the actors)");
                    return false;
                }
            }
            case REWARD ->
            {
                if (!fromTask || !regionNames.contains(to))
                {
                    final String end = fromTask ? "to" : "from";
                    check.problem(o.get(end).origin(), path + "." + end, "a reward link goes from the task to a " +
                        "region (from = task, to = <region>)" + (hasTask ? "" : "; this scenario has no task section"));
                    return false;
                }
            }
            case GRADIENT ->
            {
                if (!regionNames.contains(from))
                {
                    check.problem(o.get("from").origin(), path + ".from", "a gradient link starts at the region " +
                        "whose loss it carries back, not at '" + from + "'");
                    return false;
                }
            }
            case ACTIVITY ->
            {
                if (fromTask)
                {
                    check.problem(o.get("kind").origin(), path + ".kind", "links from the task carry observation " +
                        "or target (use kind = observation)");
                    return false;
                }
            }
            default ->
            {
                // target: from an input (its values) or from the task (its supervision); checked with the regions
            }
        }
        return true;
    }

    /**
     * Rewards: a reward link comes from a task with rewards and goes to a region that learns from rewards; such a
     * region has a reward link from the task, an action link to it when it acts (a critic may send its value there for
     * a task without actions to score), and no predictive term (its value unit sits where predictions would start).
     */
    private static void checkRewards(
        final ConfigChecker check, final ConfigObject root, final List<RegionSpec> regions, final List<LinkSpec> links,
        final Task task)
    {
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        final ConfigObject regionObjects = root.get("regions") instanceof ConfigObject ro ? ro : null;
        for (final LinkSpec reward : links)
        {
            if (reward.kind() != LinkSpec.Kind.REWARD)
            {
                continue;
            }
            final RegionSpec region = regions.stream().filter(r -> r.name().equals(reward.to())).findFirst().orElse(null);
            if (task != null && !task.rewards())
            {
                check.problem(linkObjects.get(reward.name()).origin(), "links." + reward.name() + ".kind", "the task " +
                    "gives no rewards (tasks with rewards: " + String.join(", ", rewardingTasks()) + ")");
            }
            else if (region != null && !region.learnsFromRewards())
            {
                check.problem(linkObjects.get(reward.name()).origin(), "links." + reward.name() + ".to", "region '" +
                    region.name() + "' has no objective that learns from rewards (actor-critic, actor, td-critic, reward)");
            }
        }
        if (task != null && task.actions() > 0 && links.stream().noneMatch(l -> l.kind() == LinkSpec.Kind.ACTION))
        {
            check.problem(root.get("task").origin(), "task", "the task takes actions: add a link with from = <region " +
                "with objective = actor-critic or actor>, to = task, kind = action");
        }
        for (final LinkSpec modulator : links)
        {
            if (modulator.kind() != LinkSpec.Kind.MODULATOR)
            {
                continue;
            }
            final RegionSpec from = find(regions, modulator.from());
            final RegionSpec to = find(regions, modulator.to());
            if (from != null && !from.sendsModulator())
            {
                check.problem(linkObjects.get(modulator.name()).origin(), "links." + modulator.name() + ".from",
                    "region '" + from.name() + "' sends no neuromodulator (objective = td-critic sends its TD error)");
            }
            else if (to != null && to.objectives().stream().noneMatch(o -> o.type().inputs().contains(
                ObjectiveInput.MODULATOR)))
            {
                check.problem(linkObjects.get(modulator.name()).origin(), "links." + modulator.name() + ".to",
                    "region '" + to.name() + "' has no objective that learns from a neuromodulator (objective = actor)");
            }
            else if (from != null && to != null && taskDelay(links, from) != taskDelay(links, to))
            {
                check.problem(linkObjects.get(modulator.name()).origin(), "links." + modulator.name(), "the critic '" +
                    from.name() + "' and the actor '" + to.name() + "' must hear the task at the same delay (their " +
                    "trials line up then); found " + taskDelay(links, from) + " and " + taskDelay(links, to));
            }
        }
        for (final RegionSpec region : regions)
        {
            if (!region.learnsFromRewards() || regionObjects == null)
            {
                continue;
            }
            final String path = "regions." + region.name() + ".objective";
            final com.typesafe.config.ConfigOrigin origin = RegionReader.origin(regionObjects, region.name(), "objective");
            if (links.stream().noneMatch(l -> l.kind() == LinkSpec.Kind.REWARD && l.to().equals(region.name())))
            {
                check.problem(origin, path, "region '" + region.name() + "' learns from rewards: add a link with " +
                    "from = task, to = " + region.name() + ", kind = reward");
            }
            final boolean actionLink = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.ACTION &&
                l.from().equals(region.name()));
            if (region.objectives().stream().anyMatch(o -> o.type() == TrialReward.TYPE) && region.learns() &&
                !region.rule().learnsFromRewards())
            {
                check.problem(RegionReader.origin(regionObjects, region.name(), "rule"), "regions." + region.name() +
                    ".rule", "objective = reward needs a rule that learns by perturbation from a trial's reward (" +
                    String.join(", ", org.brainsim.regions.rules.Rules.REGISTRY.all().stream().filter(
                        RuleType::learnsFromRewards).map(RuleType::name).toList()) + "), got " +
                    region.rule().name());
            }
            if (region.objectives().stream().anyMatch(o -> o.type() == TrialReward.TYPE) &&
                (!actionLink || task != null && !task.rewardsReadout()))
            {
                check.problem(origin, path, "objective = reward learns from a task that rewards the readout it gets " +
                    "(dnms with reward = true): " + (actionLink ? "this task does not" : "add a link with from = " +
                    region.name() + ", to = task, kind = action"));
            }
            final boolean offers = links.stream().anyMatch(l -> l.kind() == LinkSpec.Kind.VALUES &&
                l.from().equals(region.name()));
            if (region.acts() && !actionLink && !offers)
            {
                check.problem(origin, path, "region '" + region.name() + "' learns from rewards, which answer its " +
                    "actions: add a link with from = " + region.name() + ", to = task, kind = action");
            }
            if (!region.acts() && actionLink && task != null && task.actions() > 0)
            {
                check.problem(origin, path, "region '" + region.name() + "' draws no actions (a td-critic values " +
                    "states): its action link has nothing to send; give the actions to an actor region");
            }
            final boolean modulated = region.objectives().stream().anyMatch(o -> o.type().inputs().contains(
                ObjectiveInput.MODULATOR));
            if (modulated && links.stream().noneMatch(l -> l.kind() == LinkSpec.Kind.MODULATOR &&
                l.to().equals(region.name())))
            {
                check.problem(origin, path, "region '" + region.name() + "' learns from a critic's TD error: add a " +
                    "link with from = <critic>, to = " + region.name() + ", kind = modulator");
            }
            if (region.objectives().stream().anyMatch(o -> o.predict() != null))
            {
                check.problem(origin, path, "a term that learns from rewards and a predictive term in one region are " +
                    "not supported yet (put the prediction in another region)");
            }
            for (final LinkSpec.Kind kind : List.of(LinkSpec.Kind.REWARD, LinkSpec.Kind.MODULATOR))
            {
                final List<LinkSpec> many = links.stream().filter(l -> l.kind() == kind && l.to().equals(region.name()))
                    .toList();
                if (many.size() > 1)
                {
                    check.problem(linkObjects.get(many.get(1).name()).origin(), "links." + many.get(1).name() + ".to",
                        "region '" + region.name() + "' takes one " + Names.of(kind) + " link, found " + many.size() +
                        " (" + many.stream().map(LinkSpec::name).toList() + ")");
                }
            }
            links.stream().filter(l -> l.to().equals(region.name()) && (l.kind() == LinkSpec.Kind.TARGET ||
                l.kind() == LinkSpec.Kind.ERROR || l.kind() == LinkSpec.Kind.GRADIENT)).findFirst().ifPresent(l ->
                check.problem(linkObjects.get(l.name()).origin(), "links." + l.name() + ".kind", "region '" +
                    region.name() + "' learns from rewards, so it takes no " + Names.of(l.kind()) + " link"));
            if (region.trialSteps() > 0)
            {
                check.problem(RegionReader.origin(regionObjects, region.name(), "trial_steps"), "regions." +
                    region.name() + ".trial_steps", "a region that learns from rewards steps in the task's trials " +
                    "(they are laid out so that the answers arrive in them): remove trial_steps");
            }
            if (region.sendsModulator() && region.outputs() != 1)
            {
                check.problem(RegionReader.origin(regionObjects, region.name(), "outputs"), "regions." + region.name() +
                    ".outputs", "a td-critic reads one readout unit, its value: outputs = 1, found " + region.outputs());
            }
        }
    }

    private static RegionSpec find(final List<RegionSpec> regions, final String name)
    {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** @return the delay of what the task sends a region (−1: nothing). */
    private static int taskDelay(final List<LinkSpec> links, final RegionSpec region)
    {
        return links.stream().filter(l -> TaskSpec.NODE.equals(l.from()) && l.to().equals(region.name()))
            .mapToInt(LinkSpec::delaySteps).findFirst().orElse(-1);
    }

    /** @return the names of the registered tasks that act. */
    private static List<String> actingTasks()
    {
        return TaskRegistry.REGISTRY.all().stream().filter(TaskFactory::acting).map(TaskFactory::name).toList();
    }

    private static List<String> rewardingTasks()
    {
        return TaskRegistry.REGISTRY.all().stream().filter(TaskFactory::rewards).map(TaskFactory::name).toList();
    }

    /** Checks the links of the scenario as a whole against the task. */
    public static void checkTask(
        final ConfigChecker check, final ConfigObject root, final List<RegionSpec> regions, final List<LinkSpec> links,
        final Task task, final boolean hasTask)
    {
        if (!hasTask)
        {
            return;
        }
        final ConfigObject linkObjects = root.get("links") instanceof ConfigObject lo ? lo : null;
        final List<LinkSpec> actions = links.stream().filter(l -> l.kind() == LinkSpec.Kind.ACTION).toList();
        final int actors = task == null ? 1 : Math.max(1, task.actors());
        if (actions.size() > actors)
        {
            check.problem(linkObjects.get(actions.get(actors).name()).origin(), "links." + actions.get(actors).name(),
                actors == 1 ? "at most one action link may go to the task (it scores one region's readout), found " +
                    actions.size() : "the task takes the actions of " + actors + " regions (actors = " + actors +
                    "), found " + actions.size() + " action links");
        }
        else if (task != null && task.actors() > 1 && actions.size() < actors)
        {
            check.problem(root.get("task").origin(), "task.actors", "the task takes the actions of " + actors +
                " regions: add one action link from each (found " + actions.size() + ")");
        }
        final int lag = LinkSpec.responseLag(links);
        final Set<String> actingRegions = new HashSet<>();
        for (final LinkSpec action : actions)
        {
            if (!actingRegions.add(action.from()))
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "region '" + action.from() + "' already sends the task an action link: each actor takes its own");
            }
            final int forward = LinkSpec.decisionDelay(links, action.from());
            if (forward + action.delaySteps() != lag)
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".delay_steps",
                    "every actor's response lag (the task's delay to it plus its action link's) must be the same: " +
                        "found " + (forward + action.delaySteps()) + " here and " + lag + " for '" + actions.get(0)
                        .name() + "'");
            }
        }
        if (links.stream().noneMatch(l -> TaskSpec.NODE.equals(l.from())))
        {
            check.problem(root.get("task").origin(), "task", "nothing links from the task: add a link with " +
                "from = task, kind = observation (and kind = target for the region it trains)");
        }
        for (final LinkSpec action : actions)
        {
            final RegionSpec region = regions.stream().filter(r -> r.name().equals(action.from())).findFirst().orElse(null);
            if (region != null && !region.learns())
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "region '" + region.name() + "' has no rule, so no readout to send (give it a rule)");
            }
            else if (region != null && task != null && task.actions() > 0 && !region.acts())
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "the task takes actions and answers with rewards, so region '" + region.name() + "' needs an " +
                        "objective that acts on them (objective = actor-critic, or actor)");
            }
            else if (region != null && task != null && task.actions() == 0 && region.acts())
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "region '" + region.name() + "' acts, but the task takes no actions (it scores a readout; tasks " +
                        "that act: " + String.join(", ", actingTasks()) + ")");
            }
            else if (region != null && task != null && region.outputs() != task.outputWidth())
            {
                check.problem(linkObjects.get(action.name()).origin(), "links." + action.name() + ".from",
                    "region '" + region.name() + "' has outputs = " + region.outputs() + " but the task " +
                        "expects " + task.outputWidth() + " (they must match)");
            }
        }
        checkRewards(check, root, regions, links, task);
        ArbiterRules.check(check, root, regions, links);
        for (final RegionSpec region : regions)
        {
            final List<LinkSpec> fromTask = links.stream()
                .filter(l -> TaskSpec.NODE.equals(l.from()) && l.to().equals(region.name())).toList();
            if (fromTask.stream().mapToInt(LinkSpec::delaySteps).distinct().count() > 1)
            {
                check.problem(linkObjects.get(fromTask.get(1).name()).origin(), "links." + fromTask.get(1).name() +
                    ".delay_steps", "every link from the task to region '" + region.name() + "' needs the same " +
                    "delay_steps, so a trial's observations and its target arrive together (found " +
                    fromTask.stream().map(l -> l.name() + " = " + l.delaySteps()).toList() + ")");
            }
        }
    }
}
