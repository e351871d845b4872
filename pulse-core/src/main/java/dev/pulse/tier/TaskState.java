package dev.pulse.tier;

/**
 * What Pulse knows about one task, read-only: its identity, its tier and its poll statistics.
 * {@link dev.pulse.hooks.PreemptionHooks} receive it, the busiest-task ranking of {@link
 * dev.pulse.metrics.PulseMetrics} is built from it, and {@code PulseRuntime.tasks()} lists one per
 * live task. Only the runtime implements it.
 *
 * <p><b>Threading.</b> Any thread may read it. Statistics are written by the carrier that ran the
 * task's last poll and read without locks, so a reader may see them a poll behind; the tier is
 * read with acquire, so a reader that sees a tier also sees what led to it.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=taskstate}
 */
public interface TaskState {

    /**
     * The task's id.
     *
     * @return the id
     */
    long id();

    /**
     * The task's name.
     *
     * @return the name, possibly empty
     */
    String name();

    /**
     * The task's thread.
     *
     * @return the thread, or {@code null} if the task is not a thread
     */
    Thread thread();

    /**
     * The task's tier (acquire).
     *
     * @return the tier
     */
    Tier tier();

    /**
     * Polls run so far.
     *
     * @return the count
     */
    long polls();

    /**
     * Polls that lasted at least the policy's slow-poll threshold.
     *
     * @return the count
     */
    long slowPolls();

    /**
     * Wall time spent in polls.
     *
     * @return nanoseconds
     */
    long pollNanos();

    /**
     * The longest poll.
     *
     * @return nanoseconds
     */
    long maxPollNanos();

    /**
     * The length of the last slow poll.
     *
     * @return nanoseconds, 0 if none was slow
     */
    long lastSlowPollNanos();

    /**
     * CPU time attributed to the task (see the scheduler's attribution rule).
     *
     * @return nanoseconds
     */
    long cpuNanos();

    /**
     * Total scheduling delay: time between becoming ready and starting to run. An estimate: the
     * scheduler times every wake-up the tier policy needs and one in eight of the others, and
     * counts each of those eight times (Go's runtime samples its scheduling latency the same
     * way).
     *
     * @return nanoseconds
     */
    long delayNanos();

    /**
     * The longest scheduling delay timed (see {@link #delayNanos()}: not every wake-up is).
     *
     * @return nanoseconds
     */
    long maxDelayNanos();

    /**
     * Yields Pulse forced on the task.
     *
     * @return the count
     */
    long forcedYields();

    /**
     * Times the task's budget ran out.
     *
     * @return the count
     */
    long budgetExhaustions();

    /**
     * When the task entered its current tier.
     *
     * @return nanoseconds on the manager's clock
     */
    long tierSinceNanos();
}
