package dev.pulse.metrics;

/**
 * What Pulse did to a runtime's tasks: budgets it ran out, yields it forced, carriers it handed
 * off and warnings it gave. All are totals since the runtime started except {@link
 * #slowQueueSize()}, a gauge.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=interventions}
 *
 * @param budgetExhaustions times a task's budget ran out at a checkpoint
 * @param forcedYields yields Pulse forced
 * @param handoffs carriers handed off by the watchdog, in either pool
 * @param warnings warnings emitted (JFR event and log line)
 * @param suppressedWarnings warnings dropped by the rate limit
 * @param slowQueueSize tasks waiting for their warning
 */
public record Interventions(
        long budgetExhaustions,
        long forcedYields,
        long handoffs,
        long warnings,
        long suppressedWarnings,
        int slowQueueSize) {

    /**
     * The interventions between {@code earlier} and these; the queue as it is now.
     *
     * @param earlier an earlier reading of the same runtime
     * @return the interval's counts
     */
    public Interventions since(Interventions earlier) {
        return new Interventions(
                budgetExhaustions - earlier.budgetExhaustions,
                forcedYields - earlier.forcedYields,
                handoffs - earlier.handoffs,
                warnings - earlier.warnings,
                suppressedWarnings - earlier.suppressedWarnings,
                slowQueueSize);
    }
}
