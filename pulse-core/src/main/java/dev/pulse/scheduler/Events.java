package dev.pulse.scheduler;

import dev.pulse.jfr.ForcedYieldEvent;
import dev.pulse.jfr.HandoffEvent;
import dev.pulse.jfr.SlowPollEvent;
import dev.pulse.jfr.TierChangeEvent;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import dev.pulse.tracking.TierChangeListener;
import dev.pulse.tracking.WarningCause;
import java.util.Locale;

/**
 * Everything a runtime tells the outside world, in one place: its JFR events and its log lines
 * (logger {@code dev.pulse}). One per runtime.
 *
 * <p>Log lines are never written on a carrier: a logger takes locks, and a virtual thread may hold
 * one while unmounted (see {@link Faults}). The one log line a carrier could cause, a tier change
 * at DEBUG, is skipped there (the JFR event still records it); warnings, handoffs and faults are
 * logged by the watchdog or the closing thread.
 */
final class Events implements TierChangeListener {

    private static final System.Logger LOG = System.getLogger("dev.pulse");

    private final String runtime;

    Events(String runtime) {
        this.runtime = runtime;
    }

    /**
     * Initialises the JFR event classes now, not inside a task's poll: the first use of an event
     * class registers it with JFR, which takes long enough to stall a carrier.
     */
    void warmUp() {
        boolean[] recording = {
            new TierChangeEvent().shouldCommit(),
            new ForcedYieldEvent().shouldCommit(),
            new SlowPollEvent().shouldCommit(),
            new HandoffEvent().shouldCommit()
        };
        LOG.log(
                System.Logger.Level.DEBUG,
                "Pulse runtime ''{0}'' started; JFR recording tier changes: {1}",
                runtime,
                recording[0]);
    }

    @Override
    public void tierChanged(TaskState task, Tier from, Tier to, String reason) {
        TierChangeEvent event = new TierChangeEvent();
        if (event.shouldCommit()) {
            event.runtime = runtime;
            event.taskId = task.id();
            event.taskName = task.name();
            event.from = from.name();
            event.to = to.name();
            event.reason = reason;
            event.commit();
        }
        if (!(Thread.currentThread() instanceof Carrier) && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Pulse runtime ''{0}'': task ''{1}'' (#{2}) {3} -> {4}: {5}",
                    runtime,
                    task.name(),
                    task.id(),
                    from,
                    to,
                    reason);
        }
    }

    /** A task yielded at a checkpoint because its tier said so; on the task's thread. */
    void forcedYield(TaskState task) {
        ForcedYieldEvent event = new ForcedYieldEvent();
        if (event.shouldCommit()) {
            event.taskId = task.id();
            event.tier = task.tier().name();
            event.commit();
        }
    }

    /** The watchdog handed {@code carrier} off; on the watchdog. */
    void handoff(String carrier, TaskState task, long pollNanos, int extraCarriers) {
        HandoffEvent event = new HandoffEvent();
        if (event.shouldCommit()) {
            event.runtime = runtime;
            event.carrier = carrier;
            event.taskId = task.id();
            event.taskName = task.name();
            event.pollNanos = pollNanos;
            event.extraCarriers = extraCarriers;
            event.commit();
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Pulse runtime ''{0}'': carrier {1} stuck {2} ms in task ''{3}'' (#{4}); handed off, {5} extra",
                runtime,
                carrier,
                pollNanos / 1_000_000,
                task.name(),
                task.id(),
                extraCarriers);
    }

    /** A warning episode's warning, with the task's stack or why there is none; on the watchdog. */
    void slowPoll(TaskState task, WarningCause cause, long pollNanos, String stack) {
        SlowPollEvent event = new SlowPollEvent();
        if (event.shouldCommit()) {
            event.runtime = runtime;
            event.taskId = task.id();
            event.taskName = task.name();
            event.pollNanos = pollNanos;
            event.tier = task.tier().name();
            event.cause = cause == null ? "" : cause.name();
            event.taskStack = stack;
            event.commit();
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Pulse runtime ''{0}'': task ''{1}'' (#{2}) {3}; now at tier {4}. {5} Stack:\n{6}",
                runtime,
                task.name(),
                task.id(),
                whatItDid(cause, pollNanos),
                task.tier(),
                advice(cause),
                stack);
    }

    /** What the task did, in the words its cause allows: only a long poll is "without yielding". */
    static String whatItDid(WarningCause cause, long pollNanos) {
        String longest = String.format(Locale.ROOT, "%.1f", pollNanos / 1e6);
        if (cause == WarningCause.HOT_CPU_WINDOW) {
            return "kept the CPU busy for most of a CPU window, in polls of up to " + longest + " ms";
        }
        if (cause == WarningCause.SLICES_OVERRUN) {
            return "reached its checkpoints past its slice's end several times in a row (longest poll " + longest
                    + " ms)";
        }
        return "ran " + longest + " ms in one poll without yielding";
    }

    private static String advice(WarningCause cause) {
        if (cause == WarningCause.HOT_CPU_WINDOW || cause == WarningCause.SLICES_OVERRUN) {
            return "It is CPU-bound but reaches yield points: Pulse makes it yield at slice end from here on.";
        }
        return "Call Pulse.checkpoint() in its loops or annotate it with @PreemptionBudget.";
    }

    /** The first failure from {@code where}, logged off the carriers by {@link Faults}. */
    void fault(String where, Throwable failure) {
        try {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Pulse runtime '" + runtime + "': failure in " + where
                            + " (caught; the task runs on; further failures here are counted, not logged)",
                    failure);
        } catch (RuntimeException ignored) {
            // a broken logger must not break Pulse either
        }
    }
}
