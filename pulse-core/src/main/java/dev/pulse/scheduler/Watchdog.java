package dev.pulse.scheduler;

import dev.pulse.PulseConfig;
import dev.pulse.timing.NanoClock;
import dev.pulse.tracking.TierManager;
import dev.pulse.tracking.TrackedTask;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon platform thread per runtime, Go's sysmon in spirit. Every tick it:
 *
 * <ol>
 *   <li>looks at each carrier's current poll, in the main and the isolation pool alike: one that
 *       has spent {@link PulseConfig#longPollNanos()} of CPU starts a warning episode (CPU, not
 *       wall time: wall time alone could be the OS descheduling the carrier) ({@link
 *       TierManager#observeLongPoll}); one stuck past
 *       {@code handoffAfter} while other tasks wait is handed off ({@link CarrierPool#handOff}),
 *       so a replacement carrier runs the queue — this needs no checkpoint at all. Stuck means
 *       held by its task: computing (half of {@code handoffAfter} on the CPU) or blocked in it
 *       ({@link OsThread}), not kept waiting for a CPU by the OS, which a replacement would not
 *       help;
 *   <li>drains the tier manager's slow queue and, rate-limited to one per {@code warnInterval},
 *       emits a slow-poll JFR event and a warning with the task's name, id, poll time and stack
 *       trace ({@link Events#slowPoll});
 *   <li>logs the failures met on carriers ({@link Faults#flush()}), off the carriers.
 * </ol>
 *
 * <p><b>Stack traces.</b> The JDK takes the stack of an unmounted virtual thread by suspending it
 * and then submitting it again, which would add an empty poll. So the watchdog takes a task's
 * stack only while the task runs on a carrier (the JDK then samples it in place), waiting up to
 * 100 ms for that; a task that does not run in that time is reported without a stack.
 *
 * <p>The tick is a quarter of {@code handoffAfter}, at least 1 ms and at most 10 ms. Nothing the
 * watchdog does blocks a carrier. It is given what it works on (the pools, the tier manager, the
 * clock, faults and events), not the scheduler.
 */
final class Watchdog implements Runnable {

    private static final int MAX_STACK_FRAMES = 32;
    private static final long STACK_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final List<CarrierPool> pools;
    private final TierManager tiers;
    private final NanoClock clock;
    private final Faults faults;
    private final Events events;
    private final long tickNanos;
    private final long handoffAfterNanos;
    private final long warnIntervalNanos;
    private final long longPollNanos;
    private final Thread thread;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private final LongAdder warnings = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private volatile boolean stopped;
    private TrackedTask pendingWarning;
    private long pendingSince;
    private long lastWarnNanos;
    private boolean warnedOnce;

    Watchdog(PulseConfig config, List<CarrierPool> pools, TierManager tiers, Faults faults, Events events) {
        this.pools = List.copyOf(pools);
        this.tiers = tiers;
        this.clock = config.clock();
        this.faults = faults;
        this.events = events;
        this.handoffAfterNanos = config.handoffAfter().toNanos();
        this.tickNanos =
                Math.clamp(handoffAfterNanos / 4, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(10));
        this.warnIntervalNanos = config.warnInterval().toNanos();
        this.longPollNanos = config.longPollNanos();
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("pulse-" + config.name() + "-watchdog")
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
                scan(clock.nanoTime());
            } catch (Throwable t) {
                faults.report("watchdog", t);
            }
            faults.flush(); // failures met on carriers are logged here, off the carriers
        }
    }

    /**
     * One scan: long polls, handoffs, warnings.
     *
     * @param nowNanos the current time on the runtime's clock
     */
    void scan(long nowNanos) {
        // both pools: an isolated task that stops reaching checkpoints holds its isolation
        // carrier as surely as a task on main, and the tasks queued behind it wait as long
        for (CarrierPool pool : pools) {
            for (Carrier carrier : pool.carriers()) {
                ScheduledTask task = carrier.currentTask();
                if (task == null) {
                    continue;
                }
                long running = nowNanos - carrier.pollStartNanos();
                // a system call: only for a poll past handoffAfter (a long poll is at least that long)
                long cpu = running >= handoffAfterNanos ? carrier.cpuInCurrentPoll(threads, running) : 0;
                if (running >= longPollNanos && cpu >= longPollNanos) {
                    tiers.observeLongPoll(task.taskState(), running, nowNanos);
                }
                // the queue before the carrier: a task's own resubmission is queued only after its
                // carrier says the continuation returned, so a queue that shows it is followed by
                // a carrier that says so (not a poll that has just yielded: see PulseScheduler.submit)
                if (running >= handoffAfterNanos
                        && !carrier.isHandedOff()
                        && pool.hasQueuedTasks()
                        && carrier.runsContinuation()
                        && heldByItsTask(carrier, cpu)
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

    /**
     * Whether the task holds the carrier, which a handoff helps: it computes (half of {@code
     * handoffAfter} on the CPU in this poll) or it is blocked without unmounting (the OS does not
     * have the carrier runnable: pinned in a class initializer or a native call, or stopped at a
     * safepoint). Not when the OS keeps a carrier of a short step waiting for a CPU: every core is
     * busy, and a replacement would wait for a CPU as well while adding one more runnable thread.
     */
    private boolean heldByItsTask(Carrier carrier, long cpuNanos) {
        return cpuNanos >= handoffAfterNanos / 2 || !carrier.runnableForOs();
    }

    private void handedOff(Carrier carrier, ScheduledTask task, long running, int extra) {
        events.handoff(carrier.getName(), task.taskState(), running, extra);
    }

    private void warn(TrackedTask task, Carrier carrier, long nowNanos) {
        if (warnedOnce && nowNanos - lastWarnNanos < warnIntervalNanos) {
            suppressed.increment();
            return;
        }
        warnedOnce = true;
        lastWarnNanos = nowNanos;
        warnings.increment();
        // the longest poll the task is known to have run: the one in progress or an earlier one.
        // The poll in progress alone is not it: the task may be in a fresh poll by now (a task
        // promoted for a hot CPU window yields all the time), begun after nowNanos was read, which
        // made a warning say "ran -0.2 ms"
        long running = carrier != null ? Math.max(0, nowNanos - carrier.pollStartNanos()) : 0;
        long pollNanos = Math.max(running, Math.max(task.lastSlowPollNanos(), task.maxPollNanos()));
        String stack = carrier != null
                ? stackOf(task.thread())
                : "\t(stack not captured: the task was not running when the warning was taken)\n";
        events.slowPoll(task, task.warningCause(), pollNanos, stack);
    }

    private Carrier carrierRunning(TrackedTask task) {
        for (CarrierPool pool : pools) {
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
    long warnings() {
        return warnings.sum();
    }

    /**
     * Warnings dropped by the rate limit.
     *
     * @return the count
     */
    long suppressedWarnings() {
        return suppressed.sum();
    }
}
