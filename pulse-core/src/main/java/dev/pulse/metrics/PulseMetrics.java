package dev.pulse.metrics;

import dev.pulse.tier.Tier;
import java.util.Map;

/**
 * A snapshot of one runtime, in the spirit of tokio-metrics' {@code RuntimeMetrics}. Taking one
 * reads counters and merges per-carrier histograms; it never blocks a carrier. Counters are
 * totals since the runtime started; percentiles are within 12.5 % ({@link LogHistogram}).
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=snapshot}
 *
 * @param runtime the runtime's name
 * @param enabled whether Pulse's interventions are on
 * @param polls polls run
 * @param slowPolls polls at or past {@code slowPollThresholdNanos}
 * @param slowPollThresholdNanos the slow-poll threshold in force
 * @param pollP50Nanos median poll time
 * @param pollP99Nanos 99th-percentile poll time
 * @param pollMaxNanos longest poll (bucket upper bound)
 * @param delayP50Nanos median scheduling delay (ready to running)
 * @param delayP99Nanos 99th-percentile scheduling delay
 * @param delayMaxNanos longest scheduling delay (bucket upper bound)
 * @param budgetExhaustions times a task's budget ran out at a checkpoint
 * @param forcedYields yields Pulse forced
 * @param promotions promotions into each tier
 * @param demotions demotions into each tier
 * @param handoffs carriers handed off by the watchdog
 * @param warnings warnings emitted (JFR event and log line)
 * @param suppressedWarnings warnings dropped by the rate limit
 * @param slowQueueSize tasks waiting for their warning
 * @param liveTasks live tasks per tier
 * @param mainCarriers live main carriers (extra ones included)
 * @param isolationCarriers live isolation carriers
 * @param extraCarriers main carriers added by handoffs and not yet retired
 * @param faults failures caught inside Pulse or user hooks
 */
public record PulseMetrics(
        String runtime,
        boolean enabled,
        long polls,
        long slowPolls,
        long slowPollThresholdNanos,
        long pollP50Nanos,
        long pollP99Nanos,
        long pollMaxNanos,
        long delayP50Nanos,
        long delayP99Nanos,
        long delayMaxNanos,
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
        long faults) {

    /** Copies the maps so the snapshot is immutable. */
    public PulseMetrics {
        promotions = Map.copyOf(promotions);
        demotions = Map.copyOf(demotions);
        liveTasks = Map.copyOf(liveTasks);
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
