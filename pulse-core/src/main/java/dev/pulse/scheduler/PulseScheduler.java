package dev.pulse.scheduler;

import dev.pulse.PulseConfig;
import dev.pulse.budget.TaskBudget;
import dev.pulse.hooks.NoOpHooks;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.jfr.ForcedYieldEvent;
import dev.pulse.jfr.TierChangeEvent;
import dev.pulse.metrics.LogHistogram;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.metrics.TaskSnapshot;
import dev.pulse.tier.InterventionAction;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierManager;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.FallbackCpuTimer;
import dev.pulse.timing.NanoClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Executor} the JDK calls once per poll of every virtual thread of a Pulse runtime.
 *
 * <p>On a thread's first submission it adopts the thread: creates its {@link ScheduledTask} and
 * {@link TaskState}, registers it with the {@link TierManager} and installs the task as the
 * thread's continuation runnable (see {@link VirtualThreadBridge}). Every later submission is
 * that task: it goes to the isolation pool if the task's tier is {@link Tier#ISOLATE}, else to the
 * main pool; a forced yield goes to the tail of the pool's FIFO of yielded tasks (see {@link
 * CarrierPool}), anything else to the pool as usual.
 *
 * <p>Users reach it through {@code PulseRuntime}; it is public for the bridge, benchmarks and
 * tools.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=scheduler}
 */
