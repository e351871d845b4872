package dev.pulse.micrometer;

import dev.pulse.PulseRuntime;
import dev.pulse.metrics.Metric;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

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
 *         {@code pulse.warnings}, {@code pulse.warnings.suppressed}, {@code pulse.faults}</td><td>counter</td><td></td></tr>
 *     <tr><td>{@code pulse.tier.promotions}, {@code pulse.tier.demotions}</td><td>counter</td><td>{@code tier}</td></tr>
 *     <tr><td>{@code pulse.tasks.live}</td><td>gauge</td><td>{@code tier}</td></tr>
 *     <tr><td>{@code pulse.carriers}</td><td>gauge</td><td>{@code pool} = main, isolation, extra</td></tr>
 *     <tr><td>{@code pulse.slow.queue.size}</td><td>gauge</td><td></td></tr>
 *     <tr><td>{@code pulse.adaptive.methods}, {@code pulse.adaptive.failures}</td><td>counter (JVM-wide,
 *         untagged; only when the agent runs with {@code adaptive=true})</td><td></td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Every meter but the two timers comes from {@link Metric}, the one description of what a
 * runtime publishes. Meters read the runtime's {@link PulseRuntime#recentMetrics()}, a snapshot reused for 100 ms,
 * so a scrape reads a consistent view and never blocks a carrier.
 *
 * {@snippet class=dev.pulse.micrometer.snippets.MicrometerSnippets region=bind}
 */
public final class PulseMeterBinder implements MeterBinder {

    /** The agent's adaptive-checkpoint MXBean ({@code dev.pulse.agent.AdaptiveCheckpoints.OBJECT_NAME}). */
    static final String ADAPTIVE_CHECKPOINTS = "dev.pulse:type=AdaptiveCheckpoints";

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
        // one meter per described metric (per tier where it has one value per tier)
        for (Metric metric : Metric.values()) {
            Tags metricTags = metric.tagKey() == null ? tags : tags.and(metric.tagKey(), metric.tagValue());
            if (metric.perTier()) {
                for (Tier tier : Tier.values()) {
                    register(registry, metric, metricTags.and("tier", tier.name()), m -> metric.valueOf(m, tier));
                }
            } else {
                register(registry, metric, metricTags, metric::valueOf);
            }
        }
        // the two timers combine two numbers each (count and total), so they are written out
        FunctionTimer.builder(
                        "pulse.poll.duration",
                        runtime,
                        r -> snapshot().polls().count(),
                        r -> snapshot().polls().totalNanos(),
                        TimeUnit.NANOSECONDS)
                .description("wall time of polls")
                .tags(tags)
                .register(registry);
        FunctionTimer.builder(
                        "pulse.scheduling.delay",
                        runtime,
                        r -> snapshot().polls().count(),
                        r -> snapshot().polls().delayTotalNanos(),
                        TimeUnit.NANOSECONDS)
                .description("time from ready to running")
                .tags(tags)
                .register(registry);
        bindAdaptiveCheckpoints(registry);
    }

    /**
     * Adaptive checkpoints belong to the agent and to the whole JVM, not to one runtime: their
     * counters are read from the agent's MXBean, when the agent runs with {@code adaptive=true},
     * so this module needs no dependency on the agent. One meter each per registry, untagged.
     */
    private static void bindAdaptiveCheckpoints(MeterRegistry registry) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try {
            name = new ObjectName(ADAPTIVE_CHECKPOINTS);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        if (!server.isRegistered(name)) {
            return;
        }
        FunctionCounter.builder("pulse.adaptive.methods", server, s -> attribute(s, name, "InstrumentedMethods"))
                .description("methods the agent gave checkpoints at run time (adaptive checkpoints), JVM-wide")
                .register(registry);
        FunctionCounter.builder("pulse.adaptive.failures", server, s -> attribute(s, name, "Failures"))
                .description("methods adaptive checkpoints left as they were: their class could not be retransformed")
                .register(registry);
    }

    private static double attribute(MBeanServer server, ObjectName name, String attribute) {
        try {
            return ((Number) server.getAttribute(name, attribute)).doubleValue();
        } catch (JMException e) { // the agent's MXBean is gone (uninstalled): no new counts
            return Double.NaN;
        }
    }

    private void register(MeterRegistry registry, Metric metric, Tags tags, ToLongFunction<PulseMetrics> value) {
        switch (metric.kind()) {
            case COUNTER -> counter(registry, metric.meterName(), metric.description(), tags, value);
            case GAUGE -> gauge(registry, metric.meterName(), metric.description(), tags, value::applyAsLong);
            case NANOS -> timeGauge(registry, metric.meterName(), metric.description(), tags, value::applyAsLong);
        }
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

    private void timeGauge(
            MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<PulseMetrics> nanos) {
        TimeGauge.builder(name, this, TimeUnit.NANOSECONDS, b -> nanos.applyAsDouble(b.snapshot()))
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
