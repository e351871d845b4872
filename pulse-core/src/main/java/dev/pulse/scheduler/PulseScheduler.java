package dev.pulse.scheduler;

import dev.pulse.PulseConfig;
import dev.pulse.metrics.BusiestTasks;
import dev.pulse.metrics.CarrierCounts;
import dev.pulse.metrics.Interventions;
import dev.pulse.metrics.LogHistogram;
import dev.pulse.metrics.PollStats;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.metrics.TierCounts;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.FallbackCpuTimer;
import dev.pulse.timing.NanoClock;
import dev.pulse.tracking.TierManager;
import dev.pulse.tracking.TrackedTask;
import java.util.Collection;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Executor} the JDK calls once per poll of every virtual thread of a Pulse runtime, and
 * the runtime's owner: it builds the parts (pools, tier manager, watchdog, events) and closes
 * them. The poll itself is {@link ScheduledTask}'s; see docs/ARCHITECTURE.md.
 *
 * <p>On a thread's first submission it adopts the thread: creates its {@link ScheduledTask} and
 * {@link TrackedTask}, registers it with the {@link TierManager} and installs the task as the
 * thread's continuation runnable (see {@link VirtualThreadBridge}). Every later submission is
 * that task: it goes to the isolation pool if the task's tier is {@link Tier#ISOLATE}, else to the
 * main pool; a forced yield goes to the tail of the pool's FIFO of yielded tasks (see {@link
 * CarrierPool}), a plain yield to the pool's shared queues, anything else to the pool as usual.
 *
 * <p>Internal: users reach it through {@code PulseRuntime}.
 */
public final class PulseScheduler implements Executor, AutoCloseable {

    private static final int ISOLATE = Tier.ISOLATE.ordinal();

    /**
     * One wake-up in this many has its scheduling delay timed, unless the tier manager needs
     * every one (a power of two).
     */
    static final int DELAY_SAMPLE_EVERY = 8;

