package dev.pulse.metrics;

import dev.pulse.tier.Tier;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;

/**
 * The one description of every number a runtime publishes: its Micrometer meter (name, type,
 * tags), its JMX attribute, what it means, and how to read it from a {@link PulseMetrics}. The
 * Micrometer binder registers one meter per constant (per tier for {@link #perTier()} ones) and
 * {@code pulse top} reads the attributes it lists from here; the JMX interface, whose getters the
 * platform needs written out, is held to this list by a test. Adding a metric is a component of
 * one of {@link PulseMetrics}' groups plus a constant here, and a getter on {@link PulseRuntimeMXBean}.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=metric}
 */
public enum Metric {
    /** Polls run. */
    POLLS("pulse.polls", "Polls", "polls run", Kind.COUNTER, m -> m.polls().count()),
    /** Polls at or past the slow-poll threshold. */
    SLOW_POLLS(
            "pulse.polls.slow",
            "SlowPolls",
            "polls at or past the slow-poll threshold",
            Kind.COUNTER,
            m -> m.polls().slow()),
    /** Budgets run out at checkpoints. */
    BUDGET_EXHAUSTIONS(
            "pulse.budget.exhaustions",
            "BudgetExhaustions",
            "budgets run out at checkpoints",
            Kind.COUNTER,
            m -> m.interventions().budgetExhaustions()),
    /** Yields Pulse forced. */
    FORCED_YIELDS(
            "pulse.yields.forced",
            "ForcedYields",
            "yields Pulse forced",
            Kind.COUNTER,
            m -> m.interventions().forcedYields()),
    /** Carriers handed off by the watchdog. */
    HANDOFFS(
            "pulse.handoffs",
            "Handoffs",
            "carriers handed off by the watchdog",
            Kind.COUNTER,
            m -> m.interventions().handoffs()),
    /** Slow-task warnings emitted. */
    WARNINGS(
            "pulse.warnings",
            "Warnings",
            "slow-task warnings emitted",
            Kind.COUNTER,
            m -> m.interventions().warnings()),
    /** Slow-task warnings dropped by the rate limit. */
    SUPPRESSED_WARNINGS(
            "pulse.warnings.suppressed",
            "SuppressedWarnings",
            "slow-task warnings dropped by the rate limit",
            Kind.COUNTER,
            m -> m.interventions().suppressedWarnings()),
    /** Failures caught inside Pulse or hooks. */
    FAULTS("pulse.faults", "Faults", "failures caught inside Pulse or hooks", Kind.COUNTER, PulseMetrics::faults),
    /** Tasks waiting for their warning. */
    SLOW_QUEUE_SIZE(
            "pulse.slow.queue.size",
            "SlowQueueSize",
            "tasks waiting for their warning",
            Kind.GAUGE,
            m -> m.interventions().slowQueueSize()),
    /** Live main carriers, extra ones included. */
    MAIN_CARRIERS(
            "pulse.carriers",
            "pool",
            "main",
            "MainCarriers",
            "carrier threads",
            Kind.GAUGE,
            m -> m.carriers().main()),
    /** Live isolation carriers. */
    ISOLATION_CARRIERS(
            "pulse.carriers",
            "pool",
            "isolation",
            "IsolationCarriers",
            "carrier threads",
            Kind.GAUGE,
            m -> m.carriers().isolation()),
    /** Carriers added by handoffs and not yet retired. */
    EXTRA_CARRIERS(
            "pulse.carriers",
            "pool",
            "extra",
            "ExtraCarriers",
            "carrier threads",
            Kind.GAUGE,
            m -> m.carriers().extra()),
    /** The slow-poll threshold in force: a setting, published so dashboards can draw it. */
    SLOW_POLL_THRESHOLD(
            "pulse.polls.slow.threshold",
            "SlowPollThresholdNanos",
            "the slow-poll threshold in force",
            Kind.NANOS,
            m -> m.polls().slowThresholdNanos()),
    /** Median poll time. */
    POLL_P50(
            "pulse.poll.duration.percentile",
            "phi",
            "0.5",
            "PollP50Nanos",
            "poll time at a percentile",
            Kind.NANOS,
            m -> m.polls().p50Nanos()),
    /** 99th-percentile poll time. */
    POLL_P99(
            "pulse.poll.duration.percentile",
            "phi",
            "0.99",
            "PollP99Nanos",
            "poll time at a percentile",
            Kind.NANOS,
            m -> m.polls().p99Nanos()),
    /** Longest poll. */
    POLL_MAX(
            "pulse.poll.duration.percentile",
            "phi",
            "1.0",
            "PollMaxNanos",
            "poll time at a percentile",
            Kind.NANOS,
            m -> m.polls().maxNanos()),
    /** Median scheduling delay. */
    DELAY_P50(
            "pulse.scheduling.delay.percentile",
            "phi",
            "0.5",
            "DelayP50Nanos",
            "scheduling delay at a percentile",
            Kind.NANOS,
            m -> m.polls().delayP50Nanos()),
    /** 99th-percentile scheduling delay. */
    DELAY_P99(
            "pulse.scheduling.delay.percentile",
            "phi",
            "0.99",
            "DelayP99Nanos",
            "scheduling delay at a percentile",
            Kind.NANOS,
            m -> m.polls().delayP99Nanos()),
    /** Longest scheduling delay. */
    DELAY_MAX(
            "pulse.scheduling.delay.percentile",
            "phi",
            "1.0",
            "DelayMaxNanos",
            "scheduling delay at a percentile",
            Kind.NANOS,
            m -> m.polls().delayMaxNanos()),
    /** Promotions into each tier. */
    PROMOTIONS(
            "pulse.tier.promotions",
            "Promotions",
            "promotions into a tier",
            Kind.COUNTER,
            (m, t) -> m.tiers().promotions().get(t)),
    /** Demotions into each tier. */
    DEMOTIONS(
            "pulse.tier.demotions",
            "Demotions",
            "demotions into a tier",
            Kind.COUNTER,
            (m, t) -> m.tiers().demotions().get(t)),
    /** Live tasks in each tier. */
    LIVE_TASKS(
            "pulse.tasks.live",
            "LiveTasks",
            "live tasks in a tier",
            Kind.GAUGE,
            (m, t) -> m.tiers().live().get(t));

