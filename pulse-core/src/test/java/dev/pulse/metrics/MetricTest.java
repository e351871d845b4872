package dev.pulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.tier.Tier;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Metric} is the one description of what a runtime publishes: the JMX view must have an
 * attribute for each metric with the value the description reads, and nothing else but the
 * runtime's name, state and busiest tasks. (The Micrometer module holds its meters to the same
 * list.)
 */
class MetricTest {

    @Test
    void theJmxViewHasOneAttributePerDescribedMetricWithTheSameValue() throws Exception {
        PulseMetrics sample = sample();
        PulseRuntimeMXBean jmx = new PulseRuntimeJmx("sample", () -> sample);
        for (Metric metric : Metric.values()) {
            Object value = PulseRuntimeMXBean.class
                    .getMethod("get" + metric.attribute())
                    .invoke(jmx);
            if (metric.perTier()) {
                Map<?, ?> byTier = (Map<?, ?>) value;
                for (Tier tier : Tier.values()) {
                    assertThat(((Number) byTier.get(tier.name())).longValue())
                            .as("%s %s", metric, tier)
                            .isEqualTo(metric.valueOf(sample, tier));
                }
            } else {
                assertThat(((Number) value).longValue()).as("%s", metric).isEqualTo(metric.valueOf(sample));
            }
        }
        Set<String> attributes = new TreeSet<>();
        for (Method m : PulseRuntimeMXBean.class.getMethods()) {
            attributes.add(m.getName().replaceFirst("^(get|is)", ""));
        }
        Set<String> described = new TreeSet<>(List.of("Name", "Enabled", "TopTasks"));
        Arrays.stream(Metric.values()).map(Metric::attribute).forEach(described::add);
        assertThat(attributes).as("JMX attributes vs Metric").isEqualTo(described);
    }

    @Test
    void everyMetricReadsADifferentNumberOfTheSnapshot() {
        // the sample gives every component its own value, so two metrics reading the same one
        // (a copy-paste slip in the description) show up here
        PulseMetrics sample = sample();
        Set<Long> values = new TreeSet<>();
        int count = 0;
        for (Metric metric : Metric.values()) {
            if (metric.perTier()) {
                for (Tier tier : Tier.values()) {
                    values.add(metric.valueOf(sample, tier));
                    count++;
                }
            } else {
                values.add(metric.valueOf(sample));
                count++;
            }
        }
        assertThat(values).hasSize(count);
    }

    /** A snapshot whose every number differs from every other. */
    private static PulseMetrics sample() {
        Map<Tier, Long> promotions = new EnumMap<>(Tier.class);
        Map<Tier, Long> demotions = new EnumMap<>(Tier.class);
        Map<Tier, Integer> live = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            promotions.put(t, 1_000L + t.ordinal());
            demotions.put(t, 2_000L + t.ordinal());
            live.put(t, 3_000 + t.ordinal());
        }
        LogHistogram polls = new LogHistogram();
        LogHistogram delays = new LogHistogram();
        // 103 values each, so that median, 99th percentile and maximum all differ
        for (int i = 0; i < 100; i++) {
            polls.record(1_000);
            delays.record(3_000);
        }
        polls.record(400_000);
        polls.record(400_000);
        polls.record(9_000_000);
        delays.record(70_000);
        delays.record(70_000);
        delays.record(5_000_000);
        long[] pollCounts = new long[LogHistogram.BUCKETS];
        long[] delayCounts = new long[LogHistogram.BUCKETS];
        polls.addTo(pollCounts);
        delays.addTo(delayCounts);
        return new PulseMetrics(
                "sample",
                true,
                new PollStats(101, 102, 50_001, pollCounts, delayCounts),
                new Interventions(104, 105, 106, 107, 108, 109),
                new TierCounts(promotions, demotions, live),
                new CarrierCounts(110, 111, 112),
                113,
                List.of());
    }
}
