package dev.pulse.scheduler;

import dev.pulse.metrics.LogHistogram;
import dev.pulse.timing.CpuTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A platform thread that runs tasks: a worker of one of Pulse's carrier pools. It publishes the
 * poll it is running for the {@link Watchdog}, keeps single-writer histograms of poll time and
 * scheduling delay, and attributes CPU time to polls.
 *
 * <p><b>CPU attribution rule.</b> Reading thread CPU time is a system call, too dear for every
 * short poll. A poll shorter than the slow-poll threshold is charged its wall time (an upper
 * bound, wrong by at most its own length). A poll at or past the threshold reads the carrier's
 * CPU clock once, at its end; the CPU the carrier used since the previous reading, less what was
 * already charged to short polls in between, is its CPU time (clamped to its wall time). The
 * error on a long poll is the carrier's own scheduling work since the last reading, not the
 * poll's length; BENCHMARKS.md records it.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=carrier}
 */
public final class Carrier extends ForkJoinWorkerThread {
    /*
     * Implementation notes
     *
     * Fields the watchdog reads: pollStartNanos is written (plain) before current is published
     * with release; the watchdog reads current with acquire, then pollStartNanos. current is
     * cleared with release when the poll ends. handedOff is volatile: written by the watchdog
     * (handoff) and by this carrier (retire), both rare.
     *
     * Everything else is written by this carrier only: histograms (opaque), CPU sample state
     * (plain).
     */
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(Carrier.class, "current", ScheduledTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CarrierPool carriers;
    private final CpuTimer cpuTimer;
    final LogHistogram pollTimes = new LogHistogram();
    final LogHistogram delays = new LogHistogram();

    @SuppressWarnings("unused") // through CURRENT
    private ScheduledTask current;

    private long pollStartNanos;
    volatile boolean handedOff;
    private long lastCpuSample;
    private long chargedSinceSample;

    Carrier(ForkJoinPool pool, CarrierPool carriers, String name, CpuTimer cpuTimer) {
        super(pool);
        this.carriers = carriers;
        this.cpuTimer = cpuTimer;
        setName(name);
        setDaemon(true);
    }

    @Override
    protected void onStart() {
        super.onStart();
        lastCpuSample = cpuTimer.nowNanos();
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

    void beginPoll(ScheduledTask task, long startNanos) {
        pollStartNanos = startNanos;
        CURRENT.setRelease(this, task);
    }

    void endPoll() {
        CURRENT.setRelease(this, null);
    }

    /**
     * CPU time this carrier has spent in its current poll, for the watchdog (any thread). Reads
     * the carrier's CPU clock through {@code bean}, a system call: call it only for polls already
     * known to be long. The poll's start is estimated from the attribution state (short polls
     * since the last reading were charged their wall time, an upper bound), so the answer errs
     * low.
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
        return Math.max(0, Math.min(wallNanos, total - lastCpuSample - chargedSinceSample));
    }

    /**
     * The attribution rule (see the class comment). This carrier only.
     *
     * @param pollNanos wall time of the poll that just ended
     * @param thresholdNanos the slow-poll threshold
     * @return CPU nanoseconds attributed to the poll
     */
    long cpuForPoll(long pollNanos, long thresholdNanos) {
        if (pollNanos < thresholdNanos) {
            chargedSinceSample += pollNanos;
            return pollNanos;
        }
        long now = cpuTimer.nowNanos();
        long used = now - lastCpuSample - chargedSinceSample;
        lastCpuSample = now;
        chargedSinceSample = 0;
        return Math.max(0, Math.min(used, pollNanos));
    }
}
