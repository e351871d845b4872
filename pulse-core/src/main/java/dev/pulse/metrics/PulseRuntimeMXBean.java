package dev.pulse.metrics;

import java.util.List;
import java.util.Map;

/**
 * A Pulse runtime over JMX: registered as {@code dev.pulse:type=PulseRuntime,name=<name>} while the
 * runtime runs. Every attribute comes from one {@link PulseMetrics} snapshot; reads within 100 ms
 * of each other share a snapshot, so a JMX client reading all attributes sees one consistent view.
 * Attributes use open types only (numbers, strings, maps, composite task rows), so any JMX client
 * reads them without Pulse's classes.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=jmx}
 */
public interface PulseRuntimeMXBean {

    /**
     * The runtime's name.
     *
     * @return the name
     */
    String getName();

    /**
     * Whether Pulse's interventions are on.
     *
     * @return {@code true} if enabled
     */
    boolean isEnabled();

    /**
     * Polls run.
     *
     * @return the count
     */
    long getPolls();

    /**
     * Polls at or past the slow-poll threshold.
     *
     * @return the count
     */
    long getSlowPolls();

    /**
     * The slow-poll threshold.
     *
     * @return nanoseconds
     */
    long getSlowPollThresholdNanos();

    /**
     * Median poll time.
     *
     * @return nanoseconds
     */
    long getPollP50Nanos();

    /**
     * 99th-percentile poll time.
     *
     * @return nanoseconds
     */
    long getPollP99Nanos();

    /**
     * Longest poll.
     *
     * @return nanoseconds
     */
    long getPollMaxNanos();

    /**
     * Median scheduling delay.
     *
     * @return nanoseconds
     */
    long getDelayP50Nanos();

    /**
     * 99th-percentile scheduling delay.
     *
     * @return nanoseconds
     */
    long getDelayP99Nanos();

    /**
     * Longest scheduling delay.
     *
     * @return nanoseconds
     */
    long getDelayMaxNanos();

    /**
     * Budget exhaustions.
     *
     * @return the count
     */
    long getBudgetExhaustions();

    /**
     * Forced yields.
     *
     * @return the count
     */
    long getForcedYields();

    /**
     * Promotions into each tier.
     *
     * @return tier name to count
     */
    Map<String, Long> getPromotions();

    /**
     * Demotions into each tier.
     *
     * @return tier name to count
     */
    Map<String, Long> getDemotions();

    /**
     * Handoffs.
     *
     * @return the count
     */
    long getHandoffs();

    /**
     * Slow-task warnings emitted.
     *
     * @return the count
     */
    long getWarnings();

    /**
     * Slow-task warnings dropped by the rate limit ({@code warnInterval}).
     *
     * @return the count
     */
    long getSuppressedWarnings();

    /**
     * Tasks waiting for their warning.
     *
     * @return the count
     */
    int getSlowQueueSize();

    /**
     * Live tasks per tier.
     *
     * @return tier name to count
     */
    Map<String, Integer> getLiveTasks();

    /**
     * Live main carriers.
     *
     * @return the count
     */
    int getMainCarriers();

    /**
     * Live isolation carriers.
     *
     * @return the count
     */
    int getIsolationCarriers();

    /**
     * Main carriers added by handoffs and not yet retired.
     *
     * @return the count
     */
    int getExtraCarriers();

    /**
     * Failures caught inside Pulse or user hooks.
     *
     * @return the count
     */
    long getFaults();

    /**
     * The busiest live tasks by CPU time, busiest first.
     *
     * @return up to {@link PulseMetrics#TOP_TASKS} rows
     */
    List<TaskSnapshot> getTopTasks();
}