public final class PulseScheduler implements Executor, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.pulse");
    private static final int ISOLATE = Tier.ISOLATE.ordinal();

    private final PulseConfig config;
    private final String name;
    private final boolean enabled;
    private final NanoClock clock;
    private final TierManager tiers;
    private final CarrierPool main;
    private final CarrierPool isolation;
    private final Faults faults;
    private final PreemptionHooks hooks;
    private final boolean hasHooks;
    private final long sliceNanos;
    private final int budgetUnits;
    private final long slowThresholdNanos;
    private final boolean pollHistograms;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private final LongAdder forcedYields = new LongAdder();
    private final Watchdog watchdog;
    private volatile boolean closed;

    /**
     * Starts the carrier pools and, when enabled, the watchdog.
     *
     * @param config validated settings
     * @throws IllegalStateException if the JDK hook is not usable (the message names the JVM
     *     option to add)
     */
    public PulseScheduler(PulseConfig config) {
        VirtualThreadBridge.requireAvailable();
        JdkIoPollers.startOnTheJdkScheduler();
        this.config = config;
        this.name = config.name();
        this.enabled = config.enabled();
        this.clock = config.clock();
        this.faults = new Faults(name);
        this.hooks = config.hooks();
        this.hasHooks = !(hooks instanceof NoOpHooks);
        this.sliceNanos = config.slice().toNanos();
        this.budgetUnits = config.budgetUnits();
        this.slowThresholdNanos = config.tierPolicy().slowPollThresholdNanos();
        this.pollHistograms = config.pollHistograms();
        this.tiers = new TierManager(config.tierPolicy(), this::tierChanged);
        Thread.UncaughtExceptionHandler carrierFailure =
                (carrier, e) -> faults.report("carrier " + carrier.getName(), e);
        // one cap for both pools: an isolated task stuck without a checkpoint is handed off too
        ExtraCarrierBudget extra = new ExtraCarrierBudget(config.maxExtraCarriers());
        // a timer that throws mid-run is replaced by the wall clock, said once, never in a carrier's face
        CpuTimer cpuTimer = new FallbackCpuTimer(
                config.cpuTimer(),
                e -> faults.report(
                        "CPU timer " + config.cpuTimer().name() + " (Pulse charges polls wall time from now on)", e));
        this.main = new CarrierPool(name, "main", config.carriers(), extra, cpuTimer, carrierFailure);
        this.isolation =
                new CarrierPool(name, "isolation", config.isolationCarriers(), extra, cpuTimer, carrierFailure);
        this.watchdog = enabled ? new Watchdog(this, config) : null;
        if (watchdog != null) {
            warmUpEventClasses();
            watchdog.start();
        }
    }

    /**
     * Initialises the JFR event classes here, not inside a task's poll: the first use of an event
     * class registers it with JFR, which takes long enough to stall a carrier.
     */
    private void warmUpEventClasses() {
        boolean[] recording = {
            new TierChangeEvent().shouldCommit(),
            new ForcedYieldEvent().shouldCommit(),
            new dev.pulse.jfr.SlowPollEvent().shouldCommit(),
            new dev.pulse.jfr.HandoffEvent().shouldCommit()
        };
        LOG.log(
                System.Logger.Level.DEBUG,
                "Pulse runtime ''{0}'' started; JFR recording tier changes: {1}",
                name,
                recording[0]);
    }

    /**
     * Schedules one poll of a virtual thread. Called by the JDK.
     *
     * @param command the thread's continuation runnable
     * @throws RejectedExecutionException if the runtime is closed
     */
    @Override
    public void execute(Runnable command) {
        if (command instanceof ScheduledTask task && task.scheduler() == this) {
            submit(task);
        } else {
            adopt(command);
        }
    }

    private void submit(ScheduledTask task) {
        if (closed) {
            throw new RejectedExecutionException("Pulse runtime '" + name + "' is closed");
        }
        TaskBudget budget = task.budget();
        CarrierPool pool = budget != null && budget.tier() == ISOLATE ? isolation : main;
        if (enabled) {
            task.readyAtNanos = readClock(task.readyAtNanos);
        }
        if (task.forcedYield) {
            task.forcedYield = false;
            pool.submitYielded(task); // round-robin with every other yielded task of the pool
        } else {
            pool.execute(task);
        }
    }

    private void adopt(Runnable continuation) {
        if (closed) {
            throw new RejectedExecutionException("Pulse runtime '" + name + "' is closed");
        }
        Thread thread;
        try {
            thread = VirtualThreadBridge.threadOf(continuation);
        } catch (RuntimeException e) {
            faults.report("adopting a task", e);
            main.executeUntracked(continuation);
            return;
        }
        ScheduledTask task;
        TaskState state = null;
        if (enabled) {
            long now = readClock(0);
            TaskBudget budget = new TaskBudget(budgetUnits, now + sliceNanos);
            state = tiers.register(thread.threadId(), thread.getName(), thread, budget, now);
            task = new ScheduledTask(this, thread, continuation, state, budget);
        } else {
            task = new ScheduledTask(this, thread, continuation, null, null);
        }
        VirtualThreadBridge.replaceRunContinuation(thread, task);
        try {
            submit(task);
        } catch (RuntimeException e) {
            if (state != null) {
                tiers.unregister(state);
            }
            throw e;
        }
    }

    /** One poll of {@code task} on the calling carrier. */
    void poll(ScheduledTask task) {
        Carrier carrier = Thread.currentThread() instanceof Carrier c ? c : null;
        TaskState state = task.taskState();
        long start;
        long delay;
        try {
            start = clock.nanoTime();
            delay = Math.max(0, start - task.readyAtNanos);
            task.budget().reset(budgetUnits, start + sliceNanos);
            task.sliceStartNanos = start;
            task.sliceNanos = sliceNanos;
            if (carrier != null) {
                carrier.beginPoll(task, start, slowThresholdNanos);
            }
        } catch (Throwable t) { // a clock that throws: the task runs on as if Pulse were absent
            faults.report("poll bookkeeping", t);
            if (carrier != null) {
                carrier.endPoll();
            }
            task.runContinuation();
            return;
        }
        if (hasHooks) {
            try {
                hooks.beforePoll(state);
            } catch (Throwable t) {
                faults.report("user hook beforePoll", t);
            }
        }
        task.runContinuation();
        if (carrier != null) {
            carrier.continuationReturned(); // a yield's resubmission is no task waiting behind this carrier
        }
        try {
            long end = clock.nanoTime();
            long pollNanos = Math.max(0, end - start); // 0 if the clock stepped back during the poll
            long cpuNanos = pollNanos;
            if (carrier != null) {
                cpuNanos = carrier.cpuForPoll(pollNanos, slowThresholdNanos, end);
                if (pollHistograms) {
                    carrier.pollTimes.record(pollNanos);
                    carrier.delays.record(delay);
                }
                if (carrier.handedOff) {
                    carrier.carrierPool().retire(carrier);
                }
            }
            tiers.recordPoll(state, pollNanos, cpuNanos, delay, end);
            if (carrier != null) {
                // only now: until the poll is in the task's statistics, a snapshot counts it as
                // the carrier's poll in progress
                carrier.endPoll();
            }
            if (hasHooks) {
                try {
                    hooks.afterPoll(state, pollNanos);
                } catch (Throwable t) {
                    faults.report("user hook afterPoll", t);
                }
            }
            if (!task.thread().isAlive()) {
                tiers.unregister(state);
            }
        } catch (Throwable t) {
            faults.report("poll bookkeeping", t);
            if (carrier != null) {
                carrier.endPoll(); // never leave the carrier looking stuck in this poll
            }
        }
    }

    /**
     * The task's budget ran out at a checkpoint, on the task's own thread.
     *
     * @param sliceOverrideNanos the slice the checkpoint asks for, or 0 for the runtime's slice;
     *     a different slice than the current one moves the deadline to the slice's start plus it
     * @return {@code true} if the task must yield now
     */
    boolean budgetExhausted(ScheduledTask task, long sliceOverrideNanos) {
        TaskState state = task.taskState();
        try {
            long now = clock.nanoTime();
            TaskBudget budget = task.budget();
            long slice = sliceOverrideNanos > 0 ? sliceOverrideNanos : sliceNanos;
            if (slice != task.sliceNanos) {
                budget.reset(0, task.sliceStartNanos + slice);
                task.sliceNanos = slice;
            }
            InterventionAction action = tiers.applyIntervention(state, now);
            if (action == InterventionAction.CONTINUE) {
                if (budget.deadlinePassed(now)) {
                    budget.reset(budgetUnits, now + slice);
                    task.sliceStartNanos = now;
                } else {
                    budget.refill(budgetUnits);
                }
                return false;
            }
            state.recordForcedYield();
            forcedYields.increment();
            if (hasHooks) {
                try {
                    hooks.onYield(state);
                } catch (Throwable t) {
                    faults.report("user hook onYield", t);
                }
            }
            ForcedYieldEvent event = new ForcedYieldEvent();
            if (event.shouldCommit()) {
                event.taskId = state.id();
                event.tier = state.tier().name();
                event.commit();
            }
            task.forcedYield = true;
            return true;
        } catch (Throwable t) {
            faults.report("checkpoint", t);
            task.budget().refill(budgetUnits); // no clock here: it may be what failed
            return false;
        }
    }

    /**
     * The runtime's clock, or {@code fallback} if it throws (reported as a fault): a clock read
     * on the way to running a task must never keep the task from running.
     */
    private long readClock(long fallback) {
        try {
            return clock.nanoTime();
        } catch (Throwable t) {
            faults.report("clock", t);
            return fallback;
        }
    }

    /** A fresh slice for a task whose forced yield did not happen (pinned); on its own thread. */
    void refill(ScheduledTask task) {
        try {
            long now = clock.nanoTime();
            task.budget().reset(budgetUnits, now + task.sliceNanos);
            task.sliceStartNanos = now;
        } catch (Throwable t) { // never into the task: units only, the slice's deadline stays
            faults.report("clock", t);
            task.budget().refill(budgetUnits);
        }
    }

    private void tierChanged(TaskState task, Tier from, Tier to, String reason) {
        TierChangeEvent event = new TierChangeEvent();
        if (event.shouldCommit()) {
            event.runtime = name;
            event.taskId = task.id();
            event.taskName = task.name();
            event.from = from.name();
            event.to = to.name();
            event.reason = reason;
            event.commit();
        }
        // never on a carrier: a logger's lock may be held by an unmounted virtual thread (see Faults)
        if (!(Thread.currentThread() instanceof Carrier) && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Pulse runtime ''{0}'': task ''{1}'' (#{2}) {3} -> {4}: {5}",
                    name,
                    task.name(),
                    task.id(),
                    from,
                    to,
                    reason);
        }
    }

    /**
     * Takes a snapshot of this runtime's metrics. Never blocks a carrier.
     *
     * @return the snapshot
     */
    public PulseMetrics metrics() {
        long[] pollTimes = new long[LogHistogram.BUCKETS];
        long[] delays = new long[LogHistogram.BUCKETS];
        long[] sums = new long[2];
        main.addHistograms(pollTimes, delays, sums);
        isolation.addHistograms(pollTimes, delays, sums);
        Map<Tier, Long> promotions = new EnumMap<>(Tier.class);
        Map<Tier, Long> demotions = new EnumMap<>(Tier.class);
        Map<Tier, Integer> live = new EnumMap<>(Tier.class);
        int[] byTier = tiers.liveTasksByTier();
        for (Tier t : Tier.values()) {
            promotions.put(t, tiers.promotions(t));
            demotions.put(t, tiers.demotions(t));
            live.put(t, byTier[t.ordinal()]);
        }
        return new PulseMetrics(
                name,
                enabled,
                sums[0],
                sums[1],
                slowThresholdNanos,
                tiers.budgetExhaustions(),
                forcedYields.sum(),
                promotions,
                demotions,
                main.handoffs() + isolation.handoffs(),
                watchdog == null ? 0 : watchdog.warnings(),
                watchdog == null ? 0 : watchdog.suppressedWarnings(),
                tiers.slowQueueSize(),
                live,
                main.size(),
                isolation.size(),
                main.extraCarriers() + isolation.extraCarriers(),
                faults.count(),
                topTasks(PulseMetrics.TOP_TASKS),
                pollTimes,
                delays);
    }

    /**
     * The busiest live tasks: ranked by attributed CPU plus the poll in progress, so a task stuck
     * in one long poll (whose CPU is attributed only when the poll ends) ranks by what it is doing.
     */
    private List<TaskSnapshot> topTasks(int n) {
        long now = clock.nanoTime();
        java.util.IdentityHashMap<TaskState, Long> running = new java.util.IdentityHashMap<>();
        for (CarrierPool pool : new CarrierPool[] {main, isolation}) {
            for (Carrier carrier : pool.carriers()) {
                ScheduledTask task = carrier.currentTask();
                if (task != null && task.taskState() != null) {
                    // CPU, not wall: a poll blocked in the JDK (class init, pinned I/O) is not busy
                    running.put(task.taskState(), carrier.cpuInCurrentPoll(threads, now - carrier.pollStartNanos()));
                }
            }
        }
        Comparator<TaskState> busy = Comparator.comparingLong(t -> t.cpuNanos() + running.getOrDefault(t, 0L));
        PriorityQueue<TaskState> busiest = new PriorityQueue<>(busy);
        for (TaskState task : tiers.tasks()) {
            busiest.add(task);
            if (busiest.size() > n) {
                busiest.poll();
            }
        }
        List<TaskState> top = new ArrayList<>(busiest);
        top.sort(busy.reversed());
        List<TaskSnapshot> snapshots = new ArrayList<>(top.size());
        for (TaskState task : top) {
            snapshots.add(new TaskSnapshot(task, running.getOrDefault(task, 0L)));
        }
        return snapshots;
    }

    /**
     * The most carrier threads this runtime has run: the main pool's peak (extra carriers
     * included) plus the isolation pool's. Each pool's peak is taken on its own, so the sum is an
     * upper bound of the threads that ran at once; a baseline given this many carriers is given
     * at least what Pulse had.
     *
     * @return the peak
     */
    public int peakCarriers() {
        return main.peakSize() + isolation.peakSize();
    }

    /**
     * The settings in force.
     *
     * @return the configuration
     */
    public PulseConfig config() {
        return config;
    }

    /**
     * The tier manager.
     *
     * @return the manager
     */
    public TierManager tiers() {
        return tiers;
    }

    /**
     * The main carrier pool.
     *
     * @return the pool
     */
    public CarrierPool mainPool() {
        return main;
    }

    /**
     * The isolation carrier pool.
     *
     * @return the pool
     */
    public CarrierPool isolationPool() {
        return isolation;
    }

    /**
     * Failures caught inside Pulse and user hooks.
     *
     * @return the counter
     */
    public Faults faults() {
        return faults;
    }

    NanoClock clock() {
        return clock;
    }

    /**
     * Says whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops the watchdog and the carriers. Tasks submitted afterwards are rejected with {@link
     * RejectedExecutionException}, as by any shut-down executor. Waits up to 5 s for idle
     * carriers to exit (not when called from one of this runtime's own threads); a carrier still
     * running a task exits when its poll ends.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        // On one of this runtime's own threads nothing may wait: a virtual thread that parks here
        // would need this runtime to resume it, and it no longer accepts tasks.
        boolean ownThread = Checkpoints.currentTask() != null || Thread.currentThread() instanceof Carrier;
        if (watchdog != null) {
            watchdog.stop(!ownThread);
        }
        closed = true;
        main.shutdown();
        isolation.shutdown();
        if (ownThread) {
            return;
        }
        faults.flush();
        try {
            main.awaitTermination(5, TimeUnit.SECONDS);
            isolation.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
