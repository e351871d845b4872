package dev.pulse.tracking;

import dev.pulse.budget.TaskBudget;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's record of one task: the read-only {@link TaskState} users see, plus its {@link
 * TaskBudget} (which holds the tier) and the evidence the {@link TierManager} weighs. Internal:
 * only the scheduler and the tier manager hold it as this type.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=taskstate}
 */
public final class TrackedTask implements TaskState {
    /*
     * Implementation notes (see docs/ARCHITECTURE.md, "Who writes what")
     *
     * Statistics live in one long[] accessed through one array VarHandle with opaque mode
     * [Relaxed]: readers on any thread tolerate a value a poll old, and nothing on the poll path
     * pays a fence. Most statistics have one writer at a time: the carrier running the task's
     * poll bookkeeping (the scheduler serialises a task's polls). Two have a second writer, the
     * watchdog: LAST_SLOW_POLL_NANOS (observeLongPoll) and TIER_SINCE (any tier change). Both are
     * plain overwrites, never read-modify-write, so a race loses no count: the later store wins,
     * and either value is a true recent one (TIER_SINCE may be a few microseconds early, which
     * only shortens a dwell by as much).
     *
     * Evidence fields (consecutiveSlow ... sliceObservedInPoll) are plain: only the serialised
     * poll-side writer reads or writes them. The one flag another thread touches, queued (the
     * watchdog clears it when it takes the task off the slow queue), is CAS'd through QUEUED.
     * The tier itself lives in the budget and is CAS'd there.
     */
    private static final VarHandle STATS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(TrackedTask.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int POLLS = 0;
    static final int SLOW_POLLS = 1;
    static final int POLL_NANOS = 2;
    static final int MAX_POLL_NANOS = 3;
    static final int CPU_NANOS = 4;
    static final int DELAY_NANOS = 5;
    static final int MAX_DELAY_NANOS = 6;
    static final int FORCED_YIELDS = 7;
    static final int EXHAUSTIONS = 8;
    static final int TIER_SINCE = 9;
    static final int LAST_SLOW_POLL_NANOS = 10;
    private static final int STAT_COUNT = 11;

    private final long id;
    private final String name;
    private final Thread thread;
    private final TaskBudget budget;
    private final long[] stats = new long[STAT_COUNT];

    // Evidence: plain, serialised writer only.
    int consecutiveSlow;
    int consecutiveGood;
    long lastPollEndNanos;
    long windowStartNanos;
    long windowCpuNanos;
    boolean lastWindowHot;
    boolean sliceObservedInPoll;

    // The links of TaskRegistry's list: guarded by the stripe's monitor. registered is written
    // under it too; pollSlowTask reads it without the lock, and a stale value there only decides
    // whether a task that has just ended still gets its warning, so a volatile write's fence on
    // every thread's start and end would buy nothing.
    TrackedTask registryPrev;
    TrackedTask registryNext;
    boolean registered;

    /** In the manager's slow queue. CAS through QUEUED. */
    @SuppressWarnings("unused")
    private boolean queued;

    /**
     * Creates the state of one task at tier {@link Tier#MONITOR}.
     *
     * @param id the task's id (a virtual thread's {@link Thread#threadId()})
     * @param name the task's name; may be empty
     * @param thread the task's thread, or {@code null} for a task that is not a thread
     * @param budget the task's budget; its tier code is set to {@link Tier#MONITOR}
     * @param nowNanos the current time, which starts the first CPU window
     */
    public TrackedTask(long id, String name, Thread thread, TaskBudget budget, long nowNanos) {
        this.id = id;
        this.name = name == null ? "" : name;
        this.thread = thread;
        this.budget = budget;
        this.windowStartNanos = nowNanos;
        this.lastPollEndNanos = nowNanos;
        budget.setTier(Tier.MONITOR.ordinal());
        STATS.setOpaque(stats, TIER_SINCE, nowNanos);
    }

    /**
     * The task's id.
     *
     * @return the id
     */
    @Override
    public long id() {
        return id;
    }

    /**
     * The task's name.
     *
     * @return the name, possibly empty
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * The task's thread.
     *
     * @return the thread, or {@code null} if the task is not a thread
     */
    @Override
    public Thread thread() {
        return thread;
    }

    /**
     * The task's budget.
     *
     * @return the budget
     */
    public TaskBudget budget() {
        return budget;
    }

    /**
     * The task's tier (acquire).
     *
     * @return the tier
     */
    @Override
    public Tier tier() {
        return Tier.ofCode(budget.tier());
    }

    /**
     * Polls run so far.
     *
     * @return the count
     */
    @Override
    public long polls() {
        return stat(POLLS);
    }

    /**
     * Polls that lasted at least the policy's slow-poll threshold.
     *
     * @return the count
     */
    @Override
    public long slowPolls() {
        return stat(SLOW_POLLS);
    }

    /**
     * Wall time spent in polls.
     *
     * @return nanoseconds
     */
    @Override
    public long pollNanos() {
        return stat(POLL_NANOS);
    }

    /**
     * The longest poll.
     *
     * @return nanoseconds
     */
    @Override
    public long maxPollNanos() {
        return stat(MAX_POLL_NANOS);
    }

    /**
     * The length of the last slow poll.
     *
     * @return nanoseconds, 0 if none was slow
     */
    @Override
    public long lastSlowPollNanos() {
        return stat(LAST_SLOW_POLL_NANOS);
    }

    /**
     * CPU time attributed to the task (see the scheduler's attribution rule).
     *
     * @return nanoseconds
     */
    @Override
    public long cpuNanos() {
        return stat(CPU_NANOS);
    }

    /**
     * Total scheduling delay: time between becoming ready and starting to run.
     *
     * @return nanoseconds
     */
    @Override
    public long delayNanos() {
        return stat(DELAY_NANOS);
    }

    /**
     * The longest scheduling delay.
     *
     * @return nanoseconds
     */
    @Override
    public long maxDelayNanos() {
        return stat(MAX_DELAY_NANOS);
    }

    /**
     * Yields Pulse forced on the task.
     *
     * @return the count
     */
    @Override
    public long forcedYields() {
        return stat(FORCED_YIELDS);
    }

    /**
     * Times the task's budget ran out.
     *
     * @return the count
     */
    @Override
    public long budgetExhaustions() {
        return stat(EXHAUSTIONS);
    }

    /**
     * When the task entered its current tier.
     *
     * @return nanoseconds on the manager's clock
     */
    @Override
    public long tierSinceNanos() {
        return stat(TIER_SINCE);
    }

    @Override
    public String toString() {
        return "TrackedTask[id=" + id + ", name=" + name + ", tier=" + tier() + ", polls=" + polls() + "]";
    }

    long stat(int index) {
        return (long) STATS.getOpaque(stats, index);
    }

    void add(int index, long delta) {
        STATS.setOpaque(stats, index, (long) STATS.getOpaque(stats, index) + delta);
    }

    void max(int index, long value) {
        if (value > (long) STATS.getOpaque(stats, index)) {
            STATS.setOpaque(stats, index, value);
        }
    }

    void set(int index, long value) {
        STATS.setOpaque(stats, index, value);
    }

    boolean markQueued() {
        return QUEUED.compareAndSet(this, false, true);
    }

    void clearQueued() {
        QUEUED.setRelease(this, false);
    }
}
