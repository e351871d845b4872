package dev.pulse.timing;

import java.util.function.LongSupplier;

/**
 * Converts CPU cycles to nanoseconds, for timers that count cycles ({@link WindowsCycleTimer}).
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=cyclerate}
 *
 * @param nanosPerCycle nanoseconds per cycle, positive and finite
 */
public record CycleRate(double nanosPerCycle) {

    /**
     * Validates the rate.
     *
     * @throws IllegalArgumentException if the rate is not positive and finite
     */
    public CycleRate {
        if (!(nanosPerCycle > 0) || Double.isInfinite(nanosPerCycle)) {
            throw new IllegalArgumentException(
                    "CycleRate.nanosPerCycle must be positive and finite, was " + nanosPerCycle);
        }
    }

    /**
     * The rate seen over one interval.
     *
     * @param cycles cycles counted over the interval, positive
     * @param nanos nanoseconds the interval lasted, positive
     * @return {@code nanos / cycles}
     * @throws IllegalArgumentException if either figure is not positive
     */
    public static CycleRate of(long cycles, long nanos) {
        if (cycles <= 0 || nanos <= 0) {
            throw new IllegalArgumentException(
                    "CycleRate needs positive cycles and nanos, were cycles=" + cycles + ", nanos=" + nanos);
        }
        return new CycleRate((double) nanos / cycles);
    }

    /**
     * Measures the rate by spinning on the calling thread for {@code spinNanos}: a busy thread's
     * cycle count and the wall clock advance together.
     *
     * @param cycleCounter reads the thread's cycle count
     * @param wallClock reads wall time in nanoseconds
     * @param spinNanos how long to spin, positive
     * @return the measured rate
     * @throws IllegalArgumentException if the counter did not advance
     */
    public static CycleRate measure(LongSupplier cycleCounter, LongSupplier wallClock, long spinNanos) {
        long c0 = cycleCounter.getAsLong();
        long t0 = wallClock.getAsLong();
        long t1;
        do {
            t1 = wallClock.getAsLong();
        } while (t1 - t0 < spinNanos);
        long c1 = cycleCounter.getAsLong();
        return of(c1 - c0, t1 - t0);
    }

    /**
     * Converts a cycle count.
     *
     * @param cycles a cycle count
     * @return the same span in nanoseconds, rounded down
     */
    public long toNanos(long cycles) {
        return (long) (cycles * nanosPerCycle);
    }
}
