package dev.pulse.scheduler;

import dev.pulse.PulseConfig;
import dev.pulse.jfr.HandoffEvent;
import dev.pulse.jfr.SlowPollEvent;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.TierManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon platform thread per runtime, Go's sysmon in spirit. Every tick it:
 *
 * <ol>
 *   <li>looks at each carrier's current poll, in the main and the isolation pool alike: one that has spent {@code promoteAfterSlowPolls}
 *       slices of CPU (what a task with checkpoints spends to reach WARN), and at least {@code
 *       handoffAfter}, starts a warning episode (CPU, not wall time: wall time alone could be the
 *       OS descheduling the carrier) ({@link TierManager#observeLongPoll}); one stuck past
 *       {@code handoffAfter} while other tasks wait is handed off ({@link CarrierPool#handOff}),
 *       so a replacement carrier runs the queue — this needs no checkpoint at all;
 *   <li>drains the tier manager's slow queue and, rate-limited to one per {@code warnInterval},
 *       commits a {@link SlowPollEvent} and logs a warning with the task's name, id, poll time
 *       and stack trace.
 * </ol>
 *
 * <p><b>Stack traces.</b> The JDK takes the stack of an unmounted virtual thread by suspending it
 * and then submitting it again, which would add an empty poll. So the watchdog takes a task's
 * stack only while the task runs on a carrier (the JDK then samples it in place), waiting up to
 * 100 ms for that; a task that does not run in that time is reported without a stack.
 *
 * <p>The tick is a quarter of {@code handoffAfter}, at least 1 ms and at most 10 ms. Nothing the
 * watchdog does blocks a carrier.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=watchdog}
 */
public final class Watchdog implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.pulse");
    private static final int MAX_STACK_FRAMES = 32;
    private static final long STACK_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PulseScheduler scheduler;
    private final String runtime;
    private final long tickNanos;
    private final long handoffAfterNanos;
    private final long warnIntervalNanos;
    private final long longPollNanos;
    private final Thread thread;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private final LongAdder warnings = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private volatile boolean stopped;
    private TaskState pendingWarning;
    private long pendingSince;
    private long lastWarnNanos;
    private boolean warnedOnce;

    Watchdog(PulseScheduler scheduler, PulseConfig config) {
        this.scheduler = scheduler;
        this.runtime = config.name();
        this.handoffAfterNanos = config.handoffAfter().toNanos();
        this.tickNanos =
                Math.clamp(handoffAfterNanos / 4, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(10));
        this.warnIntervalNanos = config.warnInterval().toNanos();
        // A poll with no checkpoint is "long" once it has used as much CPU as a checkpointed task
        // spends to reach WARN (promoteAfterSlowPolls slices), and at least handoffAfter: the
        // thread CPU clock of a carrier on a busy (virtual) machine now and then reads a few ms
        // for a poll that did microseconds of work, and one such reading must not warn a task
        // that sleeps between tiny steps. A poll that has held its carrier's CPU for handoffAfter
        // is what the watchdog already treats as stuck.
        this.longPollNanos =
                Math.max(config.slice().toNanos() * config.tierPolicy().promoteAfterSlowPolls(), handoffAfterNanos);
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("pulse-" + runtime + "-watchdog")
                .unstarted(this);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops the watchdog.
     *
     * @param await whether to wait (up to 5 s) for its thread to end
     */
    void stop(boolean await) {
        stopped = true;
        LockSupport.unpark(thread);
        if (await && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The watchdog loop. Runs until the runtime closes; never throws. */
    @Override
    public void run() {
        while (!stopped) {
            LockSupport.parkNanos(this, tickNanos);
            if (stopped) {
                break;
            }
            try {
                scan(scheduler.clock().nanoTime());
            } catch (Throwable t) {
                scheduler.faults().report("watchdog", t);
            }
            scheduler.faults().flush(); // failures met on carriers are logged here, off the carriers
        }
    }

    /**
     * One scan: long polls, handoffs, warnings.
     *
     * @param nowNanos the current time on the runtime's clock
     */
    void scan(long nowNanos) {
        TierManager tiers = scheduler.tiers();
        // both pools: an isolated task that stops reaching checkpoints holds its isolation
        // carrier as surely as a task on main, and the tasks queued behind it wait as long
        for (CarrierPool pool : new CarrierPool[] {scheduler.mainPool(), scheduler.isolationPool()}) {
            for (Carrier carrier : pool.carriers()) {
                ScheduledTask task = carrier.currentTask();
                if (task == null) {
                    continue;
                }
                long running = nowNanos - carrier.pollStartNanos();
                if (running >= longPollNanos && carrier.cpuInCurrentPoll(threads, running) >= longPollNanos) {
                    tiers.observeLongPoll(task.taskState(), running, nowNanos);
                }
                if (running >= handoffAfterNanos
                        && carrier
                                .runsContinuation() // not a poll that has just yielded: its own resubmission is queued
                        && !carrier.isHandedOff()
                        && pool.hasQueuedTasks()
                        && pool.handOff(carrier)) {
                    handedOff(carrier, task, running, pool.extraCarriers());
                }
            }
        }
        if (pendingWarning == null) {
            pendingWarning = tiers.pollSlowTask();
            pendingSince = nowNanos;
        }
        while (pendingWarning != null) {
            Carrier carrier = carrierRunning(pendingWarning);
            if (carrier == null && nowNanos - pendingSince < STACK_WAIT_NANOS) {
                return; // wait for the task to be mounted: see "Stack traces" in the class comment
            }
            warn(pendingWarning, carrier, nowNanos);
            pendingWarning = tiers.pollSlowTask();
            pendingSince = nowNanos;
        }
    }

    private void handedOff(Carrier carrier, ScheduledTask task, long running, int extra) {
        HandoffEvent event = new HandoffEvent();
        if (event.shouldCommit()) {
            event.runtime = runtime;
            event.carrier = carrier.getName();
            event.taskId = task.taskState().id();
            event.taskName = task.taskState().name();
            event.pollNanos = running;
            event.extraCarriers = extra;
            event.commit();
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Pulse runtime ''{0}'': carrier {1} stuck {2} ms in task ''{3}'' (#{4}); handed off, {5} extra",
                runtime,
                carrier.getName(),
                running / 1_000_000,
                task.taskState().name(),
                task.taskState().id(),
                extra);
    }

    private void warn(TaskState task, Carrier carrier, long nowNanos) {
        if (warnedOnce && nowNanos - lastWarnNanos < warnIntervalNanos) {
            suppressed.increment();
            return;
        }
        warnedOnce = true;
        lastWarnNanos = nowNanos;
        warnings.increment();
        long pollNanos = carrier != null
                ? nowNanos - carrier.pollStartNanos()
                : Math.max(task.lastSlowPollNanos(), task.maxPollNanos());
        String stack = carrier != null
                ? stackOf(task.thread())
                : "\t(stack not captured: the task was not running when the warning was taken)\n";
        SlowPollEvent event = new SlowPollEvent();
        if (event.shouldCommit()) {
            event.runtime = runtime;
            event.taskId = task.id();
            event.taskName = task.name();
            event.pollNanos = pollNanos;
            event.tier = task.tier().name();
            event.taskStack = stack;
            event.commit();
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Pulse runtime ''{0}'': task ''{1}'' (#{2}) ran {3} ms in one poll without yielding; now at tier {4}."
                        + " Call Pulse.checkpoint() in its loops or annotate it with @PreemptionBudget. Stack:\n{5}",
                runtime,
                task.name(),
                task.id(),
                String.format(java.util.Locale.ROOT, "%.1f", pollNanos / 1e6),
                task.tier(),
                stack);
    }

    private Carrier carrierRunning(TaskState task) {
        for (CarrierPool pool : new CarrierPool[] {scheduler.mainPool(), scheduler.isolationPool()}) {
            for (Carrier carrier : pool.carriers()) {
                ScheduledTask running = carrier.currentTask();
                if (running != null && running.taskState() == task) {
                    return carrier;
                }
            }
        }
        return null;
    }

    private static String stackOf(Thread thread) {
        if (thread == null) {
            return "\t(no thread)";
        }
        StackTraceElement[] frames = thread.getStackTrace();
        StringBuilder sb = new StringBuilder();
        int n = Math.min(frames.length, MAX_STACK_FRAMES);
        for (int i = 0; i < n; i++) {
            sb.append("\tat ").append(frames[i]).append('\n');
        }
        if (frames.length > n) {
            sb.append("\t... ").append(frames.length - n).append(" more\n");
        }
        if (frames.length == 0) {
            sb.append("\t(stack not available: the task is between polls)\n");
        }
        return sb.toString();
    }

    /**
     * Warnings emitted.
     *
     * @return the count
     */
    public long warnings() {
        return warnings.sum();
    }

    /**
     * Warnings dropped by the rate limit.
     *
     * @return the count
     */
    public long suppressedWarnings() {
        return suppressed.sum();
    }
}
