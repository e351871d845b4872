package dev.pulse.scheduler;

import dev.pulse.metrics.LogHistogram;
import dev.pulse.timing.CpuTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform thread that runs tasks: a worker of one of Pulse's carrier pools. It publishes the
 * poll it is running for the {@link Watchdog}, keeps single-writer histograms of poll time and
 * scheduling delay, and attributes CPU time to polls.
 *
 * <p><b>CPU attribution rule.</b> Reading thread CPU time is a system call, too dear for every
 * short poll. So the carrier keeps a <em>baseline</em>: an estimate of its CPU clock at the start
 * of the current poll. A poll shorter than the slow-poll threshold is charged its wall time and
 * moves the baseline by that much; so does the wall time between two polls when it is short. A
 * gap between polls at or past the threshold (the carrier was idle) re-reads the CPU clock at
 * the next poll's start, which costs one system call after an idle period only. A poll at or past
 * the threshold reads the CPU clock once, at its end, and is charged that reading minus the
 * baseline (clamped to its wall time). Every estimate in the baseline is an upper bound of the
 * CPU it stands for, so a long poll's charge errs low, never high: a poll stretched by the OS
 * descheduling its carrier is charged little CPU, not its wall time, and a light task is never
 * mistaken for a hog. BENCHMARKS.md records the error on long polls.
 */
