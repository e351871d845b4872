package dev.pulse.scheduler;

import dev.pulse.metrics.LogHistogram;
import dev.pulse.timing.CpuTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pool of {@link Carrier}s: a {@link ForkJoinPool} in async (FIFO) mode, plus the carriers'
 * registry and the handoff accounting. A runtime has two: main and isolation.
 *
 * <p><b>Handoff.</b> {@link #handOff(Carrier)} raises the pool's parallelism by one and makes the
 * pool start a replacement worker that drains what is queued behind the stuck poll; {@link
 * #retire(Carrier)} lowers it again when that poll ends, and the surplus worker exits after the
 * keep-alive. The runtime's {@link ExtraCarrierBudget}, shared with the other pool, caps the extra
 * carriers of both pools together. Raising the parallelism starts
 * nothing by itself: a {@link ForkJoinPool} starts a worker when a push finds its queue empty, and a
 * worker that takes a task passes the signal on while more are queued. A wake-up pushed behind
 * tasks already waiting in the same submission queue signals nothing, so the pool would stay a
 * worker short with tasks queued (seen: a task queued before the first handoff waited forever,
 * behind the first round's unused wake-ups). So a handoff takes every queued submission out and
 * pushes them back from the watchdog's emptied queue, where the first push signals; with nothing
 * queued, it pushes a wake-up instead.
 *
 * <p><b>Yielded tasks.</b> A {@link ForkJoinPool} worker that took a task from a queue keeps
 * taking from that queue while it has tasks, and a task submitted from a carrier lands in a queue
 * chosen by that carrier. So if a task that yields were resubmitted directly, each carrier would
 * keep running the tasks it yields itself, and tasks queued elsewhere would wait for as long as
 * that goes on (seen: 4 polls in 20 s). Instead a task Pulse made yield joins one FIFO per pool,
 * and the pool is given an interchangeable token; whichever carrier runs a token runs the oldest
 * yielded task. Yielding tasks thus take turns round-robin across all carriers. This costs one
 * queue node per forced yield, which happens at most once per slice per task. A task's own
 * {@code Thread.yield()} goes to the pool's shared submission queues ({@link
 * #submitExternally}), as on the JDK's scheduler: pushed onto its carrier's own queue it ran again
 * at once, ahead of a task queued from outside. An unpark that raced its park stays on the
 * carrier's own queue, as on the JDK's scheduler.
 */
final class CarrierPool {

    /** How long a surplus worker idles before it exits. */
    static final long KEEP_ALIVE_SECONDS = 2;

    private final Workers pool;
    private final ExtraCarrierBudget extraBudget;
    private final CopyOnWriteArrayList<Carrier> carriers = new CopyOnWriteArrayList<>();
    private final AtomicInteger extra = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger queuedWakeUps = new AtomicInteger();
    private final WakeUp wakeUp = new WakeUp(queuedWakeUps);
    private final LongAdder handoffs = new LongAdder();
    private final java.util.concurrent.ConcurrentLinkedQueue<ScheduledTask> yielded =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final RunOldestYielded runOldestYielded = new RunOldestYielded(yielded);
    private final long[] retiredPollTimes = new long[LogHistogram.BUCKETS];
    private final long[] retiredDelays = new long[LogHistogram.BUCKETS];
    private long retiredPollSum;
    private long retiredDelaySum;

    CarrierPool(
            String runtime,
            String role,
            int parallelism,
            ExtraCarrierBudget extraBudget,
            CpuTimer cpuTimer,
            Thread.UncaughtExceptionHandler handler) {
        this.extraBudget = extraBudget;
        String prefix = "pulse-" + runtime + "-" + role + "-";
        this.pool = new Workers(
                parallelism,
                p -> new Carrier(p, this, prefix + started.incrementAndGet(), cpuTimer),
                handler,
                true,
                0,
                parallelism + extraBudget.max(),
                1,
                CarrierPool::keepRunningWhenSaturated,
                KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
    }

    void execute(ScheduledTask task) {
        pool.execute((ForkJoinTask<?>) task);
    }

    /**
     * Queues a task on the pool's shared submission queues, not on the calling carrier's own
     * queue, so that a carrier takes it in its turn with what others queued.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the task is its own handle
    void submitExternally(ScheduledTask task) {
        pool.externalSubmit(task);
    }

    void executeUntracked(Runnable continuation) {
        pool.execute(continuation);
    }

    /**
     * Queues a task that Pulse made yield at the tail of this pool's run queue of yielded tasks.
     * A shared token goes to the pool; whichever carrier runs a token runs the oldest yielded
     * task. See "Yielded tasks" in the class comment.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the token is its own handle; it never completes
    void submitYielded(ScheduledTask task) {
        yielded.add(task);
        pool.externalSubmit(runOldestYielded);
    }

    /** Runs the oldest yielded task. One shared instance is queued once per yield. */
    private static final class RunOldestYielded extends RepeatableTask {
        private static final long serialVersionUID = 1L;
        private final transient java.util.Queue<ScheduledTask> yielded;

        RunOldestYielded(java.util.Queue<ScheduledTask> yielded) {
            this.yielded = yielded;
        }

        @Override
        protected void runOnce() {
            ScheduledTask task = yielded.poll();
            if (task != null) {
                task.run();
            }
        }
    }

    /**
     * The pool's saturation policy. Pulse never blocks a carrier through {@code ManagedBlocker}, so
     * the pool never needs a compensating thread; if it ever does past its maximum, it runs on
     * with fewer threads rather than throw into a carrier.
     */
    private static boolean keepRunningWhenSaturated(ForkJoinPool pool) {
        return true;
    }

    /** The pool, for {@link ForkJoinPool#pollSubmission()}. */
    private static final class Workers extends ForkJoinPool {
        @SuppressWarnings("TooManyParameters") // ForkJoinPool's own constructor
        Workers(
                int parallelism,
                ForkJoinWorkerThreadFactory factory,
                Thread.UncaughtExceptionHandler handler,
                boolean asyncMode,
                int corePoolSize,
                int maximumPoolSize,
                int minimumRunnable,
                java.util.function.Predicate<? super ForkJoinPool> saturate,
                long keepAliveTime,
                TimeUnit unit) {
            super(
                    parallelism,
                    factory,
                    handler,
                    asyncMode,
                    corePoolSize,
                    maximumPoolSize,
                    minimumRunnable,
                    saturate,
                    keepAliveTime,
                    unit);
        }

        ForkJoinTask<?> takeSubmission() {
            return pollSubmission();
        }
    }

    /** Does nothing: its push is what makes the pool start a worker. One per pool, queued at will. */
    private static final class WakeUp extends RepeatableTask {
        private static final long serialVersionUID = 1L;
        private final transient AtomicInteger queued;

        WakeUp(AtomicInteger queued) {
            this.queued = queued;
        }

        @Override
        protected void runOnce() {
            queued.decrementAndGet();
        }
    }

    /**
     * Says whether tasks are queued, waiting for a carrier. Scans the pool's queues: for the
     * watchdog, not for a hot path.
     *
     * @return {@code true} if any task is queued
     */
    public boolean hasQueuedTasks() {
        return pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount() > queuedWakeUps.get();
    }

    /**
     * The live carriers, as a snapshot list.
     *
     * @return the carriers
     */
    public List<Carrier> carriers() {
        return List.copyOf(carriers);
    }

    /**
     * Live carrier threads.
     *
     * @return the count
     */
    public int size() {
        return carriers.size();
    }

    /**
     * The most carriers this pool has had running at once, extra carriers included.
     *
     * @return the peak
     */
    public int peakSize() {
        return peak.get();
    }

    /**
     * Carriers currently extra (handed off).
     *
     * @return the count
     */
    public int extraCarriers() {
        return extra.get();
    }

    /**
     * Handoffs made.
     *
     * @return the count
     */
    public long handoffs() {
        return handoffs.sum();
    }

    /**
     * Hands a carrier stuck in one poll to its task and starts a replacement.
     *
     * @param stuck the stuck carrier
     * @return {@code true} if a replacement was started; {@code false} if the carrier was already
     *     handed off or the runtime's extra carriers are at their cap
     */
    boolean handOff(Carrier stuck) {
        synchronized (this) {
            if (stuck.handedOff || pool.isShutdown() || !extraBudget.tryAcquire()) {
                return false;
            }
            stuck.handedOff = true;
            extra.incrementAndGet();
            pool.setParallelism(pool.getParallelism() + 1);
        }
        handoffs.increment();
        startReplacement();
        return true;
    }

    /** Signals the pool to start the worker a handoff allowed; see "Handoff" in the class comment. */
    private void startReplacement() {
        List<ForkJoinTask<?>> queued = new ArrayList<>();
        for (ForkJoinTask<?> t = pool.takeSubmission(); t != null; t = pool.takeSubmission()) {
            if (t == wakeUp) {
                queuedWakeUps.decrementAndGet(); // an unused one from an earlier handoff
            } else {
                queued.add(t);
            }
        }
        try {
            if (queued.isEmpty()) {
                queuedWakeUps.incrementAndGet();
                pool.execute(wakeUp);
            } else {
                for (ForkJoinTask<?> t : queued) {
                    pool.execute(t);
                }
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the runtime is closing: its queued tasks go with it
        }
    }

    /**
     * The handed-off carrier's poll ended: it is an ordinary carrier again and the pool shrinks
     * back by one.
     *
     * @param carrier a carrier with {@link Carrier#isHandedOff()}
     */
    void retire(Carrier carrier) {
        synchronized (this) {
            if (!carrier.handedOff) {
                return;
            }
            carrier.handedOff = false;
            extra.decrementAndGet();
            extraBudget.release();
            if (!pool.isShutdown()) {
                pool.setParallelism(Math.max(1, pool.getParallelism() - 1));
            }
        }
    }

    void started(Carrier carrier) {
        carriers.add(carrier);
        peak.accumulateAndGet(carriers.size(), Math::max);
    }

    void stopped(Carrier carrier) {
        synchronized (retiredPollTimes) { // a snapshot sees the carrier live or retired, never both
            carrier.pollTimes.addTo(retiredPollTimes);
            carrier.delays.addTo(retiredDelays);
            retiredPollSum += carrier.pollTimes.sum();
            retiredDelaySum += carrier.delays.sum();
            carriers.remove(carrier);
        }
    }

    /**
     * Adds every poll-time and delay count, of live and exited carriers, into the arrays.
     *
     * @param pollTimes {@link LogHistogram#BUCKETS} counts
     * @param delays {@link LogHistogram#BUCKETS} counts
     * @param sums two sums to add to: total poll time and total delay
     */
    void addHistograms(long[] pollTimes, long[] delays, long[] sums) {
        synchronized (retiredPollTimes) {
            sums[0] += retiredPollSum;
            sums[1] += retiredDelaySum;
            for (int i = 0; i < LogHistogram.BUCKETS; i++) {
                pollTimes[i] += retiredPollTimes[i];
                delays[i] += retiredDelays[i];
            }
            for (Carrier c : carriers) {
                c.pollTimes.addTo(pollTimes);
                c.delays.addTo(delays);
                sums[0] += c.pollTimes.sum();
                sums[1] += c.delays.sum();
            }
        }
    }

    void shutdown() {
        pool.shutdown();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