    /** How a metric behaves over time, which decides its meter type. */
    public enum Kind {
        /** Only grows: a Micrometer function counter. */
        COUNTER,
        /** Goes up and down: a gauge. */
        GAUGE,
        /** A duration in nanoseconds that goes up and down: a time gauge. */
        NANOS
    }

    private final String meterName;
    private final String tagKey;
    private final String tagValue;
    private final String attribute;
    private final String description;
    private final Kind kind;
    // method references and lambdas that capture nothing: immutable, whatever their declared type
    @SuppressWarnings("ImmutableEnumChecker")
    private final ToLongFunction<PulseMetrics> value;

    @SuppressWarnings("ImmutableEnumChecker")
    private final ToLongBiFunction<PulseMetrics, Tier> tierValue;

    Metric(String meterName, String attribute, String description, Kind kind, ToLongFunction<PulseMetrics> value) {
        this(meterName, null, null, attribute, description, kind, value, null);
    }

    Metric(
            String meterName,
            String tagKey,
            String tagValue,
            String attribute,
            String description,
            Kind kind,
            ToLongFunction<PulseMetrics> value) {
        this(meterName, tagKey, tagValue, attribute, description, kind, value, null);
    }

    Metric(
            String meterName,
            String attribute,
            String description,
            Kind kind,
            ToLongBiFunction<PulseMetrics, Tier> tierValue) {
        this(meterName, null, null, attribute, description, kind, null, tierValue);
    }

    Metric(
            String meterName,
            String tagKey,
            String tagValue,
            String attribute,
            String description,
            Kind kind,
            ToLongFunction<PulseMetrics> value,
            ToLongBiFunction<PulseMetrics, Tier> tierValue) {
        this.meterName = meterName;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
        this.attribute = attribute;
        this.description = description;
        this.kind = kind;
        this.value = value;
        this.tierValue = tierValue;
    }

    /**
     * The Micrometer meter name, for example {@code pulse.polls}.
     *
     * @return the name
     */
    public String meterName() {
        return meterName;
    }

    /**
     * The tag that sets this metric apart from others of the same meter name (such as {@code
     * pool=main}), or {@code null} for none.
     *
     * @return the tag's key, or {@code null}
     */
    public String tagKey() {
        return tagKey;
    }

    /**
     * The tag's value, or {@code null} when {@link #tagKey()} is.
     *
     * @return the value, or {@code null}
     */
    public String tagValue() {
        return tagValue;
    }

    /**
     * The JMX attribute of {@link PulseRuntimeMXBean}, for example {@code Polls}.
     *
     * @return the attribute's name
     */
    public String attribute() {
        return attribute;
    }

    /**
     * What the metric counts or measures, in a few words.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Counter, gauge or duration.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Says whether the metric has one value per {@link Tier} (a {@code tier} tag, a map in JMX).
     *
     * @return {@code true} for per-tier metrics
     */
    public boolean perTier() {
        return tierValue != null;
    }

    /**
     * The metric's value in a snapshot.
     *
     * @param metrics the snapshot
     * @return the value
     * @throws IllegalStateException for a {@link #perTier()} metric
     */
    public long valueOf(PulseMetrics metrics) {
        if (value == null) {
            throw new IllegalStateException(this + " has one value per tier");
        }
        return value.applyAsLong(metrics);
    }

    /**
     * The metric's value for one tier in a snapshot.
     *
     * @param metrics the snapshot
     * @param tier the tier
     * @return the value
     * @throws IllegalStateException for a metric that is not {@link #perTier()}
     */
    public long valueOf(PulseMetrics metrics, Tier tier) {
        if (tierValue == null) {
            throw new IllegalStateException(this + " has one value, not one per tier");
        }
        return tierValue.applyAsLong(metrics, tier);
    }
}
