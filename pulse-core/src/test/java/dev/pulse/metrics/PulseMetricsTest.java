package dev.pulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.tier.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot's groups: complete, immutable, and an interval subtracts counters, not gauges. */
class PulseMetricsTest {

    @Test
    void anIntervalSubtractsEveryCounterAndKeepsEveryGaugeAsItIsNow() {
        PulseMetrics earlier = snapshot(1, 10);
        PulseMetrics now = snapshot(3, 40);
        PulseMetrics interval = now.since(earlier);

        assertThat(interval.polls().count()).isEqualTo(2);
        assertThat(interval.polls().totalNanos()).isEqualTo(30);
        assertThat(interval.polls().delayTotalNanos()).isEqualTo(60);
        assertThat(interval.polls().slowThresholdNanos())
                .as("a setting, not a counter")
                .isEqualTo(5_000);
        assertThat(interval.interventions())
                .isEqualTo(new Interventions(30, 30, 30, 30, 30, 40)); // slow queue: a gauge
        assertThat(interval.tiers().promotions()).containsEntry(Tier.ISOLATE, 30L);
        assertThat(interval.tiers().demotions()).containsEntry(Tier.MONITOR, 30L);
        assertThat(interval.tiers().live()).as("a gauge").containsEntry(Tier.MONITOR, 40);
        assertThat(interval.carriers()).isEqualTo(new CarrierCounts(40, 40, 40));
        assertThat(interval.faults()).isEqualTo(30);
        assertThat(now.since(now).polls().count()).isZero();
    }

    @Test
    void tierCountsHaveEveryTierAndSnapshotsCompareByValue() {
        TierCounts partial = new TierCounts(Map.of(Tier.ISOLATE, 2L), Map.of(), Map.of(Tier.MONITOR, 5));
        assertThat(partial.promotions()).containsOnlyKeys(Tier.values());
        assertThat(partial.demotions().values()).containsOnly(0L);
        assertThat(partial.isolations()).isEqualTo(2);
        assertThat(partial.liveTotal()).isEqualTo(5);
        assertThat(snapshot(2, 7)).isEqualTo(snapshot(2, 7)).hasSameHashCodeAs(snapshot(2, 7));
        assertThat(snapshot(2, 7)).isNotEqualTo(snapshot(3, 7));
    }

    @Test
    void pollStatsCopyTheirHistogramsAndRejectAWrongSize() {
        long[] counts = new long[LogHistogram.BUCKETS];
        counts[3] = 1;
        PollStats stats = new PollStats(0, 0, 0, counts, new long[LogHistogram.BUCKETS]);
        counts[3] = 99;
        stats.histogram()[3] = 99;
        assertThat(stats.count()).isEqualTo(1);
        assertThatThrownBy(() -> new PollStats(0, 0, 0, new long[3], new long[LogHistogram.BUCKETS]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(LogHistogram.BUCKETS));
    }

    @Test
    void snapshotsOfDifferentRuntimesDoNotSubtract() {
        PulseMetrics a = snapshot(1, 1);
        PulseMetrics b =
                new PulseMetrics("other", true, a.polls(), a.interventions(), a.tiers(), a.carriers(), 0, List.of());
        assertThatThrownBy(() -> a.since(b)).hasMessageContaining("other");
    }

    /** {@code polls} polls; every other number is {@code n} (twice that for the delay total). */
    private static PulseMetrics snapshot(int polls, int n) {
        long[] times = new long[LogHistogram.BUCKETS];
        long[] delays = new long[LogHistogram.BUCKETS];
        times[LogHistogram.bucketOf(10)] = polls;
        delays[LogHistogram.bucketOf(20)] = polls;
        return new PulseMetrics(
                "r",
                true,
                new PollStats(n, 2L * n, 5_000, times, delays),
                new Interventions(n, n, n, n, n, n),
                new TierCounts(Map.of(Tier.ISOLATE, (long) n), Map.of(Tier.MONITOR, (long) n), Map.of(Tier.MONITOR, n)),
                new CarrierCounts(n, n, n),
                n,
                List.of());
    }
}
