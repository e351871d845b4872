package dev.pulse.timing;

/**
 * Reads the calling thread's CPU time in nanoseconds.
 *
 * <p>Call it on a platform thread. On a virtual thread an operating-system timer reads the CPU
 * time of the carrier it is mounted on, and the {@code ThreadMXBean} timer answers {@code -1}.
 * Pulse reads CPU time on carriers only, between polls.
 *
 * <p>Costs differ by an order of magnitude between implementations (a system call for the CPU
 * timers, a vDSO read for the wall-clock fallback); {@link #calibration()} measures this timer on
 * this machine once, on first use, and BENCHMARKS.md records the figures.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=cputimer}
 */
public abstract class CpuTimer {

    private volatile Calibration calibration;

    /** For subclasses. */
    protected CpuTimer() {}

    /**
     * Reads the calling thread's CPU time.
     *
     * @return CPU time in nanoseconds since an arbitrary origin fixed per thread; monotonic on one
     *     thread
     */
    public abstract long nowNanos();

    /**
     * A short name for reports, such as {@code linux-clock_gettime}.
     *
     * @return the timer's name
     */
    public abstract String name();

    /**
     * Says whether {@link #nowNanos()} is CPU time. The wall-clock fallback answers {@code false}:
     * its readings include time the thread spent descheduled or asleep.
     *
     * @return {@code true} for a CPU timer, {@code false} for wall time
     */
    public abstract boolean measuresCpuTime();

    /**
     * Measures this timer once (lazily, on the calling thread) and returns the result.
     *
     * @return the cost and resolution of this timer on this machine
     */
    public final Calibration calibration() {
        Calibration c = calibration;
        if (c == null) {
            c = Calibration.measure(this);
            calibration = c;
        }
        return c;
    }

    /**
     * The calibrated cost of one {@link #nowNanos()} call.
     *
     * @return nanoseconds per call, at least 1
     */
    public final long overheadNanos() {
        return calibration().overheadNanos();
    }

    /**
     * The calibrated resolution: the smallest step between two readings that differ.
     *
     * @return nanoseconds, at least 1
     */
    public final long resolutionNanos() {
        return calibration().resolutionNanos();
    }

    @Override
    public String toString() {
        return name();
    }
}
