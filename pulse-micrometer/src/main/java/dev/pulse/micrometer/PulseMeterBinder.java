package dev.pulse.micrometer;

import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes a Pulse runtime's metrics to Micrometer, every meter tagged {@code runtime=<name>}:
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>name</th><th>type</th><th>tags</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code pulse.polls}</td><td>counter</td><td></td></tr>
 *     <tr><td>{@code pulse.polls.slow}</td><td>counter</td><td></td></tr>
 *     <tr><td>{@code pulse.poll.duration}</td><td>function timer (count, total)</td><td></td></tr>
 *     <tr><td>{@code pulse.poll.duration.percentile}</td><td>time gauge</td><td>{@code phi} = 0.5, 0.99, 1.0</td></tr>
 *     <tr><td>{@code pulse.scheduling.delay}</td><td>function timer</td><td></td></tr>
 *     <tr><td>{@code pulse.scheduling.delay.percentile}</td><td>time gauge</td><td>{@code phi}</td></tr>
 *     <tr><td>{@code pulse.budget.exhaustions}, {@code pulse.yields.forced}, {@code pulse.handoffs},
 *         {@code pulse.warnings}, {@code pulse.faults}</td><td>counter</td><td></td></tr>
 *     <tr><td>{@code pulse.tier.promotions}, {@code pulse.tier.demotions}</td><td>counter</td><td>{@code tier}</td></tr>
 *     <tr><td>{@code pulse.tasks.live}</td><td>gauge</td><td>{@code tier}</td></tr>
 *     <tr><td>{@code pulse.carriers}</td><td>gauge</td><td>{@code pool} = main, isolation, extra</td></tr>
 *     <tr><td>{@code pulse.slow.queue.size}</td><td>gauge</td><td></td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Meters read the runtime's {@link PulseRuntime#recentMetrics()}, a snapshot reused for 100 ms,
 * so a scrape reads a consistent view and never blocks a carrier.
 *
 * {@snippet class=dev.pulse.micrometer.snippets.MicrometerSnippets region=bind}
 */
public final class PulseMeterBinder implements MeterBinder {

    private static final double[] PHIS = {0.5, 0.99, 1.0};

    private final PulseRuntime runtime;

    /**
     * Creates a binder for a runtime.
     *
     * @param runtime the runtime to publish
     */
    public PulseMeterBinder(PulseRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /** The runtime's shared snapshot: a scrape and a JMX read within 100 ms see the same one. */
    private PulseMetrics snapshot() {
        return runtime.recentMetrics();
    }

    /**
     * Registers the meters.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        // Micrometer holds a function meter's object weakly, and the usual
        // `new PulseMeterBinder(pulse).bindTo(registry)` keeps no other reference to this binder:
        // with the binder as that object, after the next GC every meter reported its last value for
        // good (seen in a test run). So the object is the runtime, which its user holds, and the
        // functions (held strongly) capture this binder; gauges hold it with strongReference.
        Tags tags = Tags.of("runtime", runtime.name());
        counter(registry, "pulse.polls", "polls run", tags, PulseMetrics::polls);
        counter(
                registry,
                "pulse.polls.slow",
                "polls at or past the slow-poll threshold",
                tags,
                PulseMetrics::slowPolls);
        counter(
                registry,
                "pulse.budget.exhaustions",
                "budgets run out at checkpoints",
                tags,
                PulseMetrics::budgetExhaustions);
        counter(registry, "pulse.yields.forced", "yields Pulse forced", tags, PulseMetrics::forcedYields);
        counter(registry, "pulse.handoffs", "carriers handed off by the watchdog", tags, PulseMetrics::handoffs);
        counter(registry, "pulse.warnings", "slow-task warnings emitted", tags, PulseMetrics::warnings);
        counter(registry, "pulse.faults", "failures caught inside Pulse or hooks", tags, PulseMetrics::faults);
        FunctionTimer.builder(
                        "pulse.poll.duration",
                        runtime,
                        r -> snapshot().polls(),
                        r -> snapshot().pollNanosTotal(),
                        TimeUnit.NANOSECONDS)
                .description("wall time of polls")
                .tags(tags)
                .register(registry);
        FunctionTimer.builder(
                        "pulse.scheduling.delay",
                        runtime,
                        r -> snapshot().polls(),
                        r -> snapshot().delayNanosTotal(),
                        TimeUnit.NANOSECONDS)
                .description("time from ready to running")
                .tags(tags)
                .register(registry);
        for (double phi : PHIS) {
            Tags phiTags = tags.and("phi", Double.toString(phi));
            timeGauge(registry, "pulse.poll.duration.percentile", phiTags, m -> pollAt(m, phi));
            timeGauge(registry, "pulse.scheduling.delay.percentile", phiTags, m -> delayAt(m, phi));
        }
        for (Tier tier : Tier.values()) {
            Tags tierTags = tags.and("tier", tier.name());
            counter(
                    registry,
                    "pulse.tier.promotions",
                    "promotions into a tier",
                    tierTags,
                    m -> m.promotions().getOrDefault(tier, 0L));
            counter(
                    registry,
                    "pulse.tier.demotions",
                    "demotions into a tier",
                    tierTags,
                    m -> m.demotions().getOrDefault(tier, 0L));
            gauge(
                    registry,
                    "pulse.tasks.live",
                    "live tasks in a tier",
                    tierTags,
                    m -> m.liveTasks().getOrDefault(tier, 0));
        }
        gauge(registry, "pulse.carriers", "carrier threads", tags.and("pool", "main"), PulseMetrics::mainCarriers);
        gauge(
                registry,
                "pulse.carriers",
                "carrier threads",
                tags.and("pool", "isolation"),
                PulseMetrics::isolationCarriers);
        gauge(registry, "pulse.carriers", "carrier threads", tags.and("pool", "extra"), PulseMetrics::extraCarriers);
        gauge(registry, "pulse.slow.queue.size", "tasks waiting for their warning", tags, PulseMetrics::slowQueueSize);
    }

    private static double pollAt(PulseMetrics m, double phi) {
        return phi == 0.5 ? m.pollP50Nanos() : phi == 0.99 ? m.pollP99Nanos() : m.pollMaxNanos();
    }

    private static double delayAt(PulseMetrics m, double phi) {
        return phi == 0.5 ? m.delayP50Nanos() : phi == 0.99 ? m.delayP99Nanos() : m.delayMaxNanos();
    }

    private void counter(
            MeterRegistry registry, String name, String description, Tags tags, ToLongFunction<PulseMetrics> value) {
        FunctionCounter.builder(name, runtime, r -> value.applyAsLong(snapshot()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private void gauge(
            MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<PulseMetrics> value) {
        Gauge.builder(name, this, b -> value.applyAsDouble(b.snapshot()))
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    private void timeGauge(MeterRegistry registry, String name, Tags tags, ToDoubleFunction<PulseMetrics> nanos) {
        TimeGauge.builder(name, this, TimeUnit.NANOSECONDS, b -> nanos.applyAsDouble(b.snapshot()))
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
