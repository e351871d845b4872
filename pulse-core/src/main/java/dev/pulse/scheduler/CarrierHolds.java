package dev.pulse.scheduler;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How carriers in long polls spend their time, as the {@link Watchdog} needs it to decide a
 * handoff: a carrier whose poll has run long by the wall clock with little CPU is either blocked
 * in its task (asleep: a handoff frees a carrier for the queue) or kept off the CPU by something a
 * replacement carrier would meet as well: the OS with every core busy (waiting for a CPU), or a
 * garbage collection stopping every thread. Each such poll is sampled once, from the OS's times
 * for the carrier ({@link OsThread}) and the JVM's collection time, when the watchdog first sees
 * it half-way to {@code handoffAfter}; at the handoff the time since then is split into on a CPU,
 * waiting for one, stopped by a collection, and asleep in the task.
 *
 * <p>The watchdog's thread only: not thread-safe. A carrier is a key compared by identity, with
 * its current poll's start time, its OS times ({@code {onCpuNanos, waitingNanos}}, or {@code
 * null} where the OS gives none) and the current time passed in, so the rule can be tested with
 * any times. Keys that are gone drop out (weak keys).
 */
final class CarrierHolds {

    private record Sample(long pollStartNanos, long atNanos, long onCpuNanos, long waitingNanos, long gcMillis) {}

    private final Map<Object, Sample> samples = new WeakHashMap<>();
    private final long minAsleepNanos;
    private final LongSupplier gcMillis;

    /**
     * Creates the record.
     *
     * @param minAsleepNanos the least time asleep, and the least time since the sample, that
     *     makes a carrier blocked in its task (half of {@code handoffAfter})
     * @param gcMillis the JVM's total collection time so far, in milliseconds
     */
    CarrierHolds(long minAsleepNanos, LongSupplier gcMillis) {
        this.minAsleepNanos = minAsleepNanos;
        this.gcMillis = gcMillis;
    }

    /**
     * Samples the carrier's current poll, once: later calls in the same poll do nothing.
     *
     * @param carrier the carrier
     * @param pollStartNanos when its current poll started
     * @param times its OS times now, or {@code null}
     * @param nowNanos the current time
     */
    void sample(Object carrier, long pollStartNanos, long[] times, long nowNanos) {
        Sample s = samples.get(carrier);
        if (s == null || s.pollStartNanos() != pollStartNanos) {
            take(carrier, pollStartNanos, times, nowNanos);
        }
    }

    private void take(Object carrier, long pollStartNanos, long[] times, long nowNanos) {
        if (times == null) {
            samples.remove(carrier);
        } else {
            samples.put(carrier, new Sample(pollStartNanos, nowNanos, times[0], times[1], gcMillis.getAsLong()));
        }
    }

    /**
     * Whether the carrier is blocked in its task: since its current poll was sampled, at least
     * the minimum time has passed, and the carrier was asleep (neither on a CPU, nor waiting for
     * one, nor stopped by a collection) for at least the minimum and for at least half of that
     * time. Where the OS gives no times, {@code true}: the wall clock alone decides, as it did
     * before this record existed. A poll not sampled yet is sampled now and decided on a later scan.
     *
     * @param carrier the carrier
     * @param pollStartNanos when its current poll started
     * @param times its OS times now, or {@code null}
     * @param nowNanos the current time
     * @return whether the carrier is blocked in its task
     */
    boolean blockedInTask(Object carrier, long pollStartNanos, long[] times, long nowNanos) {
        if (times == null) {
            return true;
        }
        Sample s = samples.get(carrier);
        if (s == null || s.pollStartNanos() != pollStartNanos) {
            take(carrier, pollStartNanos, times, nowNanos);
            return false;
        }
        long window = nowNanos - s.atNanos();
        if (window < minAsleepNanos) {
            return false;
        }
        long stopped = TimeUnit.MILLISECONDS.toNanos(gcMillis.getAsLong() - s.gcMillis());
        long asleep = window - (times[0] - s.onCpuNanos()) - (times[1] - s.waitingNanos()) - stopped;
        return asleep >= minAsleepNanos && asleep * 2 >= window;
    }
}
