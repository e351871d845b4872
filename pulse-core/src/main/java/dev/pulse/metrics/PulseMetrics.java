package dev.pulse.metrics;

import java.util.List;

/**
 * A snapshot of one runtime, in the spirit of tokio-metrics' {@code RuntimeMetrics}, in groups:
 * what the polls took ({@link PollStats}), what Pulse did ({@link Interventions}), tasks by tier
 * ({@link TierCounts}) and carriers by pool ({@link CarrierCounts}). Taking one reads counters and
 * merges per-carrier histograms; it never blocks a carrier. Counters are totals since the runtime
 * started. Every number published by JMX, Micrometer and {@code pulse top} is read from here
 * through its {@link Metric}.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=snapshot}
 *
 * <p>Interval metrics, the difference between two snapshots:
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=interval}
 *
 * @param runtime the runtime's name
 * @param enabled whether Pulse's interventions are on
 * @param polls poll time and scheduling delay
 * @param interventions budgets run out, forced yields, handoffs, warnings
 * @param tiers promotions, demotions and live tasks per tier
 * @param carriers live carriers per pool
 * @param faults failures caught inside Pulse or user hooks
 * @param topTasks the busiest live tasks by CPU time, busiest first (at most {@link #TOP_TASKS})
 */
public record PulseMetrics(
        String runtime,
        boolean enabled,
        PollStats polls,
        Interventions interventions,
        TierCounts tiers,
        CarrierCounts carriers,
        long faults,
        List<TaskSnapshot> topTasks) {

    /** How many tasks {@link #topTasks()} lists at most. */
    public static final int TOP_TASKS = 10;

    /** Copies the list so the snapshot is immutable. */
    public PulseMetrics {
        topTasks = List.copyOf(topTasks);
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
        return new PulseMetrics(
                runtime,
                enabled,
                polls.since(earlier.polls),
                interventions.since(earlier.interventions),
                tiers.since(earlier.tiers),
                carriers,
                faults - earlier.faults,
                topTasks);
    }
}