final class Carrier extends ForkJoinWorkerThread {
    /*
     * Implementation notes
     *
     * Fields the watchdog reads: pollStartNanos and cpuBaseline are written (plain) before
     * current is published with release, and not again until the poll has ended; the watchdog
     * reads current with acquire, then those two. Between the end of a poll and endPoll() the
     * carrier moves cpuBaseline forward while current still names the finished poll: the
     * watchdog may then read the new baseline, which can only make its estimate of the poll's CPU
     * smaller (it errs low, the safe direction for a warning). cpuBaseline is one long, written
     * and read opaque, so it is never torn. handedOff is volatile: written by the watchdog
     * (handoff) and by this carrier (retire), both rare.
     *
     * Everything else is written by this carrier only: histograms (opaque), lastPollEndNanos
     * (plain).
     */
    private static final VarHandle CURRENT;
    private static final VarHandle CPU_BASELINE;
    private static final VarHandle RETURNED;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(Carrier.class, "current", ScheduledTask.class);
            CPU_BASELINE = MethodHandles.lookup().findVarHandle(Carrier.class, "cpuBaseline", long.class);
            RETURNED = MethodHandles.lookup().findVarHandle(Carrier.class, "continuationReturned", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Carrier ids, never 0 (0 is "no carrier"); a wrap past 2^32 carriers only skips 0. */
    private static final AtomicInteger IDS = new AtomicInteger();

    private final CarrierPool carriers;
    private final CpuTimer cpuTimer;
    private final int id;
    final LogHistogram pollTimes = new LogHistogram();
    final LogHistogram delays = new LogHistogram();

    @SuppressWarnings("unused") // through CURRENT
    private ScheduledTask current;

    private long pollStartNanos;
    volatile boolean handedOff;

    /** This thread as the OS sees it; set once it runs (volatile: the watchdog reads it). */
    private volatile OsThread os;

    /** The CPU clock's estimated reading at the start of the current (or next) poll; opaque. */
    @SuppressWarnings("unused") // through CPU_BASELINE
    private long cpuBaseline;

    /**
     * Whether the current poll's continuation has returned (the poll is in its bookkeeping); written
     * by this carrier with release, read by the watchdog with acquire.
     */
    @SuppressWarnings("unused") // through RETURNED
    private boolean continuationReturned;

    /** When the last poll ended, on the runtime's clock; {@code Long.MIN_VALUE} before the first. */
    private long lastPollEndNanos = Long.MIN_VALUE;

    Carrier(ForkJoinPool pool, CarrierPool carriers, String name, CpuTimer cpuTimer) {
        super(pool);
        this.carriers = carriers;
        this.cpuTimer = cpuTimer;
        int next = IDS.incrementAndGet();
        this.id = next != 0 ? next : IDS.incrementAndGet();
        setName(name);
        setDaemon(true);
    }

    @Override
    protected void onStart() {
        super.onStart();
        os = OsThread.current();
        CPU_BASELINE.setOpaque(this, cpuTimer.nowNanos());
        carriers.started(this);
    }

    @Override
    protected void onTermination(Throwable exception) {
        carriers.stopped(this);
        super.onTermination(exception);
    }

    /**
     * The pool this carrier belongs to.
     *
     * @return its pool
     */
    public CarrierPool carrierPool() {
        return carriers;
    }

    /**
     * This carrier's id: unique among the carriers of every runtime in this JVM, never 0. A
     * task's record of the carrier it became ready on holds it, not a reference: a retired carrier
     * is not kept alive by the tasks it once woke.
     *
     * @return the id
     */
    int id() {
        return id;
    }

    /**
     * When this carrier's last poll ended, on the runtime's clock. This carrier only.
     *
     * @return the end, or {@code Long.MIN_VALUE} before the first poll has ended
     */
    long lastPollEndNanos() {
        return lastPollEndNanos;
    }

    /**
     * The task in a poll on this carrier (acquire).
     *
     * @return the task, or {@code null} between polls
     */
    public ScheduledTask currentTask() {
        return (ScheduledTask) CURRENT.getAcquire(this);
    }

    /**
     * When the current poll started. Meaningful only after {@link #currentTask()} returned a
     * task.
     *
     * @return nanoseconds on the runtime's clock
     */
    public long pollStartNanos() {
        return pollStartNanos;
    }

    /**
     * Says whether the watchdog handed this carrier off during its current poll.
     *
     * @return {@code true} if handed off
     */
    public boolean isHandedOff() {
        return handedOff;
    }

    /**
     * Publishes a poll that starts now. This carrier only.
     *
     * @param task the task about to run
     * @param startNanos the poll's start on the runtime's clock
     * @param thresholdNanos the slow-poll threshold: a longer gap since the last poll re-reads the
     *     CPU clock (see the class comment)
     */
    void beginPoll(ScheduledTask task, long startNanos, long thresholdNanos) {
        long gap = startNanos - lastPollEndNanos;
        if (lastPollEndNanos == Long.MIN_VALUE || gap < 0 || gap >= thresholdNanos) {
            // idle (or a clock that stepped back): the baseline's estimate would be far off
            CPU_BASELINE.setOpaque(this, cpuTimer.nowNanos());
        } else { // busy between polls: the gap's wall time bounds the CPU it used
            CPU_BASELINE.setOpaque(this, (long) CPU_BASELINE.getOpaque(this) + gap);
        }
        pollStartNanos = startNanos;
        RETURNED.setOpaque(this, false); // ordered before current by the release below
        CURRENT.setRelease(this, task);
    }

    /**
     * The current poll's continuation has returned: the task no longer runs here, and whatever it
     * queued on its way out (a yield's resubmission) is not waiting behind this carrier. This
     * carrier only.
     */
    void continuationReturned() {
        RETURNED.setRelease(this, true);
    }

    /**
     * Says whether a task is running on this carrier now, inside its continuation (not in the
     * poll's bookkeeping). Any thread; the watchdog hands off only such a carrier.
     *
     * @return {@code true} while a poll's continuation runs
     */
    boolean runsContinuation() {
        return CURRENT.getAcquire(this) != null && !(boolean) RETURNED.getAcquire(this);
    }

    void endPoll() {
        CURRENT.setRelease(this, null);
    }

    /**
     * Whether the OS has this carrier running or waiting for a CPU, rather than blocked. Any
     * thread; a file read on Linux (see {@link OsThread}).
     *
     * @return {@code true} if it is runnable; {@code false} if it is blocked or the OS cannot say
     */
    boolean runnableForOs() {
        OsThread thread = os;
        return thread != null && thread.runnable();
    }

    /**
     * CPU time this carrier has spent in its current poll, for the watchdog and metrics (any
     * thread). Races with the carrier are benign: the caller acquired {@code current} first, so
     * the baseline it reads is this poll's or, if the poll ended meanwhile, a later one, which
     * only makes the answer smaller (it errs low, never blames a task for CPU it did not use). Reads
     * the carrier's CPU clock through {@code bean}, a system call: call it only for polls already
     * known to be long. Measured from the carrier's baseline (see the class comment), so the
     * answer errs low.
     *
     * @param bean the JVM's thread bean
     * @param wallNanos how long the poll has run by the wall clock
     * @return CPU nanoseconds, at most {@code wallNanos}; {@code wallNanos} if no CPU clock is
     *     available
     */
    long cpuInCurrentPoll(java.lang.management.ThreadMXBean bean, long wallNanos) {
        if (!cpuTimer.measuresCpuTime()) {
            return wallNanos;
        }
        long total = bean.getThreadCpuTime(threadId());
        if (total < 0) {
            return wallNanos;
        }
        return Math.max(0, Math.min(wallNanos, total - (long) CPU_BASELINE.getOpaque(this)));
    }

    /**
     * The attribution rule (see the class comment), at the end of a poll. This carrier only.
     *
     * @param pollNanos wall time of the poll that just ended
     * @param thresholdNanos the slow-poll threshold
     * @param endNanos when the poll ended, on the runtime's clock
     * @return CPU nanoseconds attributed to the poll
     */
    long cpuForPoll(long pollNanos, long thresholdNanos, long endNanos) {
        lastPollEndNanos = endNanos;
        long baseline = (long) CPU_BASELINE.getOpaque(this);
        if (pollNanos < thresholdNanos) {
            CPU_BASELINE.setOpaque(this, baseline + pollNanos);
            return pollNanos;
        }
        long now = cpuTimer.nowNanos();
        CPU_BASELINE.setOpaque(this, now);
        return Math.max(0, Math.min(now - baseline, pollNanos));
    }
}
