package dev.pulse.metrics;

import dev.pulse.tier.Tier;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one runtime, in the spirit of tokio-metrics' {@code RuntimeMetrics}. Taking one
 * reads counters and merges per-carrier histograms; it never blocks a carrier. Counters are
 * totals since the runtime started. Poll counts and percentiles are derived from the two
 * histograms the snapshot carries; percentiles are within 12.5 % ({@link LogHistogram}).
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=snapshot}
 *
 * <p>Interval metrics, the difference between two snapshots:
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=interval}
 *
 * @param runtime the runtime's name
 * @param enabled whether Pulse's interventions are on
 * @param pollNanosTotal wall time of all polls
 * @param delayNanosTotal scheduling delay of all polls
 * @param slowPollThresholdNanos the slow-poll threshold in force
 * @param budgetExhaustions times a task's budget ran out at a checkpoint
 * @param forcedYields yields Pulse forced
 * @param promotions promotions into each tier
 * @param demotions demotions into each tier
 * @param handoffs carriers handed off by the watchdog, in either pool
 * @param warnings warnings emitted (JFR event and log line)
 * @param suppressedWarnings warnings dropped by the rate limit
 * @param slowQueueSize tasks waiting for their warning
 * @param liveTasks live tasks per tier
 * @param mainCarriers live main carriers (extra ones included)
 * @param isolationCarriers live isolation carriers
 * @param extraCarriers carriers added by handoffs (main and isolation pools) and not yet retired
 * @param faults failures caught inside Pulse or user hooks
 * @param topTasks the busiest live tasks by CPU time, busiest first (at most {@link #TOP_TASKS})
 * @param pollHistogram poll-time counts per {@link LogHistogram} bucket (a copy)
 * @param delayHistogram scheduling-delay counts per {@link LogHistogram} bucket (a copy)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals compares contents
public record PulseMetrics(
        String runtime,
        boolean enabled,
        long pollNanosTotal,
        long delayNanosTotal,
        long slowPollThresholdNanos,
        long budgetExhaustions,
        long forcedYields,
        Map<Tier, Long> promotions,
        Map<Tier, Long> demotions,
        long handoffs,
        long warnings,
        long suppressedWarnings,
        int slowQueueSize,
        Map<Tier, Integer> liveTasks,
        int mainCarriers,
        int isolationCarriers,
        int extraCarriers,
        long faults,
        List<TaskSnapshot> topTasks,
        long[] pollHistogram,
        long[] delayHistogram) {

    /** How many tasks {@link #topTasks()} lists at most. */
    public static final int TOP_TASKS = 10;

    /** Copies the maps, lists and arrays so the snapshot is immutable. */
    public PulseMetrics {
        promotions = Map.copyOf(promotions);
        demotions = Map.copyOf(demotions);
        liveTasks = Map.copyOf(liveTasks);
        topTasks = List.copyOf(topTasks);
        pollHistogram = pollHistogram.clone();
        delayHistogram = delayHistogram.clone();
    }

    /**
     * Poll-time counts per bucket.
     *
     * @return a copy
     */
    @Override
    public long[] pollHistogram() {
        return pollHistogram.clone();
    }

    /**
     * Scheduling-delay counts per bucket.
     *
     * @return a copy
     */
    @Override
    public long[] delayHistogram() {
        return delayHistogram.clone();
    }

    /**
     * Polls run.
     *
     * @return the count
     */
    public long polls() {
        return LogHistogram.total(pollHistogram);
    }

    /**
     * Polls at or past {@link #slowPollThresholdNanos()} (within a bucket's width).
     *
     * @return the count
     */
    public long slowPolls() {
        return LogHistogram.countFrom(pollHistogram, slowPollThresholdNanos);
    }

    /**
     * Median poll time.
     *
     * @return nanoseconds
     */
    public long pollP50Nanos() {
        return LogHistogram.valueAtQuantile(pollHistogram, 0.50);
    }

    /**
     * 99th-percentile poll time.
     *
     * @return nanoseconds
     */
    public long pollP99Nanos() {
        return LogHistogram.valueAtQuantile(pollHistogram, 0.99);
    }

    /**
     * Longest poll (its bucket's upper bound).
     *
     * @return nanoseconds
     */
    public long pollMaxNanos() {
        return LogHistogram.valueAtQuantile(pollHistogram, 1.0);
    }

    /**
     * Median scheduling delay (ready to running).
     *
     * @return nanoseconds
     */
    public long delayP50Nanos() {
        return LogHistogram.valueAtQuantile(delayHistogram, 0.50);
    }

    /**
     * 99th-percentile scheduling delay.
     *
     * @return nanoseconds
     */
    public long delayP99Nanos() {
        return LogHistogram.valueAtQuantile(delayHistogram, 0.99);
    }

    /**
     * Longest scheduling delay (its bucket's upper bound).
     *
     * @return nanoseconds
     */
    public long delayMaxNanos() {
        return LogHistogram.valueAtQuantile(delayHistogram, 1.0);
    }

    /**
     * What happened between {@code earlier} and this snapshot: counters and percentiles over the
     * interval only (histograms are subtracted bucket by bucket); gauges (live tasks, carriers,
     * slow queue, busiest tasks) as they are now. Computed from two snapshots, so taking interval
     * metrics never touches a carrier.
     *
     * @param earlier an earlier snapshot of the same runtime
     * @return the interval's metrics
     * @throws IllegalArgumentException if {@code earlier} is of another runtime
     */
    public PulseMetrics since(PulseMetrics earlier) {
        if (!runtime.equals(earlier.runtime)) {
            throw new IllegalArgumentException(
                    "snapshots of different runtimes: " + runtime + " and " + earlier.runtime);
        }
        long[] polls = minus(pollHistogram, earlier.pollHistogram);
        long[] delays = minus(delayHistogram, earlier.delayHistogram);
        Map<Tier, Long> promoted = new EnumMap<>(Tier.class);
        Map<Tier, Long> demoted = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            promoted.put(t, promotions.getOrDefault(t, 0L) - earlier.promotions.getOrDefault(t, 0L));
            demoted.put(t, demotions.getOrDefault(t, 0L) - earlier.demotions.getOrDefault(t, 0L));
        }
        return new PulseMetrics(
                runtime,
                enabled,
                pollNanosTotal - earlier.pollNanosTotal,
                delayNanosTotal - earlier.delayNanosTotal,
                slowPollThresholdNanos,
                budgetExhaustions - earlier.budgetExhaustions,
                forcedYields - earlier.forcedYields,
                promoted,
                demoted,
                handoffs - earlier.handoffs,
                warnings - earlier.warnings,
                suppressedWarnings - earlier.suppressedWarnings,
                slowQueueSize,
                liveTasks,
                mainCarriers,
                isolationCarriers,
                extraCarriers,
                faults - earlier.faults,
                topTasks,
                polls,
                delays);
    }

    private static long[] minus(long[] now, long[] then) {
        long[] d = new long[now.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, now[i] - then[i]);
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PulseMetrics m
                && runtime.equals(m.runtime)
                && enabled == m.enabled
                && pollNanosTotal == m.pollNanosTotal
                && delayNanosTotal == m.delayNanosTotal
                && slowPollThresholdNanos == m.slowPollThresholdNanos
                && budgetExhaustions == m.budgetExhaustions
                && forcedYields == m.forcedYields
                && promotions.equals(m.promotions)
                && demotions.equals(m.demotions)
                && handoffs == m.handoffs
                && warnings == m.warnings
                && suppressedWarnings == m.suppressedWarnings
                && slowQueueSize == m.slowQueueSize
                && liveTasks.equals(m.liveTasks)
                && mainCarriers == m.mainCarriers
                && isolationCarriers == m.isolationCarriers
                && extraCarriers == m.extraCarriers
                && faults == m.faults
                && topTasks.equals(m.topTasks)
                && Arrays.equals(pollHistogram, m.pollHistogram)
                && Arrays.equals(delayHistogram, m.delayHistogram);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runtime, pollNanosTotal, delayNanosTotal, budgetExhaustions, forcedYields, handoffs, faults)
                        * 31
                + Arrays.hashCode(pollHistogram);
    }

    @Override
    public String toString() {
        return "PulseMetrics[runtime=" + runtime + ", enabled=" + enabled + ", polls=" + polls()
                + ", slowPolls=" + slowPolls() + ", pollP99Nanos=" + pollP99Nanos() + ", delayP99Nanos="
                + delayP99Nanos() + ", budgetExhaustions=" + budgetExhaustions + ", forcedYields="
                + forcedYields + ", promotions=" + promotions + ", demotions=" + demotions + ", handoffs="
                + handoffs + ", warnings=" + warnings + ", slowQueueSize=" + slowQueueSize + ", liveTasks="
                + liveTasks + ", carriers=" + mainCarriers + "/" + isolationCarriers + "/" + extraCarriers
                + ", faults=" + faults + ", topTasks=" + topTasks + "]";
    }

    /**
     * Tasks moved to {@link Tier#ISOLATE}.
     *
     * @return promotions into ISOLATE
     */
    public long isolations() {
        return promotions.getOrDefault(Tier.ISOLATE, 0L);
    }

    /**
     * Live tasks in all tiers.
     *
     * @return the count
     */
    public int liveTaskCount() {
        return liveTasks.values().stream().mapToInt(Integer::intValue).sum();
    }
}
