package dev.pulse.metrics;

import dev.pulse.tier.TaskState;

/**
 * One task's figures at a moment, for the busiest-tasks list of {@link PulseMetrics} and for JMX
 * (its getters map to an open-type composite, so JMX clients read it without Pulse's classes).
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=tasks}
 */
public final class TaskSnapshot {
    private final long id;
    private final String name;
    private final String tier;
    private final long polls;
    private final long cpuNanos;
    private final long pollNanos;
    private final long maxPollNanos;
    private final long maxDelayNanos;
    private final long forcedYields;
    private final long runningPollNanos;

    /**
     * Copies a task's figures.
     *
     * @param task the task
     * @param runningPollNanos CPU time of its poll in progress, 0 if it is not running
     */
    public TaskSnapshot(TaskState task, long runningPollNanos) {
        this.runningPollNanos = Math.max(0, runningPollNanos);
        this.id = task.id();
        this.name = task.name();
        this.tier = task.tier().name();
        this.polls = task.polls();
        this.cpuNanos = task.cpuNanos();
        this.pollNanos = task.pollNanos();
        this.maxPollNanos = task.maxPollNanos();
        this.maxDelayNanos = task.maxDelayNanos();
        this.forcedYields = task.forcedYields();
    }

    /**
     * The task's id.
     *
     * @return the id
     */
    public long getId() {
        return id;
    }

    /**
     * The task's name.
     *
     * @return the name, possibly empty
     */
    public String getName() {
        return name;
    }

    /**
     * The task's tier.
     *
     * @return MONITOR, WARN, YIELD or ISOLATE
     */
    public String getTier() {
        return tier;
    }

    /**
     * Polls run.
     *
     * @return the count
     */
    public long getPolls() {
        return polls;
    }

    /**
     * CPU time attributed.
     *
     * @return nanoseconds
     */
    public long getCpuNanos() {
        return cpuNanos;
    }

    /**
     * Wall time in polls.
     *
     * @return nanoseconds
     */
    public long getPollNanos() {
        return pollNanos;
    }

    /**
     * The longest poll.
     *
     * @return nanoseconds
     */
    public long getMaxPollNanos() {
        return maxPollNanos;
    }

    /**
     * The longest scheduling delay.
     *
     * @return nanoseconds
     */
    public long getMaxDelayNanos() {
        return maxDelayNanos;
    }

    /**
     * Yields Pulse forced.
     *
     * @return the count
     */
    public long getForcedYields() {
        return forcedYields;
    }

    /**
     * CPU time of the task's poll in progress, read from its carrier's CPU clock (wall time if no
     * CPU timer is available). A task stuck in one long poll (a loop with no checkpoint) has its
     * CPU attributed only when the poll ends; this shows it now, and a poll blocked without using
     * CPU adds nothing.
     *
     * @return nanoseconds, 0 if the task is not running
     */
    public long getRunningPollNanos() {
        return runningPollNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskSnapshot t
                && id == t.id
                && name.equals(t.name)
                && tier.equals(t.tier)
                && polls == t.polls
                && cpuNanos == t.cpuNanos
                && pollNanos == t.pollNanos
                && maxPollNanos == t.maxPollNanos
                && maxDelayNanos == t.maxDelayNanos
                && forcedYields == t.forcedYields
                && runningPollNanos == t.runningPollNanos;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, name, tier, polls, cpuNanos, runningPollNanos);
    }

    @Override
    public String toString() {
        return "TaskSnapshot[id=" + id + ", name=" + name + ", tier=" + tier + ", cpuNanos=" + cpuNanos + "]";
    }
}
