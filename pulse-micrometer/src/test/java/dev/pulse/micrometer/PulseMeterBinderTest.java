package dev.pulse.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.Metric;
import dev.pulse.tier.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PulseMeterBinderTest {

    @Test
    void registersConventionalMetersThatFollowTheRuntime() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (PulseRuntime pulse = Pulse.builder().name("mm").carriers(2).build()) {
            new PulseMeterBinder(pulse).bindTo(registry);
            assertThat(registry.get("pulse.polls")
                            .tag("runtime", "mm")
                            .functionCounter()
                            .count())
                    .isZero();

            for (int i = 0; i < 200; i++) {
                pulse.ofVirtual().start(() -> {}).join();
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread hog = pulse.ofVirtual().name("mm-hog").start(() -> {
                while (!stop.get()) {
                    Pulse.checkpoint();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pulse.metrics().tiers().promotions().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum()
                            < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(150); // past the binder's snapshot cache
            // regression: the meters held the binder weakly, and after a GC every one of them
            // reported its last value (0 polls) for good
            System.gc();
            System.gc();
            assertThat(registry.get("pulse.polls")
                            .tag("runtime", "mm")
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(200);
            assertThat(registry.get("pulse.poll.duration").functionTimer().count())
                    .isGreaterThanOrEqualTo(200);
            assertThat(registry.get("pulse.poll.duration").functionTimer().totalTime(TimeUnit.NANOSECONDS))
                    .isPositive();
            assertThat(registry.get("pulse.poll.duration.percentile")
                            .tag("phi", "0.99")
                            .timeGauge()
                            .value(TimeUnit.NANOSECONDS))
                    .isPositive();
            assertThat(registry.get("pulse.scheduling.delay").functionTimer().count())
                    .isPositive();
            assertThat(registry.get("pulse.tier.promotions")
                            .tag("tier", "WARN")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("pulse.tier.promotions")
                            .tag("tier", "YIELD")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("pulse.yields.forced").functionCounter().count())
                    .isPositive();
            assertThat(registry.get("pulse.budget.exhaustions")
                            .functionCounter()
                            .count())
                    .isPositive();
            assertThat(registry.get("pulse.carriers")
                            .tag("pool", "main")
                            .gauge()
                            .value())
                    .isGreaterThanOrEqualTo(1);
            // the 200 short threads have ended; the hog is the one live task, at YIELD or ISOLATE
            assertThat(registry.get("pulse.tasks.live")
                            .tag("tier", "MONITOR")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get("pulse.tasks.live")
                                    .tag("tier", "YIELD")
                                    .gauge()
                                    .value()
                            + registry.get("pulse.tasks.live")
                                    .tag("tier", "ISOLATE")
                                    .gauge()
                                    .value())
                    .isEqualTo(1);
            assertThat(registry.find("pulse.handoffs").functionCounters()).hasSize(1);
            assertThat(registry.find("pulse.tier.demotions").functionCounters()).hasSize(4);
            assertThat(registry.find("pulse.tasks.live").gauges()).hasSize(4);
            assertThat(registry.find("pulse.slow.queue.size").gauges()).hasSize(1);
            assertThat(registry.find("pulse.warnings").functionCounters()).hasSize(1);
            assertThat(registry.find("pulse.faults").functionCounters()).hasSize(1);
            stop.set(true);
            hog.join();
        }
    }

    @Test
    void adaptiveCheckpointMetersAppearWithTheAgentsMxBeanOnly() throws Exception {
        try (PulseRuntime pulse =
                Pulse.builder().name("mm-adaptive").carriers(1).build()) {
            MeterRegistry without = new SimpleMeterRegistry();
            new PulseMeterBinder(pulse).bindTo(without);
            assertThat(without.find("pulse.adaptive.methods").functionCounter())
                    .as("no agent, no adaptive meters")
                    .isNull();

            // the agent's real MXBean, as premain registers it with adaptive=true
            dev.pulse.agent.AdaptiveCheckpoints adaptive = new dev.pulse.agent.AdaptiveCheckpoints(
                    dev.pulse.agent.AgentOptions.parse("adaptive=true"), null, null, System.err);
            adaptive.start();
            try {
                MeterRegistry with = new SimpleMeterRegistry();
                new PulseMeterBinder(pulse).bindTo(with);
                assertThat(with.get("pulse.adaptive.methods").functionCounter().count())
                        .as("nothing instrumented yet")
                        .isZero();
                assertThat(with.get("pulse.adaptive.failures").functionCounter().count())
                        .isZero();
                adaptive.close();
                assertThat(with.get("pulse.adaptive.methods").functionCounter().count())
                        .as("the MXBean is gone: the counter reads NaN, not a stale number")
                        .isNaN();
            } finally {
                adaptive.close();
            }
        }
    }

    @Test
    void everyDescribedMetricHasAMeterOfItsKind() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (PulseRuntime pulse = Pulse.builder().name("mm-all").carriers(1).build()) {
            new PulseMeterBinder(pulse).bindTo(registry);
            int expected = 2; // the two function timers
            for (Metric metric : Metric.values()) {
                for (Tier tier : metric.perTier() ? Tier.values() : new Tier[] {null}) {
                    Search search = registry.find(metric.meterName()).tag("runtime", "mm-all");
                    if (metric.tagKey() != null) {
                        search = search.tag(metric.tagKey(), metric.tagValue());
                    }
                    if (tier != null) {
                        search = search.tag("tier", tier.name());
                    }
                    Meter meter = search.meter();
                    assertThat(meter).as("%s %s", metric, tier).isNotNull();
                    assertThat(meter)
                            .as("%s %s", metric, tier)
                            .isInstanceOf(
                                    switch (metric.kind()) {
                                        case COUNTER -> FunctionCounter.class;
                                        case GAUGE -> Gauge.class;
                                        case NANOS -> TimeGauge.class;
                                    });
                    expected++;
                }
            }
            assertThat(registry.getMeters()).as("nothing undescribed").hasSize(expected);
        }
    }
}