    private final String name;
    private final boolean enabled;
    private final NanoClock clock;
    private final PollContext context;
    private final TierManager tiers;
    private final CarrierPool main;
    private final CarrierPool isolation;
    private final Faults faults;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private final Watchdog watchdog;
    private final ParkTimer parkTimer;
    private final TimedParkScheduler virtualThreadScheduler;
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
        this.name = config.name();
        this.enabled = config.enabled();
        this.clock = config.clock();
        Events events = new Events(name);
        this.faults = new Faults(events);
        this.tiers = new TierManager(config.tierPolicy(), events);
        this.context = PollContext.of(config, tiers, faults, events);
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
        this.parkTimer = new ParkTimer(
                "pulse-" + name + "-timer", faults, config.timerSlack().toNanos());
        this.virtualThreadScheduler = new TimedParkScheduler(this, parkTimer);
        this.watchdog = enabled ? new Watchdog(config, List.of(main, isolation), tiers, faults, events) : null;
        if (watchdog != null) {
            events.warmUp();
            watchdog.start();
        }
    }

    /**
     * The scheduler to build this runtime's virtual threads with: this one, as the {@link
     * java.util.concurrent.ForkJoinPool} through which the JDK hands the threads' timed parks to
     * the runtime's own timer rather than to its shared, locked timer queues.
     *
     * @return the executor for {@link VirtualThreadBridge#newVirtualThreadBuilder(Executor)}
     */
    public Executor virtualThreadScheduler() {
        return virtualThreadScheduler;
    }

    /** The timer of this runtime's timed parks (tests look at what it holds). */
    ParkTimer parkTimer() {
        return parkTimer;
    }

    /**
     * Schedules one poll of a virtual thread. Called by the JDK.
     *
     * @param command the thread's continuation runnable
     * @throws RejectedExecutionException if the runtime is closed
     */
    @Override
    public void execute(Runnable command) {
        if (command instanceof ScheduledTask task && task.context() == context) {
            submit(task);
        } else {
            adopt(command);
        }
    }

    private void submit(ScheduledTask task) {
        if (closed) {
            throw new RejectedExecutionException("Pulse runtime '" + name + "' is closed");
        }
        TrackedTask state = task.taskState();
        CarrierPool pool = state != null && state.tierCode() == ISOLATE ? isolation : main;
        if (Thread.currentThread() instanceof Carrier carrier && carrier.currentTask() == task) {
            // the task resubmits itself on its way out of a poll: it no longer runs here. Said
            // before it is queued, so the watchdog, which looks at the queue first, never takes
            // this resubmission for a task waiting behind a long poll (seen: a carrier
            // descheduled by the OS between the yield and the poll's end was handed off)
            carrier.continuationReturned();
            // its ready time is the poll's end, which the poll reads anyway: one clock read less
            // (see ScheduledTask.readyAtPollEnd)
            task.readyAtPollEnd = true;
            task.readyWeight = 1;
            task.readyOn = carrier.id();
            if (task.forcedYield) {
                task.forcedYield = false;
                pool.submitYielded(task); // round-robin with every other yielded task of the pool
            } else if (VirtualThreadBridge.hasYielded(task.thread())) {
                // the task's own Thread.yield(): behind what is queued, as the JDK's scheduler
                // submits a yield. Pushed onto this carrier's own queue, a task that yields in a
                // loop would run again at once, ahead of tasks queued elsewhere (seen:
                // SchedulingDelayTest). Not through the FIFO of forced yields, whose token and
                // node cost a yield about 95 ns (yieldLoop): plain yields need no round-robin
                // among themselves, only not to jump the queue
                pool.submitExternally(task);
            } else {
                // an unpark that raced the park: it goes on where it is, as the JDK's scheduler
                // does (sent to the back of the yielded tasks, it waited behind every hog)
                pool.execute(task);
            }
            return;
        }
        if (enabled) {
            task.readyOn = pollingCarrier();
            timeReadiness(task);
        }
        pool.execute(task);
    }

    /**
     * The id of the carrier the caller runs on, if the caller is in one of its polls (a virtual
     * thread waking or starting another); 0 otherwise. See ScheduledTask.readyOn.
     */
    private static int pollingCarrier() {
        return VirtualThreadBridge.currentCarrier() instanceof Carrier c && c.currentTask() != null ? c.id() : 0;
    }

    /**
     * Times a wake-up when the tier manager needs its delay, and one in {@link
     * #DELAY_SAMPLE_EVERY} of the others, drawn at random so that no periodic pattern of wake-ups
     * hides from the sample (see ScheduledTask.readyWeight).
     */
    private void timeReadiness(ScheduledTask task) {
        int weight;
        if (tiers.needsEveryDelay(task.taskState())) {
            weight = 1;
        } else if ((ThreadLocalRandom.current().nextInt() & (DELAY_SAMPLE_EVERY - 1)) == 0) {
            weight = DELAY_SAMPLE_EVERY;
        } else {
            task.readyWeight = 0;
            return;
        }
        try {
            task.readyAtNanos = clock.nanoTime();
            task.readyWeight = (byte) weight;
        } catch (Throwable t) {
            faults.report("clock", t);
            task.readyWeight = 0;
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
        TrackedTask state = null;
        if (enabled) {
            // no clock read: the first poll starts the task's slice and its first CPU window
            state = tiers.register(thread.threadId(), thread.getName(), thread, context.budgetUnits());
            task = new ScheduledTask(context, thread, continuation, state);
            task.readyOn = pollingCarrier();
            timeReadiness(task); // a start is a wake-up like any other
        } else {
            task = new ScheduledTask(context, thread, continuation, null);
        }
        VirtualThreadBridge.replaceRunContinuation(thread, task);
        try {
            main.execute(task); // a new task is at MONITOR, on the main pool
        } catch (RuntimeException e) {
            if (state != null) {
                tiers.unregister(state);
            }
            throw e;
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
                new PollStats(sums[0], sums[1], context.slowThresholdNanos(), pollTimes, delays),
                new Interventions(
                        tiers.budgetExhaustions(),
                        tiers.forcedYields(),
                        main.handoffs() + isolation.handoffs(),
                        watchdog == null ? 0 : watchdog.warnings(),
                        watchdog == null ? 0 : watchdog.suppressedWarnings(),
                        tiers.slowQueueSize()),
                new TierCounts(promotions, demotions, live),
                new CarrierCounts(main.size(), isolation.size(), main.extraCarriers() + isolation.extraCarriers()),
                faults.count(),
                BusiestTasks.rank(tiers.tasks(), runningPolls(), PulseMetrics.TOP_TASKS));
    }

    /** CPU of the poll each running task is in now (CPU, not wall: a poll blocked in the JDK is not busy). */
    private Map<TaskState, Long> runningPolls() {
        long now = clock.nanoTime();
        IdentityHashMap<TaskState, Long> running = new IdentityHashMap<>();
        for (CarrierPool pool : List.of(main, isolation)) {
            for (Carrier carrier : pool.carriers()) {
                ScheduledTask task = carrier.currentTask();
                if (task != null && task.taskState() != null) {
                    running.put(task.taskState(), carrier.cpuInCurrentPoll(threads, now - carrier.pollStartNanos()));
                }
            }
        }
        return running;
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
     * The live tasks, as an unmodifiable, weakly consistent view.
     *
     * @return the tasks
     */
    public Collection<? extends TaskState> tasks() {
        return tiers.tasks();
    }

    /**
     * Stops the watchdog, the timer of timed parks and the carriers. Tasks submitted afterwards
     * are rejected with {@link RejectedExecutionException}, as by any shut-down executor, and a
     * thread parked with a timeout is not woken (it could not run). Waits up to 5 s for idle
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
        parkTimer.close();
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
