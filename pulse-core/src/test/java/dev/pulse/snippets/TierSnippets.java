package dev.pulse.snippets;

import dev.pulse.PulseRuntime;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import dev.pulse.tracking.TierChangeListener;
import dev.pulse.tracking.TierManager;
import dev.pulse.tracking.TrackedTask;
import dev.pulse.tracking.WarningCause;
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

    static void taskstate(PulseRuntime pulse) {
        // @start region=taskstate
        for (TaskState task : pulse.tasks()) {
            System.out.println(task.name() + " polls=" + task.polls() + " tier=" + task.tier());
        }
        // @end
    }

    static Tier manager() {
        // @start region=manager
        TierManager manager = new TierManager(TierPolicy.defaults(), TierChangeListener.NONE);
        long now = 0;
        TrackedTask task = manager.register(1, "hog", null, 4000, 0, now);
        for (int i = 0; i < 3; i++) { // three 2 ms polls in a row
            now += 2_000_000;
            manager.recordPoll(task, 2_000_000, 2_000_000, 0, now);
        }
        Tier tier = task.tier(); // WARN
        manager.unregister(task);
        // @end
        return tier;
    }

    static WarningCause cause() {
        // @start region=cause
        TierManager manager = new TierManager(TierPolicy.defaults(), TierChangeListener.NONE);
        long now = 0;
        TrackedTask task = manager.register(1, "cruncher", null, 4000, 0, now);
        for (int i = 0; i < 2_600; i++) { // 40 us polls back to back: none slow, the CPU always busy
            now += 40_000;
            manager.recordPoll(task, 40_000, 40_000, 0, now);
        }
        WarningCause cause = task.warningCause(); // HOT_CPU_WINDOW
        manager.unregister(task);
        // @end
        return cause;
    }
}
