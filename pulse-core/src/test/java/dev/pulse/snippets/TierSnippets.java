package dev.pulse.snippets;

import dev.pulse.budget.TaskBudget;
import dev.pulse.tier.InterventionAction;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierChangeListener;
import dev.pulse.tier.TierManager;
import dev.pulse.tier.TierPolicy;
import java.time.Duration;

/** Compiled examples for the Javadoc of {@code dev.pulse.tier}. */
final class TierSnippets {
    private TierSnippets() {}

    static Tier tier() {
        // @start region=tier
        Tier t = Tier.MONITOR.up().up(); // YIELD
        Tier back = t.down(); // WARN
        // @end
        return back;
    }

    static boolean action(TierManager manager, TaskState task) {
        // @start region=action
        InterventionAction action = manager.applyIntervention(task, System.nanoTime());
        boolean mustYield = action != InterventionAction.CONTINUE;
        // @end
        return mustYield;
    }

    static TierChangeListener listener() {
        // @start region=listener
        TierChangeListener log = (task, from, to, reason) ->
                System.out.println(task.name() + ": " + from + " -> " + to + " (" + reason + ")");
        // @end
        return log;
    }

    static TierPolicy policy() {
        // @start region=policy
        TierPolicy policy = TierPolicy.builder()
                .slowPollThreshold(Duration.ofNanos(100_000))
                .promoteAfterSlowPolls(5)
                .maxTier(Tier.YIELD) // never isolate
                .build();
        // @end
        return policy;
    }

    static TaskState taskstate() {
        // @start region=taskstate
        TaskState task = new TaskState(42, "worker-1", null, new TaskBudget(4000, 0), System.nanoTime());
        System.out.println(task.name() + " polls=" + task.polls() + " tier=" + task.tier());
        // @end
        return task;
    }

    static Tier manager() {
        // @start region=manager
        TierManager manager = new TierManager(TierPolicy.defaults(), TierChangeListener.NONE);
        long now = 0;
        TaskState task = manager.register(1, "hog", null, new TaskBudget(4000, 0), now);
        for (int i = 0; i < 3; i++) { // three 2 ms polls in a row
            now += 2_000_000;
            manager.recordPoll(task, 2_000_000, 2_000_000, 0, now);
        }
        Tier tier = task.tier(); // WARN
        manager.unregister(task);
        // @end
        return tier;
    }
}
